//! Hand-checked scorecard arithmetic and checks.

use super::check::{Check, CheckStatus, Context};
use super::*;
use crate::catalog::attributes::{
    Attributes, Certification, Deployment, DeploymentModel, Patching, Residency, ResidencyChoice, Sla,
    Support,
};
use crate::catalog::{Basis, Provenance};
use rust_decimal_macros::dec;

fn provenance() -> Provenance {
    Provenance {
        source_url: "https://example.test/page".into(),
        basis: Basis::VendorList,
        copied_by: None,
        price_date: None,
        retrieved: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        note: None,
    }
}

fn part(offering: &str, category: Category, attributes: Attributes) -> Part {
    Part {
        offering: offering.into(),
        category,
        attributes: OfferingAttributes { profiles: vec!["p".into()], name_zh: None, attributes },
    }
}

fn facts(parts: Vec<Part>) -> OptionFacts {
    OptionFacts { name: "option".into(), parts, committed: vec![] }
}

fn context(premises: Option<&str>) -> Context<'_> {
    Context { premises, operator_meets: &[], language: "zh".into(), market_china: true }
}

fn residency(choice: ResidencyChoice, stored_in: &[&str]) -> Option<Residency> {
    Some(Residency {
        choice,
        stored_in: stored_in.iter().map(|s| s.to_string()).collect(),
        options: vec![],
        note: None,
        provenance: provenance(),
    })
}

#[test]
fn the_lowest_price_ratio_scores_the_cheapest_eligible_100_and_the_others_its_share() {
    // 100 is the benchmark: 100/125 × 100 = 80, 100/200 × 100 = 50.
    let (scores, benchmark) =
        price_scores(PriceRule::LowestPriceRatio, &[dec!(100), dec!(125), dec!(200)], &[true; 3])
            .expect("scores");
    assert_eq!(scores, [dec!(100), dec!(80), dec!(50)]);
    assert_eq!(benchmark, Some(dec!(100)));
    // 100/300 × 100 = 33.333… → 33.33.
    let (scores, _) =
        price_scores(PriceRule::LowestPriceRatio, &[dec!(100), dec!(300)], &[true; 2]).expect("scores");
    assert_eq!(scores, [dec!(100), dec!(33.33)]);
}

#[test]
fn an_ineligible_option_is_not_the_benchmark_even_when_it_is_cheapest() {
    // 50 fails a requirement: the benchmark is 100, and 50 is capped at 100 rather than scoring 200.
    let (scores, benchmark) =
        price_scores(PriceRule::LowestPriceRatio, &[dec!(50), dec!(100), dec!(200)], &[false, true, true])
            .expect("scores");
    assert_eq!(benchmark, Some(dec!(100)));
    assert_eq!(scores, [dec!(100), dec!(100), dec!(50)]);
}

#[test]
fn the_linear_rule_runs_from_100_at_the_lowest_to_0_at_the_highest() {
    // (200 − 125) / (200 − 100) × 100 = 75.
    let (scores, _) =
        price_scores(PriceRule::Linear, &[dec!(100), dec!(125), dec!(200)], &[true; 3]).expect("scores");
    assert_eq!(scores, [dec!(100), dec!(75), dec!(0)]);
    let (equal, _) = price_scores(PriceRule::Linear, &[dec!(7), dec!(7)], &[true; 2]).expect("scores");
    assert_eq!(equal, [dec!(100), dec!(100)]);
}

#[test]
fn a_free_benchmark_leaves_priced_options_nothing() {
    let (scores, _) =
        price_scores(PriceRule::LowestPriceRatio, &[dec!(0), dec!(10)], &[true; 2]).expect("scores");
    assert_eq!(scores, [dec!(100), dec!(0)]);
}

#[test]
fn equal_totals_share_a_rank_and_ineligible_options_have_none() {
    let option = |name: &str, total: Decimal, eligible: bool| OptionScore {
        option: name.into(),
        eligible,
        rank: None,
        price: Decimal::ZERO,
        total,
        requirements: vec![],
        scores: vec![],
    };
    let mut options = vec![
        option("a", dec!(70), true),
        option("b", dec!(90), false),
        option("c", dec!(80), true),
        option("d", dec!(70), true),
    ];
    let ranking = rank(&mut options);
    let ranks: Vec<(String, u32)> = ranking.iter().map(|r| (r.option.clone(), r.rank)).collect();
    assert_eq!(ranks, [("c".to_string(), 1), ("a".to_string(), 2), ("d".to_string(), 2)]);
    assert_eq!(options[1].rank, None);
}

