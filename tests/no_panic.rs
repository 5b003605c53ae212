//! No panic from any input: arbitrary and mutated requests (see `support/inputs.rs`) go through the
//! functions the handlers call — parse the body (`parse_json`), turn it into a scenario (template
//! expansion included), validate and compute (`engine::compare`, `engine::schedule`, `run_sweep`,
//! `run_tornado`, `prices::quote`), and write the response (JSON, and the CSV views and workbook for
//! comparisons; and the problem document of a refusal) — on the bundled catalogue, half the cases in
//! Chinese. Every outcome must be a success or a client error (4xx);
//! a panic (caught with `catch_unwind`) or any 5xx fails the test with the input.
//!
//! `cargo test --test no_panic` runs 1,500 cases (10 to 25 s in a debug build on 2 cores); the count is
//! `BREAKEVEN_FUZZ_CASES`. The long run, 1,000,000 cases:
//! `cargo test --release --test no_panic -- --ignored` (or `BREAKEVEN_FUZZ_CASES=… cargo test --release
//! --test no_panic`).

#[path = "support/inputs.rs"]
mod inputs;

use actix_web::ResponseError;
use breakeven::api::analysis::{run_sweep, run_tornado, SweepRequest, TornadoRequest};
use breakeven::api::comparisons::{scenario_of_body, scenario_of_query};
use breakeven::api::extract::parse_json;
use breakeven::api::prices::{quote, PriceRequest};
use breakeven::api::problem::ApiError;
use breakeven::engine::{self, AssetInput};
use breakeven::report::comparison::{render, View};
use breakeven::store::{load_snapshot, Snapshot};
use breakeven::text::{with_language, Language};
use inputs::{Case, Corpus, Endpoint};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        load_snapshot(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data"))
            .expect("pricing-data loads")
    })
}

fn json<T: serde::Serialize>(value: &T) -> Result<(), ApiError> {
    serde_json::to_vec(value).map(drop).map_err(|e| ApiError::Internal(e.to_string()))
}

/// What the handler of `case.endpoint` does with the input, short of HTTP.
fn handle(snapshot: &Snapshot, case: &Case) -> Result<(), ApiError> {
    let bytes = &case.bytes;
    match case.endpoint {
        Endpoint::Comparison => {
            let scenario = scenario_of_body(snapshot, parse_json(bytes)?)?;
            let comparison = engine::compare(&snapshot.catalog, &scenario)?;
            json(&comparison)
        }
        Endpoint::ComparisonQuery => {
            let query = std::str::from_utf8(bytes)
                .map_err(|e| ApiError::bad_request(breakeven::text::Text::name(e.to_string()), vec![]))?;
            let (template, scenario) = scenario_of_query(snapshot, query)?;
            let comparison = engine::compare(&snapshot.catalog, &scenario)?;
            for view in [View::Summary, View::Monthly, View::Yearly, View::LineItems, View::Focus] {
                render(&comparison, view);
            }
            breakeven::report::xlsx::comparison_workbook(&comparison, &scenario, Some(&template.title))
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            json(&comparison)
        }
        Endpoint::Amortization => json(&engine::schedule(&parse_json::<AssetInput>(bytes)?)?),
        Endpoint::Sweep => json(&run_sweep(snapshot, parse_json::<SweepRequest>(bytes)?)?),
        Endpoint::Tornado => json(&run_tornado(snapshot, parse_json::<TornadoRequest>(bytes)?)?),
        Endpoint::Price => json(&quote(&snapshot.catalog, parse_json::<PriceRequest>(bytes)?)?),
    }
}

/// Whether the case was accepted (`Ok(true)`) or refused with a 4xx (`Ok(false)`), or why it fails: a
/// panic or a server error.
fn check(case: &Case) -> Result<bool, String> {
    let snapshot = snapshot();
    // Half the cases answer in Chinese; a refusal's problem document is written too.
    let language = if case.bytes.len() % 2 == 0 { Language::ZhCn } else { Language::En };
    let answer = || {
        with_language(language, || {
            handle(snapshot, case).inspect_err(|e| drop(serde_json::to_vec(&e.problem())))
        })
    };
    match catch_unwind(AssertUnwindSafe(answer)) {
        Ok(Ok(())) => Ok(true),
        Ok(Err(e)) if e.status_code().is_client_error() => Ok(false),
        Ok(Err(e)) => Err(format!("{} {e:?}", e.status_code())),
        Err(panic) => Err(format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

/// A price request for every schedule of every 20th offering of the catalogue, in another currency.
fn price_requests(snapshot: &Snapshot) -> Vec<(Endpoint, serde_json::Value)> {
    let mut out = Vec::new();
    for offering in snapshot.catalog.offerings.values().step_by(20) {
        for schedule in &offering.prices {
            out.push((
                Endpoint::Price,
                serde_json::json!({
                    "offering": offering.id, "purchase_option": schedule.purchase_option,
                    "payment": schedule.payment, "quantity": "100", "currency": "EUR"
                }),
            ));
        }
    }
    out
}

fn cases(default: u32) -> u32 {
    std::env::var("BREAKEVEN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// Runs `count` cases; returns how many of each endpoint were accepted (2xx) and refused (4xx).
fn run(count: u32) -> Vec<(Endpoint, u32, u32)> {
    let corpus = Arc::new(Corpus::load(price_requests(snapshot())));
    let config = Config { cases: count, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let tally = std::sync::Mutex::new(Endpoint::ALL.map(|e| (e, 0u32, 0u32)).to_vec());
    // Panics are caught and reported with the input; keep the default hook from printing each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = runner.run(&corpus.cases(), |case| {
        let accepted = check(&case).map_err(|why| {
            TestCaseError::fail(format!("{:?} {why}\ninput: {}", case.endpoint, truncate(&case.text())))
        })?;
        if let Ok(mut t) = tally.lock() {
            if let Some(row) = t.iter_mut().find(|r| r.0 == case.endpoint) {
                if accepted {
                    row.1 += 1;
                } else {
                    row.2 += 1;
                }
            }
        }
        Ok(())
    });
    std::panic::set_hook(hook);
    if let Err(e) = result {
        panic!("{e}");
    }
    tally.into_inner().unwrap_or_default()
}

fn truncate(text: &str) -> String {
    text.chars().take(4_000).collect()
}

#[test]
fn no_input_panics_or_is_a_server_error() {
    let tally = run(cases(1_500));
    eprintln!("accepted / refused per endpoint: {tally:?}");
    // The cases reach the engine: some of every endpoint are accepted and computed, not only refused.
    for (endpoint, accepted, refused) in tally {
        assert!(accepted > 0, "{endpoint:?}: no case accepted ({refused} refused)");
        assert!(refused > 0, "{endpoint:?}: no case refused ({accepted} accepted)");
    }
}

/// The long run: `cargo test --release --test no_panic -- --ignored` (1,000,000 cases).
#[test]
#[ignore = "long: a million cases; run with --release -- --ignored"]
fn a_million_inputs_never_panic() {
    let started = std::time::Instant::now();
    let n = cases(1_000_000);
    let tally = run(n);
    eprintln!(
        "{n} cases in {:.0} s; accepted / refused per endpoint: {tally:?}",
        started.elapsed().as_secs_f64()
    );
}
