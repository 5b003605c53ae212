#!/usr/bin/env python3
"""Differential check of two `breakeven` binaries: the same requests to both, every body compared byte
for byte. For engine changes that must leave every figure as it was ("identical to the cent").

    python3 benches/engine-diff.py OLD_BINARY NEW_BINARY [--requests N] [--seed S]

Each binary serves the bundled pricing-data/ on its own loopback port. Requests: every template in every
market, with drivers and parameters drawn at random inside their ranges (seeded), as full JSON
comparisons, CSV views and sweeps; and the README's worked examples. Prints the count compared and
every difference (exit 1 if any)."""
import argparse, json, os, random, socket, subprocess, sys, time, urllib.parse, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, data):
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--addr", f"127.0.0.1:{port}", "--data-dir", data,
                             "--log", "warn", "--rate-limit", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/readyz", timeout=1)
            return proc, base
        except Exception:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"{binary} did not become ready")


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def values(spec, rng):
    lo, hi = spec.get("min"), spec.get("max")
    default = spec.get("default")
    if lo is None or hi is None:
        return default
    lo, hi = float(lo), float(hi)
    if rng.random() < 0.2:
        return default
    x = lo + (hi - lo) * rng.random() ** 3  # more draws at the small end, where SMBs are
    return str(int(round(x))) if spec.get("integer") else f"{x:.4f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--data-dir", default="pricing-data")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    old, old_base = start(a.old, a.data_dir)
    new, new_base = start(a.new, a.data_dir)
    try:
        templates = json.loads(get(new_base, "/v1/templates")[1])
        templates = templates.get("templates", templates) if isinstance(templates, dict) else templates
        details = [json.loads(get(new_base, f"/v1/templates/{t['id']}")[1]) for t in templates]
        paths = []
        for _ in range(a.requests):
            t = rng.choice(details)
            query = {"template": t["id"]}
            markets = list((t.get("markets") or {}).keys()) if isinstance(t.get("markets"), dict) else \
                [m.get("id") if isinstance(m, dict) else m for m in t.get("markets") or []]
            if markets:
                query["market"] = rng.choice(markets)
            for group in ("drivers", "parameters"):
                specs = t.get(group) or {}
                items = specs.items() if isinstance(specs, dict) else [(s.get("name"), s) for s in specs]
                for name, spec in items:
                    if rng.random() < 0.7:
                        v = values(spec, rng)
                        if v is not None:
                            query[name] = v
            kind = rng.random()
            if kind < 0.6:
                paths.append("/v1/comparisons?" + urllib.parse.urlencode(query))
            elif kind < 0.8:
                query["format"] = "csv"
                query["view"] = rng.choice(["summary", "monthly", "yearly", "line_items"])
                paths.append("/v1/comparisons?" + urllib.parse.urlencode(query))
            else:
                drivers = t.get("drivers") or {}
                names = list(drivers.keys()) if isinstance(drivers, dict) else [d.get("name") for d in drivers]
                if names:
                    spec = drivers[names[0]] if isinstance(drivers, dict) else drivers[0]
                    query.pop(names[0], None)
                    query["variable"] = names[0]
                    query["from"] = spec.get("min", "1")
                    query["to"] = str(min(float(spec.get("max", "1000")), float(spec.get("min", "1")) * 1000))
                    query["points"] = str(rng.choice([5, 20, 50]))
                paths.append("/v1/sweeps?" + urllib.parse.urlencode(query))
        differences, statuses = 0, {}
        for path in paths:
            (s1, b1), (s2, b2) = get(old_base, path), get(new_base, path)
            statuses[s2] = statuses.get(s2, 0) + 1
            if (s1, b1) != (s2, b2):
                differences += 1
                print(f"DIFFERENT {path}: {s1} vs {s2}, {len(b1)} vs {len(b2)} bytes")
                if differences <= 3:
                    for i, (x, y) in enumerate(zip(b1, b2)):
                        if x != y:
                            print("  old:", b1[max(0, i - 120):i + 120])
                            print("  new:", b2[max(0, i - 120):i + 120])
                            break
        print(f"{len(paths)} requests compared (statuses {statuses}); {differences} differ")
        sys.exit(1 if differences else 0)
    finally:
        old.kill()
        new.kill()


if __name__ == "__main__":
    main()
