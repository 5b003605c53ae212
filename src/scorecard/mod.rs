//! Procurement scorecards: a comparison plus weighted criteria and hard requirements in, a score per
//! criterion, the requirements' results with their sources, a weighted total and a rank per option out.
//!
//! Pure: reads the comparison's line items (which offerings each option uses) and the catalogue's
//! attributes (`catalog::attributes`). Price is scored by a named rule (by default the lowest-price
//! ratio of China's government procurement rules); the other criteria by the rubrics in `rubric`,
//! whose points are this project's judgement and are shown item by item with every answer.

mod check;
mod rubric;
#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests;

pub use check::{Check, CheckStatus, Evidence};

use crate::catalog::attributes::{OfferingAttributes, Standard};
use crate::catalog::{Catalog, Category};
use crate::engine::Comparison;
use crate::field::FieldError;
use crate::money;
use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// What to score and how: the request's part beside the comparison itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardSpec {
    /// Weighted criteria; the weights are percentages and add up to 100.
    pub criteria: Vec<Criterion>,
    /// Hard requirements: an option that does not pass every one is not eligible (not ranked, and
    /// not the price benchmark). Unknown is not a pass.
    #[serde(default)]
    pub requirements: Vec<Check>,
    #[serde(default)]
    pub price_rule: PriceRule,
    /// Which total the price criterion scores.
    #[serde(default)]
    pub price_measure: PriceMeasure,
    /// Where owned equipment would stand (ISO 3166-1 alpha-2, `CN` for mainland China), so that
    /// `data_in` can be judged for on-premises options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premises: Option<String>,
    /// Certifications the buyer holds itself, which self-hosted options then meet (their compliance is
    /// the operator's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operator_meets: Vec<Standard>,
    /// The language the support rubric looks for (BCP 47; `zh` by default in the China market, else `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// One weighted criterion (named `ScorecardCriterion` in the OpenAPI document: a model named like its
/// own `criterion` member trips generated clients).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ScorecardCriterion)]
pub struct Criterion {
    pub criterion: CriterionKind,
    /// Percent of the total score, above 0 and at most 100.
    #[schema(value_type = String, example = "40")]
    pub weight: Decimal,
    /// A label for the result (defaults to the kind, or the check for `attribute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For `attribute`: the rule; 100 points when it passes, 0 otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
    /// For `manual`: the score of every option by name, 0 to 100 (an evaluator's marks).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = BTreeMap<String, String>)]
    pub scores: BTreeMap<String, Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// By `price_rule` on `price_measure`.
    Price,
    /// Support hours, language, response targets (rubric).
    Support,
    /// Security and compliance: certifications, encryption, SSO (rubric).
    Security,
    /// Commitments, export, API (rubric).
    Flexibility,
    /// Deployment and upkeep: who patches, days to deploy, what the operator provides (rubric).
    Deployment,
    /// The vendor relationship: who it is, what it commits to (rubric).
    Vendor,
    /// One attribute-level `check`.
    Attribute,
    /// Scores given in the request.
    Manual,
}

impl CriterionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionKind::Price => "price",
            CriterionKind::Support => "support",
            CriterionKind::Security => "security",
            CriterionKind::Flexibility => "flexibility",
            CriterionKind::Deployment => "deployment",
            CriterionKind::Vendor => "vendor",
            CriterionKind::Attribute => "attribute",
            CriterionKind::Manual => "manual",
        }
    }

    /// Its name in a scorecard (the key itself in English, so columns read `price score`).
    pub fn label(self) -> Text {
        match self {
            CriterionKind::Price => t!("scorecard-criterion-price"),
            CriterionKind::Support => t!("scorecard-criterion-support"),
            CriterionKind::Security => t!("scorecard-criterion-security"),
            CriterionKind::Flexibility => t!("scorecard-criterion-flexibility"),
            CriterionKind::Deployment => t!("scorecard-criterion-deployment"),
            CriterionKind::Vendor => t!("scorecard-criterion-vendor"),
            CriterionKind::Attribute => t!("scorecard-criterion-attribute"),
            CriterionKind::Manual => t!("scorecard-criterion-manual"),
        }
    }
}

