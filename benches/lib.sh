# Shared by benches/soak.sh and benches/load.sh (sourced, not run): install wrk, start the binary on a
# free loopback port and wait until it answers, and stop it again on exit.
# The caller has `set -euo pipefail` and is at the repository root.

# bench_install_wrk: Debian's wrk, with apt-get, when it is missing.
bench_install_wrk() {
    command -v wrk >/dev/null 2>&1 && return 0
    echo "== installing wrk (apt-get)"
    local sudo_cmd=""
    if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
}

# bench_start_server BINARY DATA_DIR: serves on 127.0.0.1:<free port>; sets work (a temp dir, the
# server's log in work/server.log), server (its pid), port and base; stops it and removes work on exit.
bench_start_server() {
    binary="$1"
    work="$(mktemp -d)"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    "$binary" serve --addr "127.0.0.1:$port" --data-dir "$2" --log warn 2>"$work/server.log" &
    server=$!
    trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
    base="http://127.0.0.1:$port"
    # The binary's own probe (no curl needed); it binds only once the catalogue is loaded.
    for _ in $(seq 1 100); do
        "$binary" healthcheck --addr "127.0.0.1:$port" 2>/dev/null && break
        sleep 0.1
    done
    "$binary" healthcheck --addr "127.0.0.1:$port"
}
