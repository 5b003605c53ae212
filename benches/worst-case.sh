#!/usr/bin/env bash
# Worst-case requests inside the documented limits, four at a time per heavy endpoint, while /healthz is
# polled. Prints each request's status and time and the worst /healthz latency per endpoint.
#
#   bash benches/worst-case.sh            # builds the release binary first
#   BREAKEVEN_BIN=target/release/breakeven bash benches/worst-case.sh   # skip the build
#
# Not part of CI (it takes about a minute on 2 cores). Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${BREAKEVEN_BIN:-}" ]]; then
    cargo build --release --locked --quiet
    BREAKEVEN_BIN=target/release/breakeven
fi
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
BREAKEVEN_LOG=warn "$BREAKEVEN_BIN" serve --addr "127.0.0.1:$port" --data-dir pricing-data >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { echo "server did not start"; cat "$work/server.log"; exit 1; }

# Request bodies at the documented limits: 20 options × 10 components (200 in all), 240 months, every
# option with a different slope so the cheapest option changes often (many crossovers to bisect).
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def option(i):
    comps = [{"name": "seats", "price": {"category": "saas", "unit": "user_month", "billing": "monthly",
              "unit_price": str(40 - i * 2)}, "quantity": {"driver": "users"}},
             {"name": "platform", "price": {"category": "saas", "unit": "month", "billing": "monthly",
              "unit_price": str(50 * i * i)}, "quantity": {"fixed": "1"}}]
    for k in range(8):
        comps.append({"name": f"server {k}", "price": {"category": "hardware", "unit": "each", "billing": "one_time",
                      "unit_price": str(1000 + 10 * i + k), "hardware": {"power_typical_watts": "300", "power_max_watts": "450", "rack_units": 1,
                      "useful_life_years": 3 + k % 3, "support_rate": "0.1"}},
                      "purchase_option": "purchase",
                      "quantity": {"driver": "users", "per": str(500 + 50 * k), "round": "ceil", "min": "1"},
                      "asset": {"residual_rate": "0.05", "financing": {"loan": {"rate": "0.07", "term_months": 36}}}})
    return {"name": f"option {i}", "components": comps}
scenario = {"currency": "USD", "horizon_months": 240, "start": "2026-01", "discount_rate": "0.08",
            "tax_rate": "0.21", "drivers": {"users": {"start": "1000", "annual_growth": "0.1"}},
            "options": [option(i) for i in range(20)]}
# The same options owning long-lived, loan-financed servers that follow a fast-growing driver one for
# one: a purchase tranche every month, each with 600-month depreciation and loan schedules.
assets = json.loads(json.dumps(scenario))
assets["drivers"]["users"] = {"start": "100000", "annual_growth": "0.2"}
for o in assets["options"]:
    for c in o["components"]:
        if c.get("purchase_option") == "purchase":
            c["price"]["hardware"]["useful_life_years"] = 50
            c["asset"] = {"residual_rate": "0.05", "depreciation": {"declining_balance": {}},
                          "financing": {"loan": {"rate": "0.07", "term_months": 600}}}
            c["quantity"] = {"driver": "users", "per": "1", "round": "ceil"}
bodies = {
    "comparison": scenario,
    "comparison-assets": assets,
    "sweep-assets": {"scenario": assets, "variable": "discount_rate", "values": ["0.05", "0.1"]},
    "sweep": {"scenario": scenario, "variable": "users",
              "range": {"from": "1", "to": "1000000", "points": 200, "scale": "log"}},
    # 30 points of the widest scenario fit the evaluation budget; their bisection then runs it out.
    "sweep-at-budget": {"scenario": scenario, "variable": "users",
                        "range": {"from": "1", "to": "1000000", "points": 30, "scale": "log"}},
    "tornado": {"scenario": scenario, "option": "option 0", "versus": "option 19", "variation": "0.5"},
    "price": {"offering": "x" * 250_000, "quantity": "1"},
}
for name, body in bodies.items():
    with open(f"{work}/{name}.json", "w") as f:
        json.dump(body, f)
PY

# CPU seconds the server has used so far (user + system), to read the figures on a loaded machine.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server_pid/stat"; }

# 4 concurrent requests of one kind while /healthz is polled every 100 ms; prints the results.
fire() {
    local label=$1; shift
    local cpu_before
    cpu_before=$(cpu)
    : >"$work/health.txt"
    ( while :; do curl -s -o /dev/null -m 10 -w '%{time_total}\n' "$base/healthz" >>"$work/health.txt" || echo 10 >>"$work/health.txt"; sleep 0.1; done ) &
    local poller=$!
    local pids=()
    for i in 1 2 3 4; do
        curl -s -o /dev/null -m 120 -w "$label #$i: %{http_code} in %{time_total} s\n" "$@" >"$work/req.$i" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    kill "$poller" 2>/dev/null || true; wait "$poller" 2>/dev/null || true
    cat "$work"/req.[1-4]
    sort -g "$work/health.txt" | tail -1 | awk -v l="$label" -v a="$cpu_before" -v b="$(cpu)" \
        '{printf "%s: worst /healthz latency %.3f s; server CPU %.2f s\n", l, $1, b - a}'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
json=(-H 'content-type: application/json')
fire "POST /v1/comparisons" "${json[@]}" --data-binary @"$work/comparison.json" "$base/v1/comparisons"
fire "POST /v1/comparisons (owned assets)" "${json[@]}" --data-binary @"$work/comparison-assets.json" "$base/v1/comparisons"
fire "POST /v1/sweeps (owned assets, 2 points)" "${json[@]}" --data-binary @"$work/sweep-assets.json" "$base/v1/sweeps"
fire "POST /v1/sweeps (200 points)" "${json[@]}" --data-binary @"$work/sweep.json" "$base/v1/sweeps"
fire "POST /v1/sweeps (30 points)" "${json[@]}" --data-binary @"$work/sweep-at-budget.json" "$base/v1/sweeps"
fire "POST /v1/tornado" "${json[@]}" --data-binary @"$work/tornado.json" "$base/v1/tornado"
fire "POST /v1/prices (250 KB id)" "${json[@]}" --data-binary @"$work/price.json" "$base/v1/prices"
long_id=$(python3 -c 'print("x" * 8000)')
fire "GET /v1/offerings/{8 KB id}" "$base/v1/offerings/$long_id"
fire "GET /v1/sweeps (template, 200 log points)" "$base/v1/sweeps?template=customer-chat&variable=mau&from=10&to=300000&points=200&scale=log&horizon_months=240"
fire "GET /v1/tornado (template)" "$base/v1/tornado?template=customer-chat&option=1&versus=2&horizon_months=240"
fire "GET /v1/comparisons (template, xlsx)" "$base/v1/comparisons?template=customer-chat&horizon_months=240&format=xlsx"
