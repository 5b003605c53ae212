//! The rubrics that turn attributes into a criterion's score from 0 to 100.
//!
//! Judgement, no source: the items and their points are this project's reading of what small and
//! medium buyers weigh (README, "Scorecards"); every answer lists each item, its points and its
//! evidence, and a request that weighs differently uses `attribute` or `manual` criteria instead.
//! An item whose attribute is unknown gives no points: unknown is never scored as present.

use super::check::{combine, Check, CheckStatus, Context, Evidence, Outcome};
use super::{CriterionKind, OptionFacts, Part, ScoreItem};
use crate::catalog::attributes::{Feature, Patching, Standard, SupportHours};
use crate::text::Text;
use rust_decimal::Decimal;

/// The rubric of `kind` in words (for the criteria list of a scorecard).
pub fn describe(kind: CriterionKind, context: &Context<'_>) -> Text {
    let items = labels(kind, context)
        .into_iter()
        .map(|(label, max)| t!("scorecard-rubric-item", label = @label, max = max))
        .reduce(|first, rest| t!("scorecard-list-next", first = @first, rest = @rest))
        .unwrap_or_else(|| Text::name(""));
    t!("scorecard-rubric-method", items = @items)
}

fn labels(kind: CriterionKind, context: &Context<'_>) -> Vec<(Text, u32)> {
    let language = &context.language;
    match kind {
        CriterionKind::Support => vec![
            (t!("scorecard-item-vendor-support"), 30),
            (t!("scorecard-check-support-language", language = language), 25),
            (t!("scorecard-item-support-24x7"), 20),
            (t!("scorecard-item-first-response"), 15),
            (t!("scorecard-item-support-included"), 10),
        ],
        CriterionKind::Security => vec![
            (Text::name(Standard::Iso27001.as_str()), 30),
            (t!("scorecard-check-certification-level", standard = Standard::Mlps.as_str(), level = 3), 20),
            (Text::name(Standard::Soc2.as_str()), 15),
            (Text::name(Feature::Sso.as_str()), 15),
            (Text::name(Feature::EncryptionAtRest.as_str()), 10),
            (Text::name(Standard::GdprDpa.as_str()), 10),
        ],
        CriterionKind::Flexibility => vec![
            (t!("scorecard-item-no-commitment"), 40),
            (t!("scorecard-item-data-export"), 30),
            (Text::name(Feature::Api.as_str()), 15),
            (t!("scorecard-item-residency-choice"), 15),
        ],
        CriterionKind::Deployment => vec![
            (t!("scorecard-item-patching"), 40),
            (t!("scorecard-item-days-to-deploy"), 30),
            (t!("scorecard-item-operator-provides"), 30),
        ],
        CriterionKind::Vendor => vec![
            (t!("scorecard-item-vendor-identified"), 25),
            (t!("scorecard-item-sla-published"), 35),
            (t!("scorecard-item-service-credits"), 20),
            (
                if context.market_china {
                    t!("scorecard-item-china-entity")
                } else {
                    t!("scorecard-item-headquarters")
                },
                20,
            ),
        ],
        CriterionKind::Price | CriterionKind::Attribute | CriterionKind::Manual => Vec::new(),
    }
}

/// The rubric's items scored on an option.
pub fn items(kind: CriterionKind, facts: &OptionFacts, context: &Context<'_>) -> Vec<ScoreItem> {
    let outcomes: Vec<Outcome> = match kind {
        CriterionKind::Support => support(facts, context),
        CriterionKind::Security => security(facts, context),
        CriterionKind::Flexibility => flexibility(facts, context),
        CriterionKind::Deployment => deployment(facts),
        CriterionKind::Vendor => vendor(facts, context),
        CriterionKind::Price | CriterionKind::Attribute | CriterionKind::Manual => Vec::new(),
    };
    labels(kind, context)
        .into_iter()
        .zip(outcomes)
        .map(|((label, max), outcome)| {
            let max = Decimal::from(max);
            let points = graded(&outcome, max);
            ScoreItem { item: label, points, max, status: outcome.status, evidence: outcome.evidence }
        })
        .collect()
}

/// A passing item gives its grade (graded items) or all its points; any other status none.
fn graded(outcome: &Outcome, max: Decimal) -> Decimal {
    match (outcome.status, outcome.grade) {
        (CheckStatus::Pass, Some(points)) => Decimal::from(points).min(max),
        (CheckStatus::Pass, None) => max,
        _ => Decimal::ZERO,
    }
}

/// Runs `test` on every service part: all must pass (the weakest part decides).
fn each(facts: &OptionFacts, test: impl Fn(&Part) -> Outcome) -> Outcome {
    let parts = facts.service_parts();
    if parts.is_empty() {
        return Outcome { status: CheckStatus::Unknown, evidence: Vec::new(), grade: None };
    }
    combine(parts.into_iter().map(test).collect())
}

