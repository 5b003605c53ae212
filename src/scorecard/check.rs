//! Attribute checks: "data stored in mainland China", "ISO 27001", "SLA ≥ 99.9 %", "Chinese-language
//! support", "SSO". Used as hard requirements and as attribute-level criteria; each result names the
//! attribute it read and that attribute's source.

use super::{OptionFacts, Part};
use crate::catalog::attributes::Feature;
use crate::catalog::attributes::{ResidencyChoice, Standard};
use crate::catalog::{Basis, Provenance};
use crate::field::FieldError;
use crate::text::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One rule an option's attributes pass or fail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "check", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// Every part that holds data stores it in `place` (ISO 3166-1 alpha-2; `CN` is mainland China).
    DataIn { place: String },
    /// The application (or, for infrastructure-only options, the infrastructure) holds `standard`,
    /// at `min_level` or above where the standard has levels (MLPS 1–5).
    Certification {
        standard: Standard,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_level: Option<u8>,
    },
    /// A published monthly availability commitment of at least `percent`.
    SlaAtLeast {
        #[schema(value_type = String, example = "99.9")]
        percent: Decimal,
    },
    /// Support offered in `language` (BCP 47 primary tag match: `zh` matches `zh-CN`).
    SupportLanguage { language: String },
    /// The feature is available.
    Feature { feature: Feature },
}

/// The result of a check. Only `pass` meets a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Fail,
    /// No source states the attribute: unknown, so not a pass.
    Unknown,
    /// Self-hosted or owned: the operator's own responsibility (met when the request says the buyer
    /// meets it, see `operator_meets` and `premises`).
    Operator,
}

/// What one offering's attribute says, and where that came from.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Evidence {
    pub offering: String,
    /// The attribute read (`sla.availability_percent`, `residency.stored_in`…).
    pub attribute: String,
    /// Its value in words, or why it is unknown.
    #[schema(value_type = String)]
    pub value: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub retrieved: Option<NaiveDate>,
}

impl Evidence {
    pub fn sourced(part: &Part, attribute: &str, value: Text, provenance: &Provenance) -> Self {
        Evidence {
            offering: part.offering.clone(),
            attribute: attribute.to_string(),
            value,
            source_url: Some(provenance.source_url.clone()),
            basis: Some(provenance.basis),
            date: provenance.price_date,
            retrieved: Some(provenance.retrieved),
        }
    }

    pub fn unsourced(part: &Part, attribute: &str, value: Text) -> Self {
        Evidence {
            offering: part.offering.clone(),
            attribute: attribute.to_string(),
            value,
            source_url: None,
            basis: None,
            date: None,
            retrieved: None,
        }
    }
}

/// A check's status and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: CheckStatus,
    pub evidence: Vec<Evidence>,
    /// For graded rubric items: the points earned when passing (else the item's maximum).
    pub grade: Option<u32>,
}

/// What the request says about the buyer itself.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub premises: Option<&'a str>,
    pub operator_meets: &'a [Standard],
    pub language: String,
    /// The comparison is for the China market (the vendor rubric asks for a mainland contracting entity).
    pub market_china: bool,
}

impl Check {
    /// The check in words, for results and CSV rows.
    pub fn describe(&self) -> Text {
        match self {
            Check::DataIn { place } => t!("scorecard-check-data-in", place = @place_name(place)),
            Check::Certification { standard, min_level: Some(level) } => {
                t!("scorecard-check-certification-level", standard = standard.as_str(), level = level)
            }
            Check::Certification { standard, min_level: None } => Text::name(standard.as_str()),
            Check::SlaAtLeast { percent } => t!("scorecard-check-sla-at-least", percent = percent),
            Check::SupportLanguage { language } => {
                t!("scorecard-check-support-language", language = language)
            }
            Check::Feature { feature } => Text::name(feature.as_str()),
        }
    }

    /// What is wrong with the check's parameters, at `at`.
    pub fn problems(&self, at: &str) -> Vec<FieldError> {
        let mut out = Vec::new();
        match self {
            Check::DataIn { place } if !is_place(place) => {
                out.push(FieldError::new(format!("{at}/place"), t!("scorecard-invalid-place", place = place)))
            }
            Check::Certification { standard, min_level: Some(level) } => {
                if *standard != Standard::Mlps {
                    out.push(FieldError::new(format!("{at}/min_level"), t!("scorecard-levels-mlps-only")));
                } else if !(1..=5).contains(level) {
                    out.push(FieldError::new(
                        format!("{at}/min_level"),
                        t!("scorecard-mlps-level-range", level = level),
                    ));
                }
            }
            Check::SlaAtLeast { percent } if *percent <= Decimal::ZERO || *percent > Decimal::ONE_HUNDRED => {
                out.push(FieldError::new(
                    format!("{at}/percent"),
                    t!("scorecard-percent-range", percent = percent),
                ))
            }
            Check::SupportLanguage { language } if !is_language(language) => out.push(FieldError::new(
                format!("{at}/language"),
                t!("scorecard-invalid-language", language = language),
            )),
            _ => {}
        }
        out
    }

