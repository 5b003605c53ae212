//! Sweeps and tornado on the bundled templates: every crossover is checked against individual
//! comparisons on either side of it.

use breakeven::engine::sweep::{self, Subject};
use breakeven::scenario::template::{expand, TemplateRequest};
use std::path::PathBuf;

fn snapshot() -> breakeven::store::Snapshot {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data");
    breakeven::store::load_snapshot(&dir).unwrap_or_else(|e| panic!("{e}"))
}

fn cheapest_at(
    snapshot: &breakeven::store::Snapshot,
    subject: &Subject<'_>,
    variable: &str,
    value: rust_decimal::Decimal,
) -> String {
    let scenario = subject.at(variable, value).expect("scenario");
    let (comparison, _) = sweep::compare_available(
        &snapshot.catalog,
        &scenario,
        &mut sweep::Budget::default(),
        sweep::Phase::Points,
    )
    .expect("comparison");
    comparison.ranking.by_npv[0].option.clone()
}

#[test]
fn every_template_sweeps_its_main_driver_and_crossovers_hold_on_both_sides() {
    let snapshot = snapshot();
    let mut crossovers_seen = 0;
    for template in snapshot.templates.values() {
        for market in template.markets.keys() {
            let (variable, input) = template.drivers.iter().next().expect("a driver");
            let request = TemplateRequest {
                template: template.id.clone(),
                settings: breakeven::scenario::template::TemplateSettings {
                    market: Some(market.clone()),
                    ..Default::default()
                },
                ..Default::default()
            };
            let subject = Subject::Template(template, &request);
            let from = input.min.max(rust_decimal::Decimal::ONE);
            let values = sweep::spaced(from, input.max, 40, true, input.integer).expect("values");
            let result =
                sweep::sweep(&snapshot.catalog, &subject, variable, &values, &mut sweep::Budget::default())
                    .unwrap_or_else(|e| panic!("{} / {market}: {e}", template.id));
            assert_eq!(result.points.len(), values.len());
            for crossover in &result.crossovers {
                let at = format!("{} / {market} / {variable}", template.id);
                assert_eq!(
                    cheapest_at(&snapshot, &subject, variable, crossover.below),
                    crossover.from,
                    "{at} at {}",
                    crossover.below
                );
                assert_eq!(
                    cheapest_at(&snapshot, &subject, variable, crossover.at),
                    crossover.to,
                    "{at} at {}",
                    crossover.at
                );
                if result.integer {
                    assert_eq!(
                        crossover.at - crossover.below,
                        rust_decimal::Decimal::ONE,
                        "{at}: exact to the integer"
                    );
                }
                crossovers_seen += 1;
            }
        }
    }
    assert!(crossovers_seen > 0, "some template changes winner with scale");
}

#[test]
fn team_im_from_10_to_100000_users_has_a_crossover_to_self_hosting() {
    let snapshot = snapshot();
    let template = &snapshot.templates["team-im"];
    let request = TemplateRequest { template: "team-im".into(), ..Default::default() };
    let subject = Subject::Template(template, &request);
    let values = sweep::spaced(10.into(), 100_000.into(), 60, true, true).expect("values");
    let result = sweep::sweep(&snapshot.catalog, &subject, "users", &values, &mut sweep::Budget::default())
        .expect("sweep");
    assert_eq!(
        result.points[0].cheapest, "Slack Pro (cloud IM, annual)",
        "per-seat SaaS wins for a small team"
    );
    let last = result.points.last().expect("points");
    assert_ne!(last.cheapest, "Slack Pro (cloud IM, annual)", "self-hosting wins at 100,000 users");
    assert!(!result.crossovers.is_empty());
    // The scenario at the first crossover, compared on its own, agrees.
    let c = &result.crossovers[0];
    let scenario = expand(
        template,
        &TemplateRequest {
            template: "team-im".into(),
            drivers: [("users".to_string(), c.at)].into(),
            ..Default::default()
        },
    )
    .expect("expand");
    let comparison = breakeven::engine::compare(&snapshot.catalog, &scenario).expect("compare");
    assert_eq!(comparison.ranking.by_npv[0].option, c.to);
}

#[test]
fn tornado_bars_are_sorted_and_the_base_gap_matches_a_comparison() {
    let snapshot = snapshot();
    let template = &snapshot.templates["team-im"];
    let scenario = expand(
        template,
        &TemplateRequest {
            template: "team-im".into(),
            drivers: [("users".to_string(), 2000.into())].into(),
            ..Default::default()
        },
    )
    .expect("expand");
    let own = scenario.options[2].name.clone();
    let rent = scenario.options[0].name.clone();
    let tornado = sweep::tornado(
        &snapshot.catalog,
        &scenario,
        &own,
        &rent,
        rust_decimal::Decimal::new(2, 1),
        &mut sweep::Budget::default(),
    )
    .expect("tornado");
    let comparison = breakeven::engine::compare(&snapshot.catalog, &scenario).expect("compare");
    let npv = |name: &str| comparison.options.iter().find(|o| o.name == name).expect("option").totals.npv;
    assert_eq!(tornado.base_gap, npv(&own) - npv(&rent));
    assert!(tornado.bars.windows(2).all(|w| w[0].impact >= w[1].impact), "largest impact first");
    let names: Vec<&str> = tornado.bars.iter().map(|b| b.assumption.as_str()).collect();
    for expected in
        ["labor_cost", "energy_tariff", "discount_rate", "pue", "useful_life", "utilization", "price_saas"]
    {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // Raising SaaS prices widens owning's advantage (the gap own − rent falls).
    let saas = tornado.bars.iter().find(|b| b.assumption == "price_saas").expect("saas bar");
    assert!(saas.gap_high < saas.gap_low);
}
