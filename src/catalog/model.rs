//! The price book's data model: offerings, their price schedules and where every figure came from.
//!
//! These types are exactly what `pricing-data/**/*.json` files contain (the JSON Schema under
//! `pricing-data/schema/` is generated from them). Prices are decimal strings in the files.

use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One file under `pricing-data/`: a header and the offerings it curates.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceFile {
    /// Path of the JSON Schema, so editors validate while people edit.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub title: String,
    /// Who publishes the prices in this file (a vendor, an agency, or "Breakeven estimates").
    pub publisher: String,
    /// Currency of every price in the file that does not name its own.
    pub currency: Currency,
    /// When the file as a whole was last reviewed against its sources.
    #[schemars(with = "String")]
    pub reviewed: NaiveDate,
    /// Main source of the file (a URL).
    pub source: String,
    /// Whether the file's prices include value-added or sales tax, and at what rate: the default of
    /// every price schedule that does not state its own `tax`. Required (the validator says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default)]
    pub offerings: Vec<Offering>,
    /// Power usage effectiveness presets (facilities files only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pue_presets: Vec<PuePreset>,
}

/// One purchasable thing: a SaaS plan, a cloud SKU in a region, a server model, a labour role…
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    /// Stable id `provider/product/region/sku` (lower case, `/`-separated; region may be `global`).
    pub id: String,
    pub name: String,
    /// The vendor's own Simplified Chinese name, where it has one (shown when the answer is in Chinese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    pub provider: String,
    pub category: Category,
    /// Vendor region code (e.g. `us-east-1`, `cn-beijing`), or none for global offerings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `china` or `global`: which market the offering is sold in (drives template choices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<Market>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub specs: Specs,
    /// What amortization and facilities need (hardware offerings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware: Option<HardwareSpec>,
    /// Labour roles: loaded cost and staffing guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labor: Option<LaborSpec>,
    /// Official sizing guidance of self-hosted software, smallest deployment first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sizing: Vec<SizingGuide>,
    /// Default provenance for every price schedule of this offering that gives none itself.
    pub provenance: Provenance,
    /// One schedule per purchase option (on demand, reserved 1y, monthly and annual plans, purchase…).
    pub prices: Vec<PriceSchedule>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Compute,
    Storage,
    Network,
    Saas,
    Software,
    Hardware,
    Power,
    Facilities,
    Labor,
    Support,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Compute,
        Category::Storage,
        Category::Network,
        Category::Saas,
        Category::Software,
        Category::Hardware,
        Category::Power,
        Category::Facilities,
        Category::Labor,
        Category::Support,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Compute => "compute",
            Category::Storage => "storage",
            Category::Network => "network",
            Category::Saas => "saas",
            Category::Software => "software",
            Category::Hardware => "hardware",
            Category::Power => "power",
            Category::Facilities => "facilities",
            Category::Labor => "labor",
            Category::Support => "support",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Market {
    China,
    Global,
}

impl Market {
    pub fn as_str(self) -> &'static str {
        match self {
            Market::China => "china",
            Market::Global => "global",
        }
    }
}

/// Capacity and other plain facts about an offering. All optional; hardware also needs `hardware`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Specs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vcpu: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub memory_gib: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub storage_gib: Option<Decimal>,
    /// e.g. `x86_64`, `arm64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    /// e.g. `tower`, `1u`, `2u`, `desktop`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_factor: Option<String>,
    /// Anything else worth showing (`"gpu": "none"`, `"ports": "48x1GbE"`…), as text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// What amortization and the facility model need to know about a piece of hardware.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HardwareSpec {
    /// Typical (average) power draw at the wall in watts, used for the energy bill.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub power_typical_watts: Decimal,
    /// Maximum (nameplate or measured peak) draw in watts, used for sizing power and UPS.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub power_max_watts: Decimal,
    /// Rack units occupied (0 for tower or desktop units kept on a shelf).
    pub rack_units: u32,
    /// Default useful life in years for depreciation and refresh.
    pub useful_life_years: u32,
    /// Default yearly support/maintenance contract as a fraction of purchase price (e.g. "0.10").
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub support_rate: Decimal,
    /// Where the power figures come from (e.g. a SPECpower result) when not from the price source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_source: Option<String>,
}

