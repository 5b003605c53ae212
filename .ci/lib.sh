# Shared by the .ci/*-check.sh scripts (sourced, not run): build the binary, start it on a free
# loopback port with the bundled pricing-data, wait for /readyz, and always stop it again.
# The caller has `set -euo pipefail` and is at the repository root.

ARTIFACTS="${ARTIFACTS:-target/ci-artifacts}"
mkdir -p "$ARTIFACTS"

ci_build() {
  echo "-- cargo build --locked"
  cargo build --locked -q
  BIN="${CARGO_TARGET_DIR:-target}/debug/breakeven"
  test -x "$BIN" || { echo "no binary at $BIN" >&2; return 1; }
}

ci_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

SERVER_PID=""

ci_stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# ci_start_server NAME: serves on 127.0.0.1:<free port> (CI_SERVER_HOST=127.0.0.2 etc. picks another
# loopback address), log in $ARTIFACTS/NAME-server.log; sets SERVER_PID, PORT and BASE_URL, and stops
# the server on exit (trap).
ci_start_server() {
  local name="$1" host="${CI_SERVER_HOST:-127.0.0.1}" log
  log="$ARTIFACTS/$1-server.log"
  case "$host" in 127.*) ;; *) echo "CI_SERVER_HOST must be a loopback address, not $host" >&2; return 1 ;; esac
  PORT="$(ci_free_port)"
  BASE_URL="http://$host:$PORT"
  trap ci_stop_server EXIT
  trap 'exit 130' INT TERM
  # Defaults only: no API keys, no CORS, whatever the calling environment says.
  env $(env | sed -n 's/^\(BREAKEVEN_[A-Z_]*\)=.*/-u \1/p') \
    "$BIN" serve --addr "$host:$PORT" --data-dir pricing-data --log info >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "$name: the server exited before it was ready; its log:" >&2
      cat "$log" >&2
      return 1
    fi
    if curl -fsS --max-time 2 "$BASE_URL/readyz" >/dev/null 2>&1; then
      echo "-- server ready at $BASE_URL (pid $SERVER_PID): $(curl -fsS "$BASE_URL/readyz")"
      return 0
    fi
    sleep 0.2
  done
  echo "$name: $BASE_URL/readyz did not answer within 60 s; server log:" >&2
  cat "$log" >&2
  return 1
}

# ci_browser NAME: Debian's Chromium (installed when missing), Node.js >= 20 and the pinned
# playwright-core and axe-core of .ci/browser (npm ci; neither fetches a browser: never
# `npx playwright install`).
ci_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "-- apt-get install chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  fi
  echo "-- $(/usr/bin/chromium --version 2>/dev/null)"
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$node_major" -lt 20 ]; then
    echo "$1: needs Node.js >= 20 (playwright-core); found $(node --version 2>/dev/null || echo none)" >&2
    return 1
  fi
  echo "-- npm ci (.ci/browser)"
  (cd .ci/browser && npm ci --no-audit --no-fund --loglevel=error)
}