#[test]
fn data_in_passes_only_where_every_part_holding_data_stores_it_there() {
    let cn = part(
        "cloud/vm/cn/x",
        Category::Compute,
        Attributes { residency: residency(ResidencyChoice::Customer, &["CN"]), ..Default::default() },
    );
    let us = part(
        "saas/x/us/y",
        Category::Saas,
        Attributes { residency: residency(ResidencyChoice::Vendor, &["US", "CN"]), ..Default::default() },
    );
    let check = Check::DataIn { place: "CN".into() };
    assert_eq!(check.evaluate(&facts(vec![cn.clone()]), &context(None)).status, CheckStatus::Pass);
    assert_eq!(check.evaluate(&facts(vec![us]), &context(None)).status, CheckStatus::Fail);
    // Unknown residency is not a pass.
    let silent = part("saas/z/global/z", Category::Saas, Attributes::default());
    let outcome = check.evaluate(&facts(vec![silent]), &context(None));
    assert_eq!(outcome.status, CheckStatus::Unknown);
    assert_eq!(outcome.evidence[0].source_url, None);
    // Owned equipment: wherever the buyer's premises are.
    let server = part(
        "dell/s/global/x",
        Category::Hardware,
        Attributes { residency: residency(ResidencyChoice::Operator, &[]), ..Default::default() },
    );
    assert_eq!(check.evaluate(&facts(vec![server.clone()]), &context(None)).status, CheckStatus::Operator);
    assert_eq!(check.evaluate(&facts(vec![server.clone()]), &context(Some("CN"))).status, CheckStatus::Pass);
    assert_eq!(check.evaluate(&facts(vec![server]), &context(Some("DE"))).status, CheckStatus::Fail);
    // Self-hosted software keeps its data where it runs: the cloud region decides.
    let software = part(
        "openim/s/global/c",
        Category::Software,
        Attributes { residency: residency(ResidencyChoice::Operator, &[]), ..Default::default() },
    );
    assert_eq!(check.evaluate(&facts(vec![software, cn]), &context(None)).status, CheckStatus::Pass);
    // EU: any member state.
    let de = part(
        "cloud/vm/de/x",
        Category::Compute,
        Attributes { residency: residency(ResidencyChoice::Customer, &["DE"]), ..Default::default() },
    );
    assert_eq!(
        Check::DataIn { place: "EU".into() }.evaluate(&facts(vec![de]), &context(None)).status,
        CheckStatus::Pass
    );
}

#[test]
fn an_sla_that_is_not_published_fails_and_one_below_the_bar_fails_with_its_figure() {
    let with = |published: bool, percent: Option<Decimal>| {
        part(
            "saas/x/g/y",
            Category::Saas,
            Attributes {
                sla: Some(Sla {
                    published,
                    availability_percent: percent,
                    credits: vec![],
                    scope: None,
                    provenance: provenance(),
                }),
                ..Default::default()
            },
        )
    };
    let check = Check::SlaAtLeast { percent: dec!(99.9) };
    assert_eq!(
        check.evaluate(&facts(vec![with(true, Some(dec!(99.99)))]), &context(None)).status,
        CheckStatus::Pass
    );
    assert_eq!(
        check.evaluate(&facts(vec![with(true, Some(dec!(99.9)))]), &context(None)).status,
        CheckStatus::Pass
    );
    let below = check.evaluate(&facts(vec![with(true, Some(dec!(99.5)))]), &context(None));
    assert_eq!((below.status, below.evidence[0].value.en().as_str()), (CheckStatus::Fail, "99.5 %"));
    assert_eq!(check.evaluate(&facts(vec![with(false, None)]), &context(None)).status, CheckStatus::Fail);
}

#[test]
fn a_self_hosted_option_meets_a_certification_only_when_the_buyer_says_it_holds_it() {
    let software = part("mattermost/m/global/free", Category::Software, Attributes::default());
    let check = Check::Certification { standard: Standard::Iso27001, min_level: None };
    assert_eq!(check.evaluate(&facts(vec![software.clone()]), &context(None)).status, CheckStatus::Operator);
    let holds = [Standard::Iso27001];
    let buyer = Context { premises: None, operator_meets: &holds, language: "zh".into(), market_china: true };
    assert_eq!(check.evaluate(&facts(vec![software]), &buyer).status, CheckStatus::Pass);
    // MLPS level 3 does not meet a level-4 requirement.
    let saas = part(
        "saas/x/cn/y",
        Category::Saas,
        Attributes {
            certifications: vec![Certification {
                standard: Standard::Mlps,
                level: Some("3".into()),
                scope: None,
                provenance: provenance(),
            }],
            ..Default::default()
        },
    );
    let level = |min| {
        Check::Certification { standard: Standard::Mlps, min_level: Some(min) }
            .evaluate(&facts(vec![saas.clone()]), &context(None))
            .status
    };
    assert_eq!((level(3), level(4)), (CheckStatus::Pass, CheckStatus::Fail));
}

