//! Criterion benchmark of a 200-point sweep of a bundled template (team-im, users from 10 to 100,000 on a
//! linear scale, with its crossovers bisected), on the bundled pricing-data.
//!
//! Run with `cargo bench --bench sweep`.

use breakeven::engine::sweep::{self, Subject};
use breakeven::scenario::template::TemplateRequest;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::PathBuf;

fn bench(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data");
    let snapshot = breakeven::store::load_snapshot(&dir).expect("bundled data");
    for id in ["team-im", "customer-chat"] {
        let template = &snapshot.templates[id];
        let (variable, input) = template.drivers.iter().next().expect("driver");
        let request = TemplateRequest { template: id.to_string(), ..Default::default() };
        let values =
            sweep::spaced(input.min.max(10.into()), input.max, 200, false, input.integer).expect("values");
        c.bench_function(&format!("sweep_{id}_{}_points", values.len()), |b| {
            b.iter(|| {
                let subject = Subject::Template(template, &request);
                black_box(
                    sweep::sweep(
                        &snapshot.catalog,
                        &subject,
                        variable,
                        &values,
                        &mut sweep::Budget::default(),
                    )
                    .expect("sweep"),
                )
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
