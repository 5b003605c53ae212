//! Criterion benchmark of P7: 10,000 Monte Carlo draws of a 3-option, 60-month comparison (team-im at
//! its default 120 users on the bundled pricing-data; users triangular 80–120–200, growth uniform 0–30 %,
//! every price within its basis' spread), through the same function as `POST /v1/uncertainty`: the
//! draws spread over the cores with rayon, each compared exactly.
//!
//! Run with `cargo bench --bench uncertainty` (about two minutes: ten samples of one run each).

use breakeven::api::uncertainty::{run_uncertainty, UncertaintyRequest};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::json;
use std::path::PathBuf;

fn bench(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data");
    let snapshot = breakeven::store::load_snapshot(&dir).expect("bundled data");
    let request: UncertaintyRequest = serde_json::from_value(json!({
        "template": "team-im",
        "inputs": {"users": {"triangular": {"low": "80", "mode": "120", "high": "200"}},
                   "growth": {"uniform": {"low": "0", "high": "0.3"}}},
        "draws": 10_000, "seed": 1
    }))
    .expect("request");
    c.bench_function("uncertainty 10,000 draws × 3 options × 60 months", |b| {
        b.iter(|| black_box(run_uncertainty(&snapshot, request.clone()).expect("ranges")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
