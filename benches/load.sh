#!/usr/bin/env bash
# Load benchmark: requests per second of the main read paths, each as a ratio to GET /healthz measured
# back to back on the same server in the same run (absolute req/s depend on the machine; ratios less so).
#
#   bash benches/load.sh                 # 10 s a phase, 2 wrk threads, 16 connections, release build
#
# Environment: LOAD_SECONDS (10), LOAD_CONNECTIONS (16), LOAD_THREADS (2), LOAD_DATA_DIR (pricing-data).
# The load tool is wrk (Debian's package), installed here with apt-get when missing. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${LOAD_SECONDS:-10}"
connections="${LOAD_CONNECTIONS:-16}"
threads="${LOAD_THREADS:-2}"
data_dir="${LOAD_DATA_DIR:-pricing-data}"

source benches/lib.sh
bench_install_wrk

echo "== cargo build --release"
cargo build --release --locked -q
binary=target/release/breakeven

bench_start_server "$binary" "$data_dir"

# A different scenario on every request: each wrk thread walks its own stretch of team-im's users range
# (5 to 100,000), so no two requests in a phase ask the same comparison.
varying() {
    cat >"$work/$1.lua" <<LUA
local next_id = 0
function setup(thread)
    thread:set("offset", next_id * 50000)
    next_id = next_id + 1
end
local counter = 0
request = function()
    counter = counter + 1
    local users = 5 + (offset + counter) % 99995
    return wrk.format("GET", "$2" .. users .. "$3")
end
LUA
    echo "$work/$1.lua"
}

# phase NAME PATH [LUA]: prints "NAME req/s non2xx"
phase() {
    local name="$1" path="$2" script="${3:-}"
    local args=(-t"$threads" -c"$connections" -d"${seconds}s" --latency)
    [ -n "$script" ] && args+=(-s "$script")
    local out
    out="$(wrk "${args[@]}" "$base$path")"
    local rps non2xx
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")"
    echo "$name ${rps:-0} ${non2xx:-0}" >>"$work/results"
    echo "-- $name: ${rps:-0} req/s (non-2xx: ${non2xx:-0})"
}

: >"$work/results"
value="/v1/comparisons/value?template=team-im&users=120&option=1&metric=npv"
echo "== $seconds s a phase, $threads threads, $connections connections, against $base"
phase healthz /healthz
phase value_cached "$value"
phase value_uncached / "$(varying value '/v1/comparisons/value?template=team-im&users=' '&option=1&metric=npv')"
phase json_cached "/v1/comparisons?template=team-im&users=120"
phase json_uncached / "$(varying json '/v1/comparisons?template=team-im&users=' '')"

python3 - "$work/results" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
base = float(rows[0][1]) or 1.0
labels = {
    "healthz": "GET /healthz",
    "value_cached": "single number, same URL (cached)",
    "value_uncached": "single number, a different scenario each request",
    "json_cached": "full JSON comparison, same URL (cached)",
    "json_uncached": "full JSON comparison, a different scenario each request",
}
# Issue 11's goals, as ratios to /healthz.
goals = {"value_cached": 0.8, "value_uncached": 0.25, "json_cached": 0.4, "json_uncached": 0.1}
print()
print("| measure | req/s | ratio to /healthz | goal | non-2xx |")
print("|---|---:|---:|---:|---:|")
for name, rps, non2xx in rows:
    ratio = float(rps) / base
    goal = goals.get(name)
    mark = "" if goal is None else (f"≥ {goal:.2f} × {'met' if ratio >= goal else 'not met'}")
    print(f"| {labels[name]} | {float(rps):,.0f} | {ratio:.2f} × | {mark} | {non2xx} |")
PY