/// How prices become a score from 0 to 100.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceRule {
    /// 低价优先法: the lowest eligible price scores 100, every other `lowest ÷ price × 100`
    /// (Ministry of Finance Order No. 87, art. 55).
    #[default]
    LowestPriceRatio,
    /// `100 × (highest − price) ÷ (highest − lowest)` over the eligible options (100 for all when equal).
    Linear,
}

impl PriceRule {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceRule::LowestPriceRatio => "lowest_price_ratio",
            PriceRule::Linear => "linear",
        }
    }

    pub fn description(self) -> Text {
        match self {
            PriceRule::LowestPriceRatio => t!("scorecard-rule-lowest-price-ratio"),
            PriceRule::Linear => t!("scorecard-rule-linear"),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceMeasure {
    /// Everything paid within the horizon (the closest to a tender's bid price).
    #[default]
    Cash,
    /// Net present value of the costs (terminal value credited).
    Npv,
}

impl PriceMeasure {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceMeasure::Cash => "cash",
            PriceMeasure::Npv => "npv",
        }
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Scorecard {
    pub catalog_version: String,
    /// Currency of the prices.
    #[schema(value_type = String)]
    pub currency: money::Currency,
    pub price_rule: PriceRuleUsed,
    pub criteria: Vec<CriterionUsed>,
    /// One per option, in the comparison's order.
    pub options: Vec<OptionScore>,
    /// Options by weighted total, best first; only eligible ones are ranked.
    pub ranking: Vec<RankedOption>,
    #[schema(value_type = Vec<String>)]
    pub warnings: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PriceRuleUsed {
    pub rule: PriceRule,
    pub measure: PriceMeasure,
    #[schema(value_type = String)]
    pub description: Text,
    /// The benchmark price (lowest eligible for the ratio rule); none when nothing is eligible and no
    /// option has a price to compare.
    #[schema(value_type = Option<String>)]
    pub benchmark: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CriterionUsed {
    #[schema(value_type = String)]
    pub name: Text,
    pub criterion: CriterionKind,
    #[schema(value_type = String)]
    pub weight: Decimal,
    /// How this criterion is scored.
    #[schema(value_type = String)]
    pub method: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OptionScore {
    pub option: String,
    /// Whether every requirement passed.
    pub eligible: bool,
    /// Rank among eligible options by total (1 = best; equal totals share a rank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The price the price criterion scored (`price_measure`), in the comparison's currency.
    #[schema(value_type = String)]
    pub price: Decimal,
    /// Σ score × weight ÷ 100, from 0 to 100, to 2 decimals.
    #[schema(value_type = String)]
    pub total: Decimal,
    pub requirements: Vec<RequirementResult>,
    pub scores: Vec<CriterionScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RequirementResult {
    /// The requirement, in words.
    #[schema(value_type = String)]
    pub requirement: Text,
    pub check: Check,
    pub status: CheckStatus,
    /// Why, with the attribute and its source for each offering looked at.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CriterionScore {
    #[schema(value_type = String)]
    pub name: Text,
    pub criterion: CriterionKind,
    #[schema(value_type = String)]
    pub weight: Decimal,
    /// 0 to 100, to 2 decimals.
    #[schema(value_type = String)]
    pub score: Decimal,
    /// `score × weight ÷ 100`, to 2 decimals.
    #[schema(value_type = String)]
    pub weighted: Decimal,
    /// How the score was computed, in words.
    #[schema(value_type = String)]
    pub how: Text,
    /// The rubric's items (none for price and manual scores).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ScoreItem>,
}

/// One rubric item: the points it can give, the points given, and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ScoreItem {
    #[schema(value_type = String)]
    pub item: Text,
    #[schema(value_type = String)]
    pub points: Decimal,
    #[schema(value_type = String)]
    pub max: Decimal,
    pub status: CheckStatus,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RankedOption {
    pub rank: u32,
    pub option: String,
    #[schema(value_type = String)]
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScorecardError {
    #[error("invalid scorecard")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Money(#[from] money::MoneyError),
}

/// An option's offerings with their attributes, gathered once from its line items.
#[derive(Debug, Clone)]
pub struct OptionFacts {
    pub name: String,
    pub parts: Vec<Part>,
    /// Whether anything in the option is bought or committed for a term.
    pub committed: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Part {
    pub offering: String,
    pub category: Category,
    pub attributes: OfferingAttributes,
}

impl Part {
    /// The application the buyer uses: SaaS or self-hosted software (by category, or as its
    /// deployment attribute says).
    pub fn is_service(&self) -> bool {
        crate::catalog::attributes::is_service(self.category, &self.attributes)
    }

    /// Where data may sit: the service, cloud compute and storage, owned hardware.
    pub fn holds_data(&self) -> bool {
        self.is_service()
            || matches!(self.category, Category::Compute | Category::Storage | Category::Hardware)
    }
}

impl OptionFacts {
    /// The parts a service-level check looks at: the application(s), or the infrastructure when the
    /// option is infrastructure only (a VM against a server).
    pub fn service_parts(&self) -> Vec<&Part> {
        let services: Vec<&Part> = self.parts.iter().filter(|p| p.is_service()).collect();
        if !services.is_empty() {
            return services;
        }
        self.parts
            .iter()
            .filter(|p| matches!(p.category, Category::Compute | Category::Storage | Category::Hardware))
            .collect()
    }
}

/// Scores the comparison's options.
pub fn score(
    catalog: &Catalog,
    comparison: &Comparison,
    spec: &ScorecardSpec,
    market_china: bool,
) -> Result<Scorecard, ScorecardError> {
    let option_names: Vec<&str> = comparison.options.iter().map(|o| o.name.as_str()).collect();
    validate(spec, &option_names).map_err(ScorecardError::Invalid)?;
    let context = check::Context {
        premises: spec.premises.as_deref(),
        operator_meets: &spec.operator_meets,
        language: spec.language.clone().unwrap_or_else(|| if market_china { "zh" } else { "en" }.to_string()),
        market_china,
    };
    let facts: Vec<OptionFacts> = comparison.options.iter().map(|o| gather(catalog, o)).collect();
    let requirements: Vec<Vec<RequirementResult>> = facts
        .iter()
        .map(|f| spec.requirements.iter().map(|c| requirement(c, f, &context)).collect())
        .collect();
    let eligible: Vec<bool> =
        requirements.iter().map(|r| r.iter().all(|x| x.status == CheckStatus::Pass)).collect();
    let prices: Vec<Decimal> = comparison
        .options
        .iter()
        .map(|o| match spec.price_measure {
            PriceMeasure::Cash => o.totals.cash,
            PriceMeasure::Npv => o.totals.npv,
        })
        .collect();
    let (price_scores, benchmark) = price_scores(spec.price_rule, &prices, &eligible)?;
    let mut options = Vec::new();
    for (i, facts) in facts.iter().enumerate() {
        let scores = spec
            .criteria
            .iter()
            .map(|c| criterion_score(c, facts, &context, price_scores[i], spec))
            .collect::<Result<Vec<_>, _>>()?;
        let total = round_score(money::sum(scores.iter().map(|s| s.weighted))?);
        options.push(OptionScore {
            option: facts.name.clone(),
            eligible: eligible[i],
            rank: None,
            price: prices[i],
            total,
            requirements: requirements[i].clone(),
            scores,
        });
    }
    let ranking = rank(&mut options);
    Ok(Scorecard {
        catalog_version: comparison.catalog_version.clone(),
        currency: comparison.currency.clone(),
        price_rule: PriceRuleUsed {
            rule: spec.price_rule,
            measure: spec.price_measure,
            description: spec.price_rule.description(),
            benchmark,
        },
        criteria: spec.criteria.iter().map(|c| criterion_used(c, &context)).collect(),
        warnings: warnings(spec, &options),
        options,
        ranking,
    })
}

/// Which offerings an option uses (from its line items), with their attributes.
fn gather(catalog: &Catalog, option: &crate::engine::OptionResult) -> OptionFacts {
    use crate::catalog::PurchaseOption;
    use crate::engine::LineKind;
    let mut parts: Vec<Part> = Vec::new();
    let mut committed = Vec::new();
    for line in &option.line_items {
        let committing = matches!(
            line.kind,
            LineKind::CommitmentUpfront | LineKind::CommitmentRecurring | LineKind::Purchase
        ) || matches!(
            line.purchase_option,
            Some(
                PurchaseOption::AnnualSubscription
                    | PurchaseOption::Reserved1y
                    | PurchaseOption::Reserved3y
                    | PurchaseOption::Purchase
            )
        );
        if committing && !committed.contains(&line.component) {
            committed.push(line.component.clone());
        }
        let Some(id) = &line.offering else { continue };
        if parts.iter().any(|p| &p.offering == id) {
            continue;
        }
        let Some(offering) = catalog.offering(id) else { continue };
        parts.push(Part {
            offering: id.clone(),
            category: offering.category,
            attributes: catalog.attributes_of(id),
        });
    }
    OptionFacts { name: option.name.clone(), parts, committed }
}

fn requirement(check: &Check, facts: &OptionFacts, context: &check::Context<'_>) -> RequirementResult {
    let outcome = check.evaluate(facts, context);
    RequirementResult {
        requirement: check.describe(),
        check: check.clone(),
        status: outcome.status,
        evidence: outcome.evidence,
    }
}

/// The price criterion's score of every option, and the benchmark.
fn price_scores(
    rule: PriceRule,
    prices: &[Decimal],
    eligible: &[bool],
) -> Result<(Vec<Decimal>, Option<Decimal>), ScorecardError> {
    let pool: Vec<Decimal> = if eligible.iter().any(|e| *e) {
        prices.iter().zip(eligible).filter(|(_, e)| **e).map(|(p, _)| *p).collect()
    } else {
        prices.to_vec()
    };
    let (Some(lowest), Some(highest)) = (pool.iter().min().copied(), pool.iter().max().copied()) else {
        return Ok((vec![Decimal::ZERO; prices.len()], None));
    };
    let hundred = Decimal::ONE_HUNDRED;
    let scores = prices
        .iter()
        .map(|&price| -> Result<Decimal, ScorecardError> {
            let raw = match rule {
                PriceRule::LowestPriceRatio if price <= lowest => hundred,
                // A free benchmark leaves every priced option nothing.
                PriceRule::LowestPriceRatio if lowest <= Decimal::ZERO => Decimal::ZERO,
                PriceRule::LowestPriceRatio => money::mul(money::div(lowest, price)?, hundred)?,
                PriceRule::Linear if highest == lowest || price <= lowest => hundred,
                PriceRule::Linear if price >= highest => Decimal::ZERO,
                PriceRule::Linear => money::div(
                    money::mul(hundred, money::sub(highest, price)?)?,
                    money::sub(highest, lowest)?,
                )?,
            };
            Ok(round_score(raw))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((scores, Some(lowest)))
}

fn criterion_score(
    criterion: &Criterion,
    facts: &OptionFacts,
    context: &check::Context<'_>,
    price_score: Decimal,
    spec: &ScorecardSpec,
) -> Result<CriterionScore, ScorecardError> {
    let (score, how, items) = match criterion.criterion {
        CriterionKind::Price => (
            price_score,
            t!("scorecard-how-price", rule = spec.price_rule.as_str(), measure = spec.price_measure.as_str()),
            Vec::new(),
        ),
        CriterionKind::Manual => {
            let given = criterion.scores.get(&facts.name).copied().unwrap_or_default();
            (given, t!("scorecard-how-manual"), Vec::new())
        }
        CriterionKind::Attribute => {
            let check = criterion.check.as_ref().ok_or_else(|| ScorecardError::Invalid(vec![]))?;
            let outcome = check.evaluate(facts, context);
            let points =
                if outcome.status == CheckStatus::Pass { Decimal::ONE_HUNDRED } else { Decimal::ZERO };
            let item = ScoreItem {
                item: check.describe(),
                points,
                max: Decimal::ONE_HUNDRED,
                status: outcome.status,
                evidence: outcome.evidence,
            };
            (points, t!("scorecard-how-attribute"), vec![item])
        }
        kind => {
            let items = rubric::items(kind, facts, context);
            let points = money::sum(items.iter().map(|i| i.points))?;
            (points, t!("scorecard-how-rubric", kind = kind.as_str()), items)
        }
    };
    let score = round_score(score);
    Ok(CriterionScore {
        name: criterion_name(criterion),
        criterion: criterion.criterion,
        weight: criterion.weight,
        weighted: round_score(money::div(money::mul(score, criterion.weight)?, Decimal::ONE_HUNDRED)?),
        score,
        how,
        items,
    })
}

fn criterion_name(criterion: &Criterion) -> Text {
    match (&criterion.name, &criterion.check, criterion.criterion) {
        (Some(name), _, _) => Text::name(name.clone()),
        (None, Some(check), CriterionKind::Attribute) => check.describe(),
        (None, _, kind) => kind.label(),
    }
}

fn criterion_used(criterion: &Criterion, context: &check::Context<'_>) -> CriterionUsed {
    let method = match criterion.criterion {
        CriterionKind::Price => t!("scorecard-method-price"),
        CriterionKind::Manual => t!("scorecard-method-manual"),
        CriterionKind::Attribute => t!("scorecard-method-attribute"),
        kind => rubric::describe(kind, context),
    };
    CriterionUsed {
        name: criterion_name(criterion),
        criterion: criterion.criterion,
        weight: criterion.weight,
        method,
    }
}

/// Ranks eligible options by total, best first; equal totals share a rank.
fn rank(options: &mut [OptionScore]) -> Vec<RankedOption> {
    let mut order: Vec<usize> = (0..options.len()).filter(|&i| options[i].eligible).collect();
    order.sort_by(|&a, &b| options[b].total.cmp(&options[a].total).then(a.cmp(&b)));
    let mut ranking: Vec<RankedOption> = Vec::new();
    for (position, &i) in order.iter().enumerate() {
        let rank = match ranking.last() {
            Some(previous) if previous.total == options[i].total => previous.rank,
            _ => u32::try_from(position).unwrap_or(u32::MAX).saturating_add(1),
        };
        options[i].rank = Some(rank);
        ranking.push(RankedOption { rank, option: options[i].option.clone(), total: options[i].total });
    }
    ranking
}

fn warnings(spec: &ScorecardSpec, options: &[OptionScore]) -> Vec<Text> {
    let mut out = Vec::new();
    if !options.iter().any(|o| o.eligible) {
        out.push(t!("scorecard-warning-none-eligible"));
    }
    let price_weight =
        spec.criteria.iter().filter(|c| c.criterion == CriterionKind::Price).map(|c| c.weight).next();
    match price_weight {
        None => out.push(t!("scorecard-warning-no-price")),
        Some(w) if w < Decimal::TEN && spec.price_rule == PriceRule::LowestPriceRatio => {
            out.push(t!("scorecard-warning-price-weight-low", weight = w))
        }
        _ => {}
    }
    out
}

/// Scores are shown to 2 decimals, half away from zero: the one rounding of a score.
fn round_score(score: Decimal) -> Decimal {
    score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

const MAX_CRITERIA: usize = 50;
const MAX_REQUIREMENTS: usize = 50;

/// Every problem with the spec, each at its JSON pointer (relative to the request's root).
pub fn validate(spec: &ScorecardSpec, options: &[&str]) -> Result<(), Vec<FieldError>> {
    let mut problems = Vec::new();
    if spec.criteria.is_empty() || spec.criteria.len() > MAX_CRITERIA {
        problems.push(FieldError::new("/criteria", t!("scorecard-criteria-count", max = MAX_CRITERIA)));
    }
    if spec.requirements.len() > MAX_REQUIREMENTS {
        problems.push(FieldError::new(
            "/requirements",
            t!("scorecard-requirements-count", max = MAX_REQUIREMENTS),
        ));
    }
    let mut total = Decimal::ZERO;
    let mut prices = 0usize;
    for (i, criterion) in spec.criteria.iter().enumerate() {
        let at = format!("/criteria/{i}");
        if criterion.weight <= Decimal::ZERO || criterion.weight > Decimal::ONE_HUNDRED {
            problems.push(FieldError::new(
                format!("{at}/weight"),
                t!("scorecard-weight-range", weight = criterion.weight),
            ));
        }
        total = total.checked_add(criterion.weight).unwrap_or(Decimal::MAX);
        if criterion.criterion == CriterionKind::Price {
            prices = prices.saturating_add(1);
            if prices > 1 {
                problems.push(FieldError::new(format!("{at}/criterion"), t!("scorecard-one-price")));
            }
        }
        check_criterion(criterion, &at, options, &mut problems);
    }
    if !spec.criteria.is_empty() && total != Decimal::ONE_HUNDRED {
        problems.push(FieldError::new("/criteria", t!("scorecard-weights-total", total = total)));
    }
    for (i, check) in spec.requirements.iter().enumerate() {
        problems.extend(check.problems(&format!("/requirements/{i}")));
    }
    if let Some(place) = &spec.premises {
        if !check::is_place(place) {
            problems.push(FieldError::new("/premises", t!("scorecard-invalid-premises", place = place)));
        }
    }
    if let Some(language) = &spec.language {
        if !check::is_language(language) {
            problems
                .push(FieldError::new("/language", t!("scorecard-invalid-language", language = language)));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn check_criterion(criterion: &Criterion, at: &str, options: &[&str], problems: &mut Vec<FieldError>) {
    match (criterion.criterion, &criterion.check) {
        (CriterionKind::Attribute, None) => {
            problems.push(FieldError::new(format!("{at}/check"), t!("scorecard-attribute-needs-check")))
        }
        (CriterionKind::Attribute, Some(check)) => problems.extend(check.problems(&format!("{at}/check"))),
        (_, Some(_)) => {
            problems.push(FieldError::new(format!("{at}/check"), t!("scorecard-check-only-attribute")))
        }
        _ => {}
    }
    if criterion.criterion == CriterionKind::Manual {
        for option in options {
            if !criterion.scores.contains_key(*option) {
                problems.push(FieldError::new(
                    format!("{at}/scores"),
                    t!("scorecard-manual-score-missing", option = option),
                ));
            }
        }
    } else if !criterion.scores.is_empty() {
        problems.push(FieldError::new(format!("{at}/scores"), t!("scorecard-scores-only-manual")));
    }
    for (option, score) in &criterion.scores {
        let pointer = format!("{at}/scores/{}", option.replace('~', "~0").replace('/', "~1"));
        if !options.contains(&option.as_str()) {
            problems.push(FieldError::new(pointer, t!("scorecard-no-such-option", option = option)));
        } else if score.is_sign_negative() || *score > Decimal::ONE_HUNDRED {
            problems.push(FieldError::new(pointer, t!("scorecard-score-range", score = score)));
        }
    }
}