/// A labour role's loaded cost inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LaborSpec {
    /// Employer's cost on top of gross salary (social insurance, benefits): total = salary × multiplier.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub on_cost_multiplier: Decimal,
    /// Staffing guide: servers one full-time admin can run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers_per_admin: Option<u32>,
}

/// One row of a vendor's published sizing guide for self-hosted software.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SizingGuide {
    /// Largest number of users (or MAU, see `driver`) this deployment serves.
    pub max_users: u64,
    /// What `max_users` counts: `users`, `mau`, `concurrent_users`…
    pub driver: String,
    /// Application nodes in the deployment.
    pub nodes: u32,
    pub vcpu_per_node: u32,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub memory_gib_per_node: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source_url: String,
}

/// A power usage effectiveness preset (total facility power ÷ IT power).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PuePreset {
    pub id: String,
    pub name: String,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub pue: Decimal,
    pub provenance: Provenance,
}

/// Where a figure came from, how it was obtained and when: enough for a reader to judge it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The page, document, price API or file the figure was read from (for `third_party`, the copy).
    pub source_url: String,
    pub basis: Basis,
    /// Who made the copy, for `third_party` (e.g. "SkyPilot's catalogue, harvested from the AWS price API").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied_by: Option<String>,
    /// The price's own date: its effective date, the offer's publication date, the page's "last
    /// updated" stamp or the statistic's period. None when the source states none: unknown stays unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>, format = Date)]
    pub price_date: Option<NaiveDate>,
    /// When the source was read.
    #[schemars(with = "String")]
    #[schema(value_type = String, format = Date)]
    pub retrieved: NaiveDate,
    /// For `derived`: the formula; for `estimate`: the method and its range; otherwise any caveat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a figure was obtained, strongest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Read on the vendor's own price page, document, price API or price file.
    VendorList,
    /// A copy of the vendor's list made by someone else (named in `copied_by`).
    ThirdParty,
    /// An official statistic or average (EIA, Eurostat, BLS, NBS, a central bank's reference rate).
    Statistic,
    /// Arithmetic on figures of the bases above, formula in `note`.
    Derived,
    /// A negotiated price: inline in a request or from a price book.
    Quote,
    /// Not published anywhere we could read; estimated by the method in `note`.
    Estimate,
}

impl Basis {
    pub const ALL: [Basis; 6] = [
        Basis::VendorList,
        Basis::ThirdParty,
        Basis::Statistic,
        Basis::Derived,
        Basis::Quote,
        Basis::Estimate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::VendorList => "vendor_list",
            Basis::ThirdParty => "third_party",
            Basis::Statistic => "statistic",
            Basis::Derived => "derived",
            Basis::Quote => "quote",
            Basis::Estimate => "estimate",
        }
    }
}

/// How one offering is priced under one purchase option.
///
/// The monthly charge for a quantity `q` of `unit` is computed by `catalog::pricing::charge`:
/// `billable = max(0, q − included_quantity)`, counted in started blocks of `block_size` when given,
/// then priced at `unit_price` or through `tiers` in `tier_mode`, plus `base_fee`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceSchedule {
    pub purchase_option: PurchaseOption,
    /// For reserved/committed terms: how the term is paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    /// For reserved/committed terms: which kind of commitment, when it is not a plain (standard)
    /// reservation of this offering: a convertible reservation or a savings plan's rate for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Commitment>,
    pub billing: Billing,
    /// Defaults to the file's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    pub unit: Unit,
    /// Price per unit (per block when `block_size` is set). Absent when only tiers price the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub unit_price: Option<Decimal>,
    /// Fixed fee per billing month whatever the quantity (a plan's monthly price).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub base_fee: Option<Decimal>,
    /// Units covered by the base fee (or free tier) before any per-unit charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub included_quantity: Option<Decimal>,
    /// Billable units are counted in started blocks of this size (e.g. 10000 MAU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub block_size: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_mode: Option<TierMode>,
    /// Ascending by `up_to`; the last tier may leave `up_to` empty (no upper bound).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// One-time amount paid at the start of a term (reserved upfront) or at purchase (hardware).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub upfront: Option<Decimal>,
    /// Commitment term in months (reserved instances, annual plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    /// Plan limits: the smallest and largest quantity this schedule may be bought for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub min_quantity: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub max_quantity: Option<Decimal>,
    /// Overrides the offering's provenance for this schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Overrides the file's `tax` for this schedule (filled in from the file when the catalogue loads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
    /// What a facility price covers besides the space (e.g. `["power"]` for a powered rack), so that
    /// the facility's energy line does not charge it a second time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<Inclusion>,
    /// With `includes: ["power"]`: the power allotment in kW per billed unit (rack, U or server), when
    /// the source states it. Draw beyond it is charged at the energy tariff; without it, none is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub included_power_kw: Option<Decimal>,
    /// How far the true price may be from these figures, as its source or estimate states it; used by
    /// the uncertainty analysis instead of its basis' default spread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<PriceRange>,
}