    /// Runs the check on an option.
    pub fn evaluate(&self, facts: &OptionFacts, context: &Context<'_>) -> Outcome {
        match self {
            Check::DataIn { place } => data_in(facts, place, context),
            check => {
                let parts = facts.service_parts();
                if parts.is_empty() {
                    return Outcome { status: CheckStatus::Unknown, evidence: Vec::new(), grade: None };
                }
                let outcomes: Vec<Outcome> = parts.iter().map(|p| check.on_part(p, context)).collect();
                combine(outcomes)
            }
        }
    }

    fn on_part(&self, part: &Part, context: &Context<'_>) -> Outcome {
        match self {
            Check::DataIn { .. } => {
                Outcome { status: CheckStatus::Unknown, evidence: Vec::new(), grade: None }
            }
            Check::Certification { standard, min_level } => {
                certification(part, *standard, *min_level, context)
            }
            Check::SlaAtLeast { percent } => sla_at_least(part, *percent),
            Check::SupportLanguage { language } => support_language(part, language),
            Check::Feature { feature } => feature_available(part, *feature),
        }
    }
}

/// Fail beats unknown beats operator beats pass; the evidence of every part is kept, and the
/// smallest grade.
pub fn combine(outcomes: Vec<Outcome>) -> Outcome {
    let order = |s: CheckStatus| match s {
        CheckStatus::Fail => 3,
        CheckStatus::Unknown => 2,
        CheckStatus::Operator => 1,
        CheckStatus::Pass => 0,
    };
    let status = outcomes.iter().map(|o| o.status).max_by_key(|s| order(*s)).unwrap_or(CheckStatus::Unknown);
    let grade = outcomes.iter().filter_map(|o| o.grade).min();
    Outcome { status, evidence: outcomes.into_iter().flat_map(|o| o.evidence).collect(), grade }
}

fn one(status: CheckStatus, evidence: Evidence) -> Outcome {
    Outcome { status, evidence: vec![evidence], grade: None }
}

fn is_self_operated(part: &Part) -> bool {
    crate::catalog::attributes::is_self_operated(part.category, &part.attributes)
}

fn data_in(facts: &OptionFacts, place: &str, context: &Context<'_>) -> Outcome {
    let holders: Vec<&Part> = facts.parts.iter().filter(|p| p.holds_data()).collect();
    // Self-hosted software keeps its data where it runs: the hosting parts decide.
    let hosted = holders.iter().any(|p| !p.is_service());
    let outcomes: Vec<Outcome> = holders
        .iter()
        .filter(|p| !(hosted && p.is_service() && is_self_operated(p)))
        .map(|part| {
            let Some(residency) = &part.attributes.attributes.residency else {
                return one(
                    CheckStatus::Unknown,
                    Evidence::unsourced(part, "residency", t!("scorecard-residency-unknown")),
                );
            };
            let attribute = "residency.stored_in";
            if residency.choice == ResidencyChoice::Operator {
                let (status, value) = match context.premises {
                    Some(premises) if in_place(premises, place) => {
                        (CheckStatus::Pass, t!("scorecard-premises-in", premises = premises))
                    }
                    Some(premises) => (CheckStatus::Fail, t!("scorecard-premises-in", premises = premises)),
                    None => (CheckStatus::Operator, t!("scorecard-premises-unknown")),
                };
                return one(
                    status,
                    Evidence::sourced(part, "residency.choice", value, &residency.provenance),
                );
            }
            if residency.stored_in.is_empty() {
                let value = t!("scorecard-residency-choosable", options = residency.options.join(", "));
                return one(
                    CheckStatus::Unknown,
                    Evidence::sourced(part, attribute, value, &residency.provenance),
                );
            }
            let all_in = residency.stored_in.iter().all(|s| in_place(s, place));
            let value = t!("scorecard-stored-in", places = residency.stored_in.join(", "));
            one(
                if all_in { CheckStatus::Pass } else { CheckStatus::Fail },
                Evidence::sourced(part, attribute, value, &residency.provenance),
            )
        })
        .collect();
    if outcomes.is_empty() {
        return Outcome { status: CheckStatus::Unknown, evidence: Vec::new(), grade: None };
    }
    combine(outcomes)
}

const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Whether data stored in `stored` is in `place` (a country, or `EU` for any member state).
fn in_place(stored: &str, place: &str) -> bool {
    stored == place || (place == "EU" && EU.contains(&stored))
}

