#!/usr/bin/env bash
# Soak: hold the server at full load over a mix of endpoints and report requests, non-2xx responses,
# p50/p99 latency and the server's RSS after warm-up and at the end.
#
#   bash benches/soak.sh [SECONDS]        # default 60 s after a 10 s warm-up, release build
#
# Environment: SOAK_DURATION (s, default 60; the first argument wins), SOAK_WARMUP (s, 10),
# SOAK_CONNECTIONS (32), SOAK_THREADS (2), SOAK_PROFILE (`release`, or `dev` to reuse the debug binary
# `cargo test` built: the bounded CI smoke), SOAK_DATA_DIR (pricing-data).
# The load tool is wrk (Debian's package), installed here with apt-get when missing.
# Exit status: non-zero when any response was not 2xx or any socket error happened.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${1:-${SOAK_DURATION:-60}}"
warmup="${SOAK_WARMUP:-10}"
connections="${SOAK_CONNECTIONS:-32}"
threads="${SOAK_THREADS:-2}"
profile="${SOAK_PROFILE:-release}"
data_dir="${SOAK_DATA_DIR:-pricing-data}"

source benches/lib.sh
bench_install_wrk

if [ "$profile" = release ]; then
    echo "== cargo build --release"
    cargo build --release --locked -q
    binary=target/release/breakeven
else
    cargo build --locked -q
    binary=target/debug/breakeven
fi

bench_start_server "$binary" "$data_dir"

# The mix: liveness, catalogue, offerings, comparisons by template with varying users (CSV too), the
# single-number form, and POST comparisons with a scenario body. Users cycle through 500 values, so the
# comparison cache fills during the warm-up and then holds steady.
body="$(python3 -c 'import json,sys; print(json.dumps(json.load(open("examples/smb-im-50-users.json"))))')"
cat >"$work/mix.lua" <<LUA
local body = [==[$body]==]
local counter = 0
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    non2xx = 0
end

request = function()
    counter = counter + 1
    local users = 5 + (counter * 7) % 500
    local k = counter % 8
    if k == 0 then return wrk.format("GET", "/healthz") end
    if k == 1 then return wrk.format("GET", "/v1/catalog") end
    if k == 2 then return wrk.format("GET", "/v1/offerings?category=compute&limit=50") end
    if k == 3 then return wrk.format("GET", "/v1/comparisons?template=team-im&users=" .. users) end
    if k == 4 then return wrk.format("GET", "/v1/comparisons?template=team-im&users=" .. users .. "&format=csv&view=yearly") end
    if k == 5 then return wrk.format("GET", "/v1/comparisons/value?template=team-im&users=" .. users .. "&option=1&metric=npv") end
    if k == 6 then return wrk.format("GET", "/v1/offerings?limit=200") end
    return wrk.format("POST", "/v1/comparisons", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
    if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests)
    local bad = 0
    for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
    local e = summary.errors
    io.write(string.format("SOAK requests=%d non2xx=%d socket_errors=%d p50_ms=%.2f p99_ms=%.2f rps=%.0f\n",
        summary.requests, bad, e.connect + e.read + e.write + e.timeout,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests / (summary.duration / 1e6)))
end
LUA

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }

echo "== warm-up: ${warmup} s, $connections connections"
wrk -t "$threads" -c "$connections" -d "${warmup}s" -s "$work/mix.lua" "$base" >"$work/warmup.txt"
rss_start="$(rss_kib)"
echo "== soak: ${duration} s, $connections connections, $threads threads ($profile build)"
wrk -t "$threads" -c "$connections" -d "${duration}s" --latency -s "$work/mix.lua" "$base" | tee "$work/soak.txt"
rss_end="$(rss_kib)"
line="$(grep '^SOAK ' "$work/soak.txt")"
growth="$(python3 -c "print(f'{($rss_end - $rss_start) * 100 / $rss_start:+.1f}')")"
echo
echo "== result"
echo "$line rss_start_mib=$((rss_start / 1024)) rss_end_mib=$((rss_end / 1024)) rss_growth_pct=$growth"
non2xx="$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$line")"
socket_errors="$(sed -E 's/.*socket_errors=([0-9]+).*/\1/' <<<"$line")"
if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ]; then
    echo "soak: $non2xx non-2xx responses, $socket_errors socket errors (server log: tail follows)" >&2
    tail -20 "$work/server.log" >&2 || true
    exit 1
fi
