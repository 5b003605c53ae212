//! Criterion benchmark of the switch optimizer on the bundled data: team-im's path (Slack Pro, then
//! Mattermost on owned servers) at 100 users growing 50 % a year over 60 months, through the same
//! function as `POST /v1/paths/optimize`: the point search (61 comparisons of the path: every switch
//! month and never), and its range under uncertainty (200 draws, each a whole search, spread over the
//! cores with rayon).
//!
//! Run with `cargo bench --bench switch` (about a minute: ten samples each).

use breakeven::api::paths::{run_switch, SwitchRequest};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::json;
use std::path::PathBuf;

fn bench(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data");
    let snapshot = breakeven::store::load_snapshot(&dir).expect("bundled data");
    let target = json!({"template": "team-im", "drivers": {"users": "100"}, "settings": {"growth": "0.5"},
        "option": "4"});
    let point: SwitchRequest = serde_json::from_value(target.clone()).expect("request");
    c.bench_function("switch search: team-im path, 60 months", |b| {
        b.iter(|| black_box(run_switch(&snapshot, point.clone()).expect("optimum")))
    });
    let mut ranged = target;
    ranged["uncertainty"] = json!({"draws": 200, "seed": 1});
    let ranged: SwitchRequest = serde_json::from_value(ranged).expect("request");
    c.bench_function("switch range: 200 draws × team-im path, 60 months", |b| {
        b.iter(|| black_box(run_switch(&snapshot, ranged.clone()).expect("optimum")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