/// A price's plausible range, as factors of every amount of its schedule (`low` 0.8 and `high` 1.5:
/// from 20 % below to 50 % above), with the method that gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceRange {
    /// At most 1.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub low: Decimal,
    /// At least 1.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub high: Decimal,
    /// How the range was found (e.g. "the lowest and highest of three resellers' quotes").
    pub method: String,
}

/// Whether a price includes value-added (or sales) tax, and at what rate.
///
/// `{"included": true, "rate": "0.06"}` is a gross price with 6 % VAT in it (Chinese cloud list
/// prices); `{"included": false}` a net price whose tax rate is not known (it depends on the buyer);
/// `{"included": false, "rate": "0"}` a price outside VAT (wages). An included tax needs its rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tax {
    /// True when the price already contains the tax (gross), false when the tax comes on top (net).
    pub included: bool,
    /// The tax rate as a fraction, 0 to below 1 (e.g. "0.06"); required when `included`, otherwise
    /// given only when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub rate: Option<Decimal>,
    /// Where the treatment is stated (the vendor page and its words, e.g. "含税"), or why it is taken
    /// as it is when the source does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Tax {
    /// What is wrong with it, as `(field, message)` with the field relative to the tax object
    /// (`""` or `"/rate"`): a rate outside [0, 1), or an included tax without its rate.
    pub fn problems(&self) -> Vec<(&'static str, crate::text::Text)> {
        let mut out = Vec::new();
        match self.rate {
            Some(rate) if rate.is_sign_negative() && !rate.is_zero() || rate >= Decimal::ONE => {
                out.push(("/rate", t!("catalog-tax-rate-out-of-range", rate = rate)))
            }
            None if self.included => out.push(("/rate", t!("catalog-tax-rate-required"))),
            _ => {}
        }
        out
    }
}

/// Something a facility price includes besides the space itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Inclusion {
    /// The electricity (and its cooling) of the equipment, up to `included_power_kw` when stated.
    Power,
}

impl Inclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Inclusion::Power => "power",
        }
    }
}

/// One tier. In `package` mode a tier is a plan: `up_to` is its capacity and `flat_fee` its price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Upper bound of the tier in billable units (inclusive); none for the last, open-ended tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub up_to: Option<Decimal>,
    /// Price per unit inside this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub unit_price: Option<Decimal>,
    /// Fixed price charged once the tier is reached (package plans, graduated entry fees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub flat_fee: Option<Decimal>,
    /// Plan name for package tiers (e.g. "Pro 10K").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TierMode {
    /// Each tier's units at that tier's rate (egress, storage).
    Graduated,
    /// All units at the rate of the tier the quantity reaches.
    Volume,
    /// The smallest plan that covers the quantity; beyond the largest plan, `unit_price` per unit/block.
    Package,
}

impl TierMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TierMode::Graduated => "graduated",
            TierMode::Volume => "volume",
            TierMode::Package => "package",
        }
    }
}