fn pass_if(condition: bool) -> CheckStatus {
    if condition {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    }
}

fn support(facts: &OptionFacts, context: &Context<'_>) -> Vec<Outcome> {
    let tiers = |test: fn(&crate::catalog::attributes::SupportTier) -> bool, attribute: &'static str| {
        each(facts, move |part| match &part.attributes.attributes.support {
            None => Outcome {
                status: CheckStatus::Unknown,
                evidence: vec![Evidence::unsourced(part, "support", t!("scorecard-support-unknown"))],
                grade: None,
            },
            Some(s) if s.tiers.is_empty() => Outcome {
                status: CheckStatus::Unknown,
                evidence: vec![Evidence::sourced(
                    part,
                    attribute,
                    t!("scorecard-tiers-not-stated"),
                    &s.provenance,
                )],
                grade: None,
            },
            Some(s) => {
                let found: Vec<&str> = s.tiers.iter().filter(|t| test(t)).map(|t| t.name.as_str()).collect();
                let value =
                    if found.is_empty() { t!("scorecard-none") } else { Text::name(found.join(", ")) };
                Outcome {
                    status: pass_if(!found.is_empty()),
                    evidence: vec![Evidence::sourced(part, attribute, value, &s.provenance)],
                    grade: None,
                }
            }
        })
    };
    vec![
        tiers(|t| t.hours != Some(SupportHours::Community), "support.tiers"),
        Check::SupportLanguage { language: context.language.clone() }.evaluate(facts, context),
        tiers(|t| t.hours == Some(SupportHours::AllHours), "support.tiers.hours"),
        tiers(
            |t| t.first_response_hours.is_some_and(|h| h <= Decimal::from(4)),
            "support.tiers.first_response_hours",
        ),
        tiers(
            |t| t.included == Some(true) && t.hours != Some(SupportHours::Community),
            "support.tiers.included",
        ),
    ]
}

fn security(facts: &OptionFacts, context: &Context<'_>) -> Vec<Outcome> {
    let certification =
        |standard, min_level| Check::Certification { standard, min_level }.evaluate(facts, context);
    vec![
        certification(Standard::Iso27001, None),
        certification(Standard::Mlps, Some(3)),
        certification(Standard::Soc2, None),
        Check::Feature { feature: Feature::Sso }.evaluate(facts, context),
        Check::Feature { feature: Feature::EncryptionAtRest }.evaluate(facts, context),
        certification(Standard::GdprDpa, None),
    ]
}

fn flexibility(facts: &OptionFacts, context: &Context<'_>) -> Vec<Outcome> {
    let commitment = {
        let value = if facts.committed.is_empty() {
            t!("scorecard-all-pay-as-you-go")
        } else {
            t!("scorecard-committed", components = facts.committed.join(", "))
        };
        let evidence = Evidence {
            offering: String::new(),
            attribute: "line_items.purchase_option".into(),
            value,
            source_url: None,
            basis: None,
            date: None,
            retrieved: None,
        };
        Outcome { status: pass_if(facts.committed.is_empty()), evidence: vec![evidence], grade: None }
    };
    let export = each(facts, |part| match &part.attributes.attributes.exit {
        None => Outcome {
            status: CheckStatus::Unknown,
            evidence: vec![Evidence::unsourced(
                part,
                "exit.export_formats",
                t!("scorecard-not-stated-by-source"),
            )],
            grade: None,
        },
        Some(exit) if exit.export_formats.is_empty() => Outcome {
            status: CheckStatus::Unknown,
            evidence: vec![Evidence::sourced(
                part,
                "exit.export_formats",
                t!("scorecard-formats-not-stated"),
                &exit.provenance,
            )],
            grade: None,
        },
        Some(exit) => Outcome {
            status: CheckStatus::Pass,
            evidence: vec![Evidence::sourced(
                part,
                "exit.export_formats",
                Text::name(exit.export_formats.join(", ")),
                &exit.provenance,
            )],
            grade: None,
        },
    });
    let choice = each(facts, |part| match &part.attributes.attributes.residency {
        None => Outcome {
            status: CheckStatus::Unknown,
            evidence: vec![Evidence::unsourced(
                part,
                "residency.choice",
                t!("scorecard-not-stated-by-source"),
            )],
            grade: None,
        },
        Some(r) => {
            use crate::catalog::attributes::ResidencyChoice;
            let chosen = matches!(r.choice, ResidencyChoice::Customer | ResidencyChoice::Operator)
                || !r.options.is_empty();
            let value = Text::name(format!("{:?}", r.choice).to_lowercase());
            Outcome {
                status: pass_if(chosen),
                evidence: vec![Evidence::sourced(part, "residency.choice", value, &r.provenance)],
                grade: None,
            }
        }
    });
    vec![commitment, export, Check::Feature { feature: Feature::Api }.evaluate(facts, context), choice]
}

