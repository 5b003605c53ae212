#!/usr/bin/env bash
# CI check: three replicas on loopback behind a real nginx (Debian's package, installed here if missing,
# configured by this script) behave as one service:
#   1. every replica gives the same answer and the same ETag for the same request (and so does nginx);
#   2. one replica killed (SIGKILL) under load: 0 failed client requests — nginx retries the idempotent
#      GETs on the next upstream;
#   3. a catalogue update rolled replica by replica (data changed, SIGHUP, ready on the new version, then
#      the next): every response names its version, header and body agree within each response, and only
#      the old and the new version are seen.
# Figures are printed (requests, failures, versions seen). Bounded by time: REPLICAS_LOAD_SECONDS (6)
# of load in phase 2, and phase 3 runs as long as the roll takes; run longer with REPLICAS_LOAD_SECONDS=60.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
load_seconds="${REPLICAS_LOAD_SECONDS:-6}"

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  echo "-- apt-get install nginx-light wrk (Debian's packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  command -v nginx >/dev/null || apt-get install -y -qq nginx-light >/dev/null
  command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
fi
cargo build --locked -q --bin breakeven
bin="$PWD/target/debug/breakeven"

WORK="$PWD/target/ci-replicas"
rm -rf "$WORK"
mkdir -p "$WORK/logs"
pids=()
nginx_pid=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
front=$(free_port)
ports=()
for i in 0 1 2; do
  ports+=("$(free_port)")
  cp -r pricing-data "$WORK/data-$i"
done

start_replica() { # index
  local i=$1
  "$bin" --addr "127.0.0.1:${ports[$i]}" --data-dir "$WORK/data-$i" >>"$WORK/logs/replica-$i.log" 2>&1 &
  pids[$i]=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:${ports[$i]}/readyz" >/dev/null && return 0
    sleep 0.1
  done
  echo "replica $i did not become ready" >&2
  cat "$WORK/logs/replica-$i.log" >&2
  exit 1
}
for i in 0 1 2; do start_replica "$i"; done

cat >"$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp-body;
  proxy_temp_path $WORK/tmp-proxy;
  fastcgi_temp_path $WORK/tmp-fastcgi;
  uwsgi_temp_path $WORK/tmp-uwsgi;
  scgi_temp_path $WORK/tmp-scgi;
  upstream breakeven {
    server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=10s;
    server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=10s;
    server 127.0.0.1:${ports[2]} max_fails=1 fail_timeout=10s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$front;
    location / {
      proxy_pass http://breakeven;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # A replica that goes away: the request (GETs only; POSTs are never retried) goes to the next.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 1s;
    }
  }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$front/readyz" >/dev/null && break; sleep 0.1; done

path="/v1/comparisons?template=team-im&users=137&market=china"
echo "-- 1. the same request to each replica and through nginx"
for target in "${ports[@]}" "$front"; do
  curl -fsS -D "$WORK/h-$target" -o "$WORK/b-$target" "http://127.0.0.1:$target$path"
  echo "$(sha256sum <"$WORK/b-$target" | cut -c1-16) $(grep -i '^etag:' "$WORK/h-$target" | tr -d '\r')"
done | tee "$WORK/answers.txt"
if [ "$(sort -u "$WORK/answers.txt" | wc -l)" -ne 1 ]; then
  echo "replicas-check: the replicas disagree" >&2
  exit 1
fi
echo "-- the same body and ETag from 3 replicas and from nginx"

echo "-- 2. ${load_seconds} s of load through nginx (2 threads, 16 connections); replica 1 is killed after 2 s"
wrk -t2 -c16 -d"${load_seconds}s" "http://127.0.0.1:$front$path" >"$WORK/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 2
kill -KILL "${pids[1]}"
wait "$wrk_pid"
cat "$WORK/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
non2xx=$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' "$WORK/wrk.txt")
socket_errors=$(awk '/Socket errors/ {print $0}' "$WORK/wrk.txt")
echo "-- load: $requests requests, ${non2xx:-0} non-2xx, socket errors: ${socket_errors:-none}"
if [ -n "$non2xx" ] || [ -n "$socket_errors" ] || [ -z "$requests" ]; then
  echo "replicas-check: requests failed while a replica went away" >&2
  exit 1
fi
start_replica 1

echo "-- 3. a catalogue update rolled replica by replica, under load"
old=$(curl -fs "http://127.0.0.1:${ports[0]}/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["catalog_version"])')
python3 - "$front" "$path" "$WORK/roll.done" "$WORK/roll.json" <<'PY' &
import http.client, json, os, sys, threading
front, path, done, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
lock = threading.Lock()
seen, counts = {}, {"requests": 0, "failed": 0, "unnamed": 0, "mixed": 0}
def client():
    conn = http.client.HTTPConnection("127.0.0.1", front, timeout=10)
    while not os.path.exists(done):
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            header = r.getheader("X-Catalog-Version")
            version = json.loads(body).get("catalog_version") if r.status == 200 else None
        except Exception:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", front, timeout=10)
            with lock:
                counts["requests"] += 1
                counts["failed"] += 1
            continue
        with lock:
            counts["requests"] += 1
            if r.status != 200:
                counts["failed"] += 1
            elif not header or not version:
                counts["unnamed"] += 1
            elif header != version:
                counts["mixed"] += 1
            else:
                seen[version] = seen.get(version, 0) + 1
threads = [threading.Thread(target=client) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"counts": counts, "versions": seen}, open(out, "w"))
PY
client_pid=$!
sleep 1
for i in 0 1 2; do
  # The update: one attribute file's title changes, so the catalogue's content hash does.
  sed -i 's/"title": "Attributes of on-premises hardware/"title": "Attributes of owned hardware/' \
    "$WORK/data-$i/attributes/hardware.json"
  kill -HUP "${pids[$i]}"
  for _ in $(seq 1 100); do
    now=$(curl -fs "http://127.0.0.1:${ports[$i]}/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["catalog_version"])')
    [ "$now" != "$old" ] && break
    sleep 0.1
  done
  echo "-- replica $i: $old -> $now"
  sleep 1
done
new=$now
touch "$WORK/roll.done"
wait "$client_pid"
python3 - "$WORK/roll.json" "$old" "$new" <<'PY'
import json, sys
result, old, new = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
c, v = result["counts"], result["versions"]
print(f"-- roll: {c['requests']} requests, {c['failed']} failed, {c['unnamed']} without a version, "
      f"{c['mixed']} with header and body on different versions; versions seen: {v}")
assert c["failed"] == 0 and c["unnamed"] == 0 and c["mixed"] == 0, c
assert set(v) <= {old, new} and old != new, (v, old, new)
assert v.get(new, 0) > 0, "the new version was served"
PY
echo "-- replicas check passed in $((SECONDS - start)) s"
