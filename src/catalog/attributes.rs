//! What buyers weigh besides price: support, SLA, data residency, certifications, deployment effort,
//! exit and features, as sourced data (`pricing-data/attributes/*.json`).
//!
//! Attributes are kept in profiles apart from the price files (which importers rewrite), each naming
//! the offering ids it describes by exact id or id prefix. For each attribute the most specific
//! profile that states it wins, so vendor-wide facts sit on a broad profile and a plan's own SLA on a
//! narrow one. An attribute no profile states is unknown, and stays so: nothing here has a default.

use super::model::Provenance;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One file under `pricing-data/attributes/`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributeFile {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub title: String,
    /// When the file as a whole was last reviewed against its sources.
    #[schemars(with = "String")]
    pub reviewed: chrono::NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub profiles: Vec<Profile>,
}

/// The attributes of the offerings whose ids start with one of `applies_to`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Unique across every attribute file.
    pub id: String,
    /// Offering ids, or id prefixes ending in `/`; each must match at least one offering.
    pub applies_to: Vec<String>,
    pub name: String,
    /// The name in Simplified Chinese, where the vendor has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// What the profile states; every attribute absent from it is unknown.
    pub attributes: Attributes,
}

/// Every kind of attribute; each one is absent (unknown) or stated with its source.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<Vendor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<Support>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<Sla>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<Residency>,
    /// Each certification with its own source; empty means none is known (not "none held").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<Certification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<Deployment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<Exit>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub features: BTreeMap<Feature, FeatureValue>,
}

/// Who sells it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    pub company: String,
    /// ISO 3166-1 alpha-2 code of the company's headquarters.
    pub headquarters: String,
    /// Whether the buyer contracts with an entity in mainland China.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub china_entity: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<u16>,
    pub provenance: Provenance,
}

/// The vendor's (or, for community software, the community's) support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// Languages support is offered in (BCP 47: `en`, `zh`, `ja`…).
    #[serde(default)]
    pub languages: Vec<String>,
    /// One per support level, cheapest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<SupportTier>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportTier {
    pub name: String,
    /// Included in the offering's price, or bought separately; absent when the source does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub included: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<SupportHours>,
    /// First-response target for the most severe case, in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub first_response_hours: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<SupportChannel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
pub enum SupportHours {
    #[serde(rename = "24x7")]
    AllHours,
    #[serde(rename = "business_hours")]
    BusinessHours,
    /// Forum or issue tracker only: no one is bound to answer.
    #[serde(rename = "community")]
    Community,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SupportChannel {
    Ticket,
    Email,
    Chat,
    Phone,
    Forum,
    DedicatedManager,
}

/// The service level the vendor commits to, or its statement that it commits to none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// False: the vendor publishes no SLA for this offering (a sourced absence, not an unknown).
    pub published: bool,
    /// Monthly availability commitment in percent (e.g. "99.9"); required when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub availability_percent: Option<Decimal>,
    /// Service credit steps, strictest first or in any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<ServiceCredit>,
    /// What is covered (per region or instance, which plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceCredit {
    /// Monthly availability below which this credit applies, in percent.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub below_percent: Decimal,
    /// Credit as a percent of the month's bill.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub credit_percent: Decimal,
}

/// Where customer data is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Residency {
    pub choice: ResidencyChoice,
    /// Places data is stored (ISO 3166-1 alpha-2; `CN` is mainland China, `EU` somewhere in the EU).
    /// For `customer`, the place of this offering's region; empty for `operator`, and where the source
    /// names only the places a customer may choose (`options`): then where it is by default is unknown.
    #[serde(default)]
    pub stored_in: Vec<String>,
    /// Other places the customer may choose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResidencyChoice {
    /// The vendor decides where the data is.
    Vendor,
    /// The customer picks a region or data centre.
    Customer,
    /// Self-hosted or owned: wherever the operator puts it.
    Operator,
}

/// A certification or attestation the vendor states it holds (or an agreement it offers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    pub standard: Standard,
    /// The level where the standard has levels (China's MLPS 等保 level 1–5, CSA STAR 1–3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub provenance: Provenance,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Standard {
    #[serde(rename = "iso_27001")]
    Iso27001,
    #[serde(rename = "iso_27017")]
    Iso27017,
    #[serde(rename = "iso_27018")]
    Iso27018,
    #[serde(rename = "iso_27701")]
    Iso27701,
    #[serde(rename = "iso_9001")]
    Iso9001,
    #[serde(rename = "iso_20000")]
    Iso20000,
    #[serde(rename = "soc_1")]
    Soc1,
    #[serde(rename = "soc_2")]
    Soc2,
    #[serde(rename = "soc_3")]
    Soc3,
    CsaStar,
    PciDss,
    HipaaBaa,
    /// A data processing agreement under the GDPR (art. 28).
    GdprDpa,
    /// Germany's BSI Cloud Computing Compliance Criteria Catalogue.
    C5,
    /// China's Multi-Level Protection Scheme (网络安全等级保护, 等保), with its level.
    Mlps,
    Tisax,
    Fedramp,
    Ismap,
    Mtcs,
}