fn deployment(facts: &OptionFacts) -> Vec<Outcome> {
    let graded = |points: u32,
                  value: Text,
                  part: &Part,
                  d: &crate::catalog::attributes::Deployment,
                  attribute: &str| Outcome {
        status: pass_if(points > 0),
        evidence: vec![Evidence::sourced(part, attribute, value, &d.provenance)],
        grade: Some(points),
    };
    let unknown = |part: &Part, attribute: &str| Outcome {
        status: CheckStatus::Unknown,
        evidence: vec![Evidence::unsourced(part, attribute, t!("scorecard-not-stated-by-source"))],
        grade: None,
    };
    let patching = each(facts, |part| match &part.attributes.attributes.deployment {
        None => unknown(part, "deployment.patching"),
        Some(d) => {
            let (points, who) = match d.patching {
                Patching::Vendor => (40, "vendor"),
                Patching::Shared => (20, "shared"),
                Patching::Operator => (0, "operator"),
            };
            graded(points, Text::name(who), part, d, "deployment.patching")
        }
    });
    let days = each(facts, |part| match &part.attributes.attributes.deployment {
        Some(d) => match &d.days_to_deploy {
            Some(range) => {
                let points = if range.high <= Decimal::from(5) {
                    30
                } else if range.high <= Decimal::from(20) {
                    15
                } else {
                    0
                };
                graded(
                    points,
                    t!("scorecard-days", low = range.low, high = range.high),
                    part,
                    d,
                    "deployment.days_to_deploy",
                )
            }
            None => unknown(part, "deployment.days_to_deploy"),
        },
        None => unknown(part, "deployment.days_to_deploy"),
    });
    let provides = each(facts, |part| match &part.attributes.attributes.deployment {
        None => unknown(part, "deployment.operator_provides"),
        Some(d) => {
            let n = d.operator_provides.len();
            let points = match n {
                0 => 30,
                1..=3 => 15,
                _ => 0,
            };
            let value =
                if n == 0 { t!("scorecard-nothing") } else { Text::name(d.operator_provides.join(", ")) };
            graded(points, value, part, d, "deployment.operator_provides")
        }
    });
    vec![patching, days, provides]
}

fn vendor(facts: &OptionFacts, context: &Context<'_>) -> Vec<Outcome> {
    let unknown = |part: &Part, attribute: &str| Outcome {
        status: CheckStatus::Unknown,
        evidence: vec![Evidence::unsourced(part, attribute, t!("scorecard-not-stated-by-source"))],
        grade: None,
    };
    let identified = each(facts, |part| match &part.attributes.attributes.vendor {
        None => unknown(part, "vendor.company"),
        Some(v) => Outcome {
            status: CheckStatus::Pass,
            evidence: vec![Evidence::sourced(
                part,
                "vendor.company",
                Text::name(v.company.clone()),
                &v.provenance,
            )],
            grade: None,
        },
    });
    let sla = each(facts, |part| match &part.attributes.attributes.sla {
        None => unknown(part, "sla.published"),
        Some(s) => Outcome {
            status: pass_if(s.published),
            evidence: vec![Evidence::sourced(
                part,
                "sla.published",
                if s.published { t!("scorecard-published") } else { t!("scorecard-none-published") },
                &s.provenance,
            )],
            grade: None,
        },
    });
    let credits = each(facts, |part| match &part.attributes.attributes.sla {
        None => unknown(part, "sla.credits"),
        Some(s) => Outcome {
            status: pass_if(!s.credits.is_empty()),
            evidence: vec![Evidence::sourced(
                part,
                "sla.credits",
                t!("scorecard-credit-steps", count = s.credits.len()),
                &s.provenance,
            )],
            grade: None,
        },
    });
    let market_china = context.market_china;
    let local = each(facts, |part| match &part.attributes.attributes.vendor {
        None => unknown(part, "vendor"),
        Some(v) if market_china => match v.china_entity {
            None => Outcome {
                status: CheckStatus::Unknown,
                evidence: vec![Evidence::sourced(
                    part,
                    "vendor.china_entity",
                    t!("scorecard-not-stated"),
                    &v.provenance,
                )],
                grade: None,
            },
            Some(local) => Outcome {
                status: pass_if(local),
                evidence: vec![Evidence::sourced(
                    part,
                    "vendor.china_entity",
                    Text::name(local.to_string()),
                    &v.provenance,
                )],
                grade: None,
            },
        },
        Some(v) => Outcome {
            status: CheckStatus::Pass,
            evidence: vec![Evidence::sourced(
                part,
                "vendor.headquarters",
                Text::name(v.headquarters.clone()),
                &v.provenance,
            )],
            grade: None,
        },
    });
    vec![identified, sla, credits, local]
}