#[test]
fn the_deployment_rubric_adds_its_graded_items() {
    // Vendor patching (40) + nothing to provide (30) + days unknown (0) = 70.
    let saas = part(
        "saas/x/g/y",
        Category::Saas,
        Attributes {
            deployment: Some(Deployment {
                model: DeploymentModel::Saas,
                days_to_deploy: None,
                patching: Patching::Vendor,
                skills: vec![],
                operator_provides: vec![],
                provenance: provenance(),
            }),
            ..Default::default()
        },
    );
    let items = rubric::items(CriterionKind::Deployment, &facts(vec![saas]), &context(None));
    let points: Vec<Decimal> = items.iter().map(|i| i.points).collect();
    assert_eq!(points, [dec!(40), dec!(0), dec!(30)]);
    assert_eq!(items[1].status, CheckStatus::Unknown);
    // Operator patching (0) + 2–10 days (15) + four things to provide (0) = 15.
    let own = part(
        "sw/x/g/y",
        Category::Software,
        Attributes {
            deployment: Some(Deployment {
                model: DeploymentModel::SelfHosted,
                days_to_deploy: Some(crate::catalog::attributes::DayRange { low: dec!(2), high: dec!(10) }),
                patching: Patching::Operator,
                skills: vec![],
                operator_provides: vec!["a".into(), "b".into(), "c".into(), "d".into()],
                provenance: provenance(),
            }),
            ..Default::default()
        },
    );
    let points: Vec<Decimal> = rubric::items(CriterionKind::Deployment, &facts(vec![own]), &context(None))
        .iter()
        .map(|i| i.points)
        .collect();
    assert_eq!(points, [dec!(0), dec!(15), dec!(0)]);
}

#[test]
fn support_in_the_buyers_language_is_matched_on_the_primary_tag() {
    let saas = part(
        "saas/x/cn/y",
        Category::Saas,
        Attributes {
            support: Some(Support {
                languages: vec!["zh-CN".into(), "en".into()],
                tiers: vec![],
                provenance: provenance(),
            }),
            ..Default::default()
        },
    );
    let check = |language: &str| {
        Check::SupportLanguage { language: language.into() }
            .evaluate(&facts(vec![saas.clone()]), &context(None))
            .status
    };
    assert_eq!(
        (check("zh"), check("en"), check("ja")),
        (CheckStatus::Pass, CheckStatus::Pass, CheckStatus::Fail)
    );
}

#[test]
fn weights_must_add_up_to_100_each_within_range_with_one_price_criterion() {
    let criterion = |kind, weight: Decimal| Criterion {
        criterion: kind,
        weight,
        name: None,
        check: None,
        scores: BTreeMap::new(),
    };
    let spec = |criteria| ScorecardSpec {
        criteria,
        requirements: vec![],
        price_rule: PriceRule::default(),
        price_measure: PriceMeasure::default(),
        premises: None,
        operator_meets: vec![],
        language: None,
    };
    let pointers = |s: &ScorecardSpec| {
        validate(s, &["a"]).err().unwrap_or_default().into_iter().map(|e| e.pointer).collect::<Vec<_>>()
    };
    assert!(validate(
        &spec(vec![criterion(CriterionKind::Price, dec!(60)), criterion(CriterionKind::Support, dec!(40))]),
        &["a"]
    )
    .is_ok());
    assert_eq!(pointers(&spec(vec![criterion(CriterionKind::Price, dec!(60))])), ["/criteria"]);
    assert_eq!(
        pointers(&spec(vec![
            criterion(CriterionKind::Price, dec!(0)),
            criterion(CriterionKind::Support, dec!(100))
        ])),
        ["/criteria/0/weight"]
    );
    assert_eq!(
        pointers(&spec(vec![
            criterion(CriterionKind::Price, dec!(50)),
            criterion(CriterionKind::Price, dec!(50))
        ])),
        ["/criteria/1/criterion"]
    );
    // A manual criterion scores every option.
    assert_eq!(
        pointers(&spec(vec![
            criterion(CriterionKind::Price, dec!(50)),
            criterion(CriterionKind::Manual, dec!(50))
        ])),
        ["/criteria/1/scores"]
    );
}

#[test]
fn checks_and_rubrics_read_in_english_and_chinese() {
    use crate::text::Language;
    let check = Check::DataIn { place: "CN".into() };
    assert_eq!(check.describe().en(), "data stored in mainland China (CN)");
    assert_eq!(check.describe().render(Language::ZhCn), "数据存储于中国大陆（CN）");
    let rubric = rubric::describe(CriterionKind::Deployment, &context(None));
    assert_eq!(
        rubric.en(),
        "rubric, points out of 100: who patches: vendor 40, shared 20, operator 0 (40); days to deploy (high end): ≤ 5 gives 30, ≤ 20 gives 15 (30); what the operator must provide: nothing 30, up to 3 items 15 (30)"
    );
    assert!(
        rubric.render(Language::ZhCn).starts_with("评分细则，满分 100 分：由谁负责补丁更新"),
        "{rubric:?}"
    );
}