/// The metered unit of a price. Conversions between time bases use 730 hours a month.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Per instance-hour (VMs); monthly charge = price × 730 per instance.
    Hour,
    /// Per item per month (a plan, a server's colocation, a support line).
    Month,
    /// Per item per year.
    Year,
    /// Per GiB stored per month.
    GibMonth,
    /// Per GiB transferred.
    Gib,
    /// Per user (seat) per month.
    UserMonth,
    /// Per monthly active user per month.
    MauMonth,
    /// Per user of the month's peak daily active users.
    DauPeakMonth,
    /// Per kilowatt-hour of energy.
    Kwh,
    /// Per full-time-equivalent per year (loaded labour cost before on-cost multiplier).
    FteYear,
    /// Per rack (42U) per month.
    RackMonth,
    /// Per rack unit per month.
    UMonth,
    /// Per Mbps of fixed bandwidth per month (how Chinese clouds sell bandwidth).
    MbpsMonth,
    /// Per item, once (hardware purchase, perpetual licence, setup fee).
    Each,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hour => "hour",
            Unit::Month => "month",
            Unit::Year => "year",
            Unit::GibMonth => "gib_month",
            Unit::Gib => "gib",
            Unit::UserMonth => "user_month",
            Unit::MauMonth => "mau_month",
            Unit::DauPeakMonth => "dau_peak_month",
            Unit::Kwh => "kwh",
            Unit::FteYear => "fte_year",
            Unit::RackMonth => "rack_month",
            Unit::UMonth => "u_month",
            Unit::MbpsMonth => "mbps_month",
            Unit::Each => "each",
        }
    }
}

/// When the vendor bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    /// Billed every month for that month.
    Monthly,
    /// Twelve months billed at the start of each year of use.
    AnnualUpfront,
    /// Paid once.
    OneTime,
    /// Metered and billed monthly in arrears.
    Usage,
}

impl Billing {
    pub fn as_str(self) -> &'static str {
        match self {
            Billing::Monthly => "monthly",
            Billing::AnnualUpfront => "annual_upfront",
            Billing::OneTime => "one_time",
            Billing::Usage => "usage",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseOption {
    OnDemand,
    #[serde(rename = "reserved_1y")]
    Reserved1y,
    #[serde(rename = "reserved_3y")]
    Reserved3y,
    Spot,
    MonthlySubscription,
    AnnualSubscription,
    Purchase,
}

impl PurchaseOption {
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseOption::OnDemand => "on_demand",
            PurchaseOption::Reserved1y => "reserved_1y",
            PurchaseOption::Reserved3y => "reserved_3y",
            PurchaseOption::Spot => "spot",
            PurchaseOption::MonthlySubscription => "monthly_subscription",
            PurchaseOption::AnnualSubscription => "annual_subscription",
            PurchaseOption::Purchase => "purchase",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    NoUpfront,
    PartialUpfront,
    AllUpfront,
}

impl Payment {
    pub fn as_str(self) -> &'static str {
        match self {
            Payment::NoUpfront => "no_upfront",
            Payment::PartialUpfront => "partial_upfront",
            Payment::AllUpfront => "all_upfront",
        }
    }
}

/// The kind of a commitment term, beside the plain (standard) reservation that needs no label.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Commitment {
    /// A reservation that may be exchanged for another of equal or greater value (AWS convertible RI).
    Convertible,
    /// A spend commitment that applies across instance families and regions (AWS Compute Savings
    /// Plans, Azure savings plan for compute): this schedule is its rate for this offering.
    ComputeSavingsPlan,
    /// A spend commitment tied to one instance family in one region (AWS EC2 Instance Savings Plans).
    InstanceSavingsPlan,
}

impl Commitment {
    pub fn as_str(self) -> &'static str {
        match self {
            Commitment::Convertible => "convertible",
            Commitment::ComputeSavingsPlan => "compute_savings_plan",
            Commitment::InstanceSavingsPlan => "instance_savings_plan",
        }
    }
}

/// `fx.json`: reference exchange rates, each quoted as units of `currency` per one `base`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FxFile {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub title: String,
    pub base: Currency,
    pub rates: Vec<FxRate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FxRate {
    pub currency: Currency,
    /// Units of `currency` per one unit of the file's base currency.
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub per_base: Decimal,
    pub provenance: Provenance,
}