fn certification(part: &Part, standard: Standard, min_level: Option<u8>, context: &Context<'_>) -> Outcome {
    let attribute = format!("certifications.{}", standard.as_str());
    if is_self_operated(part) {
        let met = context.operator_meets.contains(&standard);
        let value = if met { t!("scorecard-operator-meets") } else { t!("scorecard-operator-certification") };
        return one(
            if met { CheckStatus::Pass } else { CheckStatus::Operator },
            Evidence::unsourced(part, &attribute, value),
        );
    }
    let held = part.attributes.attributes.certifications.iter().filter(|c| c.standard == standard);
    let mut best: Option<&crate::catalog::attributes::Certification> = None;
    for certification in held {
        let level = certification.level.as_deref().and_then(|l| l.parse::<u8>().ok());
        if min_level.is_none_or(|min| level.is_some_and(|l| l >= min)) {
            return one(
                CheckStatus::Pass,
                Evidence::sourced(part, &attribute, holding(certification), &certification.provenance),
            );
        }
        best = Some(certification);
    }
    match best {
        Some(lower) => {
            one(CheckStatus::Fail, Evidence::sourced(part, &attribute, holding(lower), &lower.provenance))
        }
        None => one(
            CheckStatus::Unknown,
            Evidence::unsourced(part, &attribute, t!("scorecard-not-stated-by-source")),
        ),
    }
}

fn holding(certification: &crate::catalog::attributes::Certification) -> Text {
    match &certification.level {
        Some(level) => {
            t!(
                "scorecard-certification-level-held",
                standard = certification.standard.as_str(),
                level = level
            )
        }
        None => Text::name(certification.standard.as_str()),
    }
}

fn sla_at_least(part: &Part, percent: Decimal) -> Outcome {
    let attribute = "sla.availability_percent";
    match &part.attributes.attributes.sla {
        None if is_self_operated(part) => {
            one(CheckStatus::Operator, Evidence::unsourced(part, attribute, t!("scorecard-sla-operator")))
        }
        None => one(CheckStatus::Unknown, Evidence::unsourced(part, attribute, t!("scorecard-sla-unknown"))),
        Some(sla) => match sla.availability_percent.filter(|_| sla.published) {
            None => one(
                CheckStatus::Fail,
                Evidence::sourced(part, attribute, t!("scorecard-sla-none-published"), &sla.provenance),
            ),
            Some(a) => {
                let status = if a >= percent { CheckStatus::Pass } else { CheckStatus::Fail };
                one(status, Evidence::sourced(part, attribute, Text::name(format!("{a} %")), &sla.provenance))
            }
        },
    }
}

fn support_language(part: &Part, language: &str) -> Outcome {
    let attribute = "support.languages";
    let Some(support) = &part.attributes.attributes.support else {
        return one(
            CheckStatus::Unknown,
            Evidence::unsourced(part, attribute, t!("scorecard-support-unknown")),
        );
    };
    if support.languages.is_empty() {
        return one(
            CheckStatus::Unknown,
            Evidence::sourced(part, attribute, t!("scorecard-languages-not-stated"), &support.provenance),
        );
    }
    let wanted = primary(language);
    let offered = support.languages.iter().any(|l| primary(l) == wanted);
    let value = Text::name(support.languages.join(", "));
    one(
        if offered { CheckStatus::Pass } else { CheckStatus::Fail },
        Evidence::sourced(part, attribute, value, &support.provenance),
    )
}

fn feature_available(part: &Part, feature: Feature) -> Outcome {
    let attribute = format!("features.{}", feature.as_str());
    match part.attributes.attributes.features.get(&feature) {
        None => one(
            CheckStatus::Unknown,
            Evidence::unsourced(part, &attribute, t!("scorecard-not-stated-by-source")),
        ),
        Some(value) => {
            let text = match (&value.note, value.available) {
                (Some(note), _) => Text::name(note.clone()),
                (None, true) => t!("scorecard-feature-available"),
                (None, false) => t!("scorecard-feature-not-available"),
            };
            let status = if value.available { CheckStatus::Pass } else { CheckStatus::Fail };
            one(status, Evidence::sourced(part, &attribute, text, &value.provenance))
        }
    }
}

fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

/// An ISO 3166-1 alpha-2 code, or `EU`.
pub fn is_place(place: &str) -> bool {
    place.len() == 2 && place.chars().all(|c| c.is_ascii_uppercase())
}

pub fn is_language(tag: &str) -> bool {
    let (primary, region) = tag.split_once('-').unwrap_or((tag, ""));
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && region.len() <= 8
        && region.chars().all(|c| c.is_ascii_alphanumeric())
}

fn place_name(place: &str) -> Text {
    match place {
        "CN" => t!("scorecard-place-cn"),
        "EU" => t!("scorecard-place-eu"),
        other => Text::name(other),
    }
}