impl Standard {
    pub fn as_str(self) -> &'static str {
        match self {
            Standard::Iso27001 => "iso_27001",
            Standard::Iso27017 => "iso_27017",
            Standard::Iso27018 => "iso_27018",
            Standard::Iso27701 => "iso_27701",
            Standard::Iso9001 => "iso_9001",
            Standard::Iso20000 => "iso_20000",
            Standard::Soc1 => "soc_1",
            Standard::Soc2 => "soc_2",
            Standard::Soc3 => "soc_3",
            Standard::CsaStar => "csa_star",
            Standard::PciDss => "pci_dss",
            Standard::HipaaBaa => "hipaa_baa",
            Standard::GdprDpa => "gdpr_dpa",
            Standard::C5 => "c5",
            Standard::Mlps => "mlps",
            Standard::Tisax => "tisax",
            Standard::Fedramp => "fedramp",
            Standard::Ismap => "ismap",
            Standard::Mtcs => "mtcs",
        }
    }
}

/// What it takes to put into service and keep running.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    pub model: DeploymentModel,
    /// Typical working days to deploy (usually an estimate: the provenance states its method).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_deploy: Option<DayRange>,
    pub patching: Patching,
    /// Skills the operator needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Self-hosted or owned: what the operator must provide itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operator_provides: Vec<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayRange {
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub low: Decimal,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub high: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentModel {
    Saas,
    SelfHosted,
    Iaas,
    Hardware,
}

/// Who applies security fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Patching {
    Vendor,
    Operator,
    /// A shared-responsibility model: the vendor below the guest OS, the operator above.
    Shared,
}

/// Leaving: what comes out, and with how much notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Exit {
    #[serde(default)]
    pub export_formats: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_scope: Option<String>,
    /// Contract notice to cancel, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration_effort: Option<String>,
    pub provenance: Provenance,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    Sso,
    Scim,
    MessageRetention,
    E2eEncryption,
    EncryptionAtRest,
    AuditLog,
    DataExport,
    Backup,
    Mfa,
    PrivateDeployment,
    Api,
}

impl Feature {
    pub const ALL: [Feature; 11] = [
        Feature::Sso,
        Feature::Scim,
        Feature::MessageRetention,
        Feature::E2eEncryption,
        Feature::EncryptionAtRest,
        Feature::AuditLog,
        Feature::DataExport,
        Feature::Backup,
        Feature::Mfa,
        Feature::PrivateDeployment,
        Feature::Api,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Sso => "sso",
            Feature::Scim => "scim",
            Feature::MessageRetention => "message_retention",
            Feature::E2eEncryption => "e2e_encryption",
            Feature::EncryptionAtRest => "encryption_at_rest",
            Feature::AuditLog => "audit_log",
            Feature::DataExport => "data_export",
            Feature::Backup => "backup",
            Feature::Mfa => "mfa",
            Feature::PrivateDeployment => "private_deployment",
            Feature::Api => "api",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureValue {
    pub available: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub provenance: Provenance,
}

/// Every profile of the catalogue, in the order of the files and of the profiles in them.
#[derive(Debug, Clone, Default)]
pub struct Profiles(pub Vec<Profile>);

/// An offering's attributes as resolved from its matching profiles, each naming the profile it came
/// from (what `GET /v1/offerings/{id}` shows and scorecards read).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct OfferingAttributes {
    /// The matching profiles, most specific first.
    pub profiles: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    #[serde(flatten)]
    pub attributes: Attributes,
}

impl OfferingAttributes {
    /// Whether nothing at all is known.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }
}

/// Whether an offering is the application a buyer uses (SaaS or self-hosted software), by category or
/// as its deployment attribute says.
pub fn is_service(category: super::Category, attributes: &OfferingAttributes) -> bool {
    let model = attributes.attributes.deployment.as_ref().map(|d| d.model);
    matches!(category, super::Category::Saas | super::Category::Software)
        || matches!(model, Some(DeploymentModel::Saas | DeploymentModel::SelfHosted))
}

/// Whether the buyer runs it itself (self-hosted software, owned hardware): its availability,
/// compliance and residency are the operator's.
pub fn is_self_operated(category: super::Category, attributes: &OfferingAttributes) -> bool {
    let model = attributes.attributes.deployment.as_ref().map(|d| d.model);
    matches!(model, Some(DeploymentModel::SelfHosted | DeploymentModel::Hardware))
        || matches!(category, super::Category::Software | super::Category::Hardware)
}

/// The attribute paths a template may name as mattering to its question (`features.sso`,
/// `certifications.mlps`…): every attribute kind, and each feature and standard by name.
pub fn is_attribute_path(path: &str) -> bool {
    const KINDS: [&str; 12] = [
        "vendor",
        "support",
        "support.languages",
        "support.tiers",
        "sla",
        "residency",
        "certifications",
        "deployment",
        "deployment.operator_provides",
        "exit",
        "exit.export_formats",
        "features",
    ];
    let named = |prefix: &str, word: &str| -> bool {
        let value = serde_json::Value::String(word.to_string());
        match prefix {
            "features" => serde_json::from_value::<Feature>(value).is_ok(),
            "certifications" => serde_json::from_value::<Standard>(value).is_ok(),
            _ => false,
        }
    };
    KINDS.contains(&path) || path.split_once('.').is_some_and(|(prefix, word)| named(prefix, word))
}

/// Whether `pattern` (an exact id, or a prefix ending in `/`) covers `id`.
pub fn covers(pattern: &str, id: &str) -> bool {
    if pattern.ends_with('/') {
        id.starts_with(pattern)
    } else {
        id == pattern
    }
}

impl Profiles {
    /// The attributes of offering `id`: for each attribute, the one the most specific matching
    /// profile states (specificity = the length of the longest pattern that matched).
    pub fn resolve(&self, id: &str) -> OfferingAttributes {
        let mut matching: Vec<(usize, &Profile)> = self
            .0
            .iter()
            .filter_map(|p| {
                p.applies_to.iter().filter(|a| covers(a, id)).map(String::len).max().map(|len| (len, p))
            })
            .collect();
        matching.sort_by_key(|m| std::cmp::Reverse(m.0));
        let mut out = OfferingAttributes::default();
        for (_, profile) in matching {
            out.profiles.push(profile.id.clone());
            fill(&mut out.name_zh, &profile.name_zh);
            merge(&mut out.attributes, &profile.attributes);
        }
        out
    }
}

fn fill<T: Clone>(slot: &mut Option<T>, from: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(from);
    }
}

/// Adds to `into` whatever it does not state yet (`into` holds the more specific profiles).
fn merge(into: &mut Attributes, from: &Attributes) {
    fill(&mut into.vendor, &from.vendor);
    fill(&mut into.support, &from.support);
    fill(&mut into.sla, &from.sla);
    fill(&mut into.residency, &from.residency);
    fill(&mut into.deployment, &from.deployment);
    fill(&mut into.exit, &from.exit);
    if into.certifications.is_empty() {
        into.certifications.clone_from(&from.certifications);
    }
    for (feature, value) in &from.features {
        into.features.entry(*feature).or_insert_with(|| value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::Basis;

    fn provenance(url: &str) -> Provenance {
        Provenance {
            source_url: url.to_string(),
            basis: Basis::VendorList,
            copied_by: None,
            price_date: None,
            retrieved: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            note: None,
        }
    }

    fn sla(percent: &str, url: &str) -> Sla {
        Sla {
            published: true,
            availability_percent: Some(percent.parse().expect("decimal")),
            credits: vec![],
            scope: None,
            provenance: provenance(url),
        }
    }

    fn profile(id: &str, applies_to: &[&str], a: Attributes) -> Profile {
        Profile {
            id: id.into(),
            applies_to: applies_to.iter().map(|s| s.to_string()).collect(),
            name: id.into(),
            name_zh: None,
            attributes: a,
        }
    }

    #[test]
    fn the_most_specific_profile_that_states_an_attribute_wins_and_the_rest_come_from_broader_ones() {
        let vendor = Vendor {
            company: "Slack".into(),
            headquarters: "US".into(),
            china_entity: None,
            founded: None,
            provenance: provenance("https://slack.example/about"),
        };
        let profiles = Profiles(vec![
            profile(
                "slack",
                &["slack/"],
                Attributes {
                    vendor: Some(vendor.clone()),
                    sla: Some(sla("99.99", "https://slack.example/sla")),
                    ..Default::default()
                },
            ),
            profile(
                "slack-pro",
                &["slack/slack/global/pro"],
                Attributes {
                    sla: Some(Sla {
                        published: false,
                        availability_percent: None,
                        ..sla("0", "https://slack.example/pro")
                    }),
                    ..Default::default()
                },
            ),
        ]);
        let pro = profiles.resolve("slack/slack/global/pro");
        assert_eq!(pro.profiles, ["slack-pro", "slack"]);
        assert!(!pro.attributes.sla.as_ref().expect("sla").published);
        assert_eq!(pro.attributes.vendor.as_ref(), Some(&vendor));

        let plus = profiles.resolve("slack/slack/global/business-plus");
        assert_eq!(plus.profiles, ["slack"]);
        assert_eq!(plus.attributes.sla.expect("sla").availability_percent, Some("99.99".parse().expect("d")));
        // No profile: nothing known, not a default.
        let other = profiles.resolve("zoom/workplace/global/pro");
        assert!(other.is_empty() && other.attributes.sla.is_none() && other.attributes.vendor.is_none());
    }

    #[test]
    fn a_prefix_covers_ids_below_it_and_an_exact_id_only_itself() {
        assert!(covers("aws/ec2/", "aws/ec2/us-east-1/m7i.large"));
        assert!(!covers("aws/ec2/", "aws/ec2-other/x/y"));
        assert!(covers("aws/ec2/us-east-1/m7i.large", "aws/ec2/us-east-1/m7i.large"));
        assert!(!covers("aws/ec2/us-east-1/m7i", "aws/ec2/us-east-1/m7i.large"));
    }
}
