//! Scenarios: what a business wants compared — a currency, a horizon, a discount rate, drivers that grow
//! over time, and the options (bundles of priced components) to compare.
//!
//! Plain data with serde and OpenAPI schemas; `validate` checks what a scenario says on its own (ranges,
//! names, drivers) and `timeline` works out its drivers month by month. Checking it against a catalogue
//! is the engine's (`engine::prepare`), which reports every problem at once with an RFC 6901 JSON
//! pointer. The engine (`crate::engine`) turns a
//! valid scenario into a `Comparison`. Months in the API are numbered from 1 (month 1 is `start`).

pub mod distribution;
mod names;
pub mod paths;
pub mod template;
pub mod timeline;
pub(crate) mod validate;

pub use validate::{FieldError, ScenarioErrors};

use crate::catalog::{
    Billing, Category, Commitment, HardwareSpec, LaborSpec, Payment, PurchaseOption, Tax, TierMode, Unit,
};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

/// Largest horizon, in months (20 years).
pub const MAX_HORIZON_MONTHS: u32 = 240;
/// Most options one scenario may compare.
pub const MAX_OPTIONS: usize = 20;
/// Most components across all options of one scenario.
pub const MAX_COMPONENTS: usize = 200;
/// Largest quantity of anything in any month (a driver value or a component quantity).
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Largest price or amount a scenario may carry (inline prices, tier prices, fees).
pub const MAX_PRICE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// A comparison request: everything the engine needs besides the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "currency": "USD",
    "horizon_months": 60,
    "start": "2026-01",
    "discount_rate": "0.08",
    "drivers": {"users": {"start": "50", "annual_growth": "0.10"}},
    "options": [
        {"name": "Slack Pro", "components": [
            {"name": "Seats", "offering": "slack/slack/global/pro", "purchase_option": "monthly_subscription",
             "quantity": {"driver": "users", "round": "ceil"}}
        ]},
        {"name": "Mattermost on two owned servers", "components": [
            {"name": "Mattermost", "offering": "mattermost/mattermost/global/free",
             "purchase_option": "monthly_subscription", "quantity": {"driver": "users", "round": "ceil"}},
            {"name": "Servers", "offering": "hpe/proliant/global/dl20-gen10-plus", "purchase_option": "purchase",
             "quantity": {"fixed": "2"}, "asset": {"residual_rate": "0.05"}}
        ],
        "facility": {"energy_offering": "eia/commercial-electricity/us/national-average",
                     "pue_preset": "small-server-room"},
        "labor": [{"offering": "bls/sysadmin/us/median", "fte": "0.1"}]}
    ]
}))]
pub struct Scenario {
    /// Currency of every amount in the result (ISO 4217). Prices in other currencies are converted at the
    /// catalogue's reference exchange rate, and each conversion is listed in the warnings.
    pub currency: Currency,
    /// Length of the comparison in months, 1 to 240.
    #[schema(minimum = 1, maximum = 240)]
    pub horizon_months: u32,
    /// First month of the horizon, `YYYY-MM` (month 1). Prices dated more than 12 months before it are
    /// flagged as stale.
    pub start: YearMonth,
    /// Annual discount rate (effective, e.g. "0.08" for 8 %/yr), 0 to 1. Monthly cash flows are discounted
    /// at `(1 + discount_rate)^(1/12) − 1` per month.
    pub discount_rate: Decimal,
    /// Whether prices are compared net of VAT or sales tax (`net`, the default) or including it
    /// (`gross`). This is the tax on prices, not the profit tax of `tax_rate`. A price that includes tax
    /// is divided by `1 + rate` in a net comparison; a net price is multiplied by `1 + rate` in a gross
    /// one when its rate is known, and left as it is (with a warning) when not. Each conversion is
    /// listed in the warnings.
    #[serde(default, skip_serializing_if = "TaxBasis::is_net")]
    pub tax_basis: TaxBasis,
    /// Profit tax rate, 0 to <1 (e.g. "0.25"). When given, `after_tax_npv` counts every expense (opex,
    /// depreciation, interest) as deductible in the month it is recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<Decimal>,
    /// Annual price escalation per cost category (e.g. `{"labor": "0.05", "power": "0.03"}`), −0.5 to 1.
    /// Prices step up at each anniversary of `start`: year 2 pays `× (1 + rate)`, year 3 `× (1 + rate)²`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inflation: BTreeMap<CostCategory, Decimal>,
    /// Whether what is still worth something at the horizon's end is credited (default true): owned assets'
    /// book value and the unexpired part of prepaid terms, less loan balances still owed. Shown
    /// separately as `terminal_value`; each asset may override it.
    #[serde(default = "default_true")]
    pub terminal_value: bool,
    /// Named quantities over time (users, mau, vcpu, storage_gib…) that component quantities follow.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub drivers: BTreeMap<String, Driver>,
    /// The options to compare (1 to 20), each a named bundle of components.
    pub options: Vec<OptionSpec>,
    /// Costs of risk (expected downtime, exit), shown apart from the price totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
}

/// What outages and leaving would cost: reported per option as their own totals (`risk` in the
/// comparison), never added to the price totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// What an hour of outage costs the business, in the scenario's currency.
    #[schema(value_type = String, example = "500")]
    pub outage_cost_per_hour: Decimal,
    /// Availability assumed for self-hosted and owned options, in percent (e.g. "99.5"); without it
    /// their expected downtime is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "99.5")]
    pub self_hosted_availability_percent: Option<Decimal>,
    /// What leaving each option at the horizon's end would cost (migration, exit fees), by option name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = BTreeMap<String, String>)]
    pub exit_costs: BTreeMap<String, Decimal>,
    /// Also rank the options by cash plus risk costs (`risk.ranking_with_risk`).
    #[serde(default)]
    pub rank_with_risk: bool,
}

fn default_true() -> bool {
    true
}

/// Whether a comparison's amounts exclude (`net`) or include (`gross`) VAT or sales tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaxBasis {
    /// Amounts without VAT or sales tax (what a business that recovers input VAT pays).
    #[default]
    Net,
    /// Amounts including VAT or sales tax (what a consumer, or a business that cannot recover it, pays).
    Gross,
}

impl TaxBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            TaxBasis::Net => "net",
            TaxBasis::Gross => "gross",
        }
    }

    fn is_net(&self) -> bool {
        *self == TaxBasis::Net
    }
}

impl FromStr for TaxBasis {
    type Err = crate::text::Text;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "net" => Ok(TaxBasis::Net),
            "gross" => Ok(TaxBasis::Gross),
            other => Err(t!("scenario-not-tax-basis", value = other)),
        }
    }
}

/// A driver: either a start value with annual growth, or explicit values per year. Exactly one form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Driver {
    /// Value in month 1 (0 to 1e9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Decimal>,
    /// Effective annual growth, compounded monthly: month `m` (from 1) has
    /// `start × (1 + annual_growth)^((m − 1)/12)`. −0.99 to 10; default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_growth: Option<Decimal>,
    /// Value for each year of the horizon (months 1–12, 13–24, …); years past the list keep the last value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values_by_year: Option<Vec<Decimal>>,
}

/// How an option is meant: renting (pay as you go) or owning. Informative; it decides which options
/// the payback analysis treats as the capex side. Inferred when absent: `own` when any component is
/// purchased (`purchase_option: purchase`), else `rent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    Rent,
    Own,
}

/// One way of meeting the need: a named bundle of components, with optional facility and labour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    /// Name shown in the results; unique within the scenario.
    #[schema(max_length = 200)]
    pub name: String,
    /// Its Simplified Chinese name, shown instead when the answer is in Chinese (`lang=zh-CN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub name_zh: Option<String>,
    /// `rent` or `own`; inferred when absent (see `OptionKind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OptionKind>,
    /// What is bought or rented.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Where owned hardware runs: energy tariff, PUE and rack space, from which power and space costs are
    /// derived from the hardware's specs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<Facility>,
    /// People needed to run the option.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labor: Vec<LaborLine>,
    /// A path instead of one bundle: stages, each with its components, facility and labour, entered
    /// at a switch trigger (a month, or a driver reaching a threshold) with migration costs and an
    /// overlap. An option has either `stages` or its own `components`/`facility`/`labor`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<paths::Stage>,
}

/// One priced item of an option: a catalogue offering (or an inline negotiated price), a purchase option
/// and a quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Name shown on the line items; unique within the option.
    #[schema(max_length = 200)]
    pub name: String,
    /// Its Simplified Chinese name, shown instead when the answer is in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub name_zh: Option<String>,
    /// Catalogue offering id (`provider/product/region/sku`). Exactly one of `offering` and `price`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub offering: Option<String>,
    /// An inline negotiated price instead of a catalogue offering (a private price book, a quote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<InlinePrice>,
    /// Which of the offering's price schedules to use. May be omitted when the offering has exactly one;
    /// defaults to `on_demand` for an inline price. `purchase` makes the component an owned asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_option: Option<PurchaseOption>,
    /// For reserved/committed terms, how the term is paid (selects among schedules of the same option).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    /// For reserved terms: a convertible reservation or a savings plan's rate instead of the plain
    /// (standard) reservation, when the offering has several of the same option and payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Commitment>,
    /// How many, each month.
    pub quantity: Quantity,
    /// Fraction off every price of this component, 0 to 1 (e.g. "0.15" for 15 % off list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Decimal>,
    /// Ownership terms of a purchased component (`purchase_option: purchase`): depreciation, residual
    /// value, life, support, financing, terminal value. Defaults apply when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<AssetTerms>,
    /// When a one-time charge (a price billed `one_time` that is not a purchase: setup, migration,
    /// training, exit) is paid. Default `from_month`, else month 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_time: Option<OneTime>,
    /// First month it runs (1 = `start`, the default). A component starting later is bought, subscribed
    /// or committed in that month: an asset depreciates from it; a one-time charge defaults to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub from_month: Option<u32>,
    /// Last month it runs (the horizon's end by default). An annual subscription ending mid-term is
    /// paid for the whole term; a reserved or committed term outliving it is billed to the term's end
    /// (with a warning). Not for owned assets: they are kept to the end of their life (a path's stage
    /// that ends keeps its assets, not refreshed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub until_month: Option<u32>,
    /// The path stage it belongs to (set when a path is flattened; not an input).
    #[serde(skip)]
    #[schema(ignore)]
    pub stage: Option<String>,
}

impl Component {
    /// The month (1-based) a one-time charge is paid.
    pub fn one_time_month(&self) -> u32 {
        self.one_time.as_ref().map_or(self.from_month.unwrap_or(1), |o| o.month)
    }
}

/// A quantity: `fixed`, or derived from a driver as
/// `max(min, round(driver × multiplier ÷ per × (1 + headroom)))`.
///
/// Counted in the price's unit for one month (seats, MAU, GiB, kWh, FTE…), except for hourly prices, where
/// it counts instances running all month (730 hours each), and purchases, where it counts units owned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// A constant quantity (0 to 1e9). Exactly one of `fixed` and `driver`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Decimal>,
    /// Name of a driver of the scenario that the quantity follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub driver: Option<String>,
    /// Units needed per driver unit (e.g. "5" GiB per user). Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<Decimal>,
    /// Driver units one unit serves (e.g. "500" users per VM). Default 1; must be > 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<Decimal>,
    /// Spare capacity on top of the need, as a fraction (e.g. "0.2" for 20 %), 0 to 10. Applied before rounding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headroom: Option<Decimal>,
    /// Rounding to whole units: `ceil` (whole instances, seats), `floor`, or `none` (default; GiB, kWh).
    #[serde(default)]
    pub round: Rounding,
    /// Floor applied after rounding (e.g. "2" servers for redundancy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Decimal>,
}

/// Rounding of a driver-derived quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Up to the next whole unit.
    Ceil,
    /// Down to a whole unit.
    Floor,
    /// Keep fractions.
    #[default]
    None,
}

/// A negotiated price carried in the request, priced exactly like a catalogue price schedule (see
/// `PriceSchedule`). Its provenance is `basis: quote`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InlinePrice {
    /// Cost category the price belongs to.
    pub category: Category,
    /// Currency of the quote; defaults to the scenario's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// Metered unit (`hour`, `month`, `user_month`, `gib_month`, `each`…).
    pub unit: Unit,
    /// When the vendor bills: `monthly`, `annual_upfront`, `one_time` or `usage`.
    pub billing: Billing,
    /// Price per unit (per block when `block_size` is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Decimal>,
    /// Fixed fee per billing month whatever the quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_fee: Option<Decimal>,
    /// Units covered by the base fee before any per-unit charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub included_quantity: Option<Decimal>,
    /// Billable units are counted in started blocks of this size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_size: Option<Decimal>,
    /// How `tiers` apply: `graduated`, `volume` or `package`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_mode: Option<TierMode>,
    /// Ascending tiers; see the catalogue's `Tier`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<crate::catalog::Tier>,
    /// Amount per unit paid at the start of a term, or the purchase price per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upfront: Option<Decimal>,
    /// Commitment term in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    /// Smallest billable quantity (a plan minimum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_quantity: Option<Decimal>,
    /// Largest quantity the quote covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_quantity: Option<Decimal>,
    /// Where the quote comes from (a reference number or URL); shown as the line item's source. For an
    /// estimate, its method and range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 1000)]
    pub source: Option<String>,
    /// `quote` (the default: a negotiated or quoted price) or `estimate` (no one quoted it; `source`
    /// says how it was estimated). An inline price is never labelled more strongly than these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<crate::catalog::Basis>,
    /// Date of the quote; defaults to the first day of the scenario's start month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub price_date: Option<NaiveDate>,
    /// For quoted hardware: power draw, rack units, useful life and support rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware: Option<HardwareSpec>,
    /// For a quoted labour role: its on-cost multiplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labor: Option<LaborSpec>,
    /// Whether the quote includes VAT or sales tax, and at what rate (e.g. `{"included": true, "rate":
    /// "0.06"}`), so that it converts to the scenario's `tax_basis`. When absent, the quote is taken as
    /// stated in the scenario's basis and not converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
}

/// Ownership terms of a purchased component.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetTerms {
    /// Depreciation method; default `straight_line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depreciation: Option<Depreciation>,
    /// Residual (salvage) value as a fraction of the purchase price, 0 to 1; default 0. Realised as cash
    /// when the asset is retired at the end of its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_rate: Option<Decimal>,
    /// Useful life in years (1 to 50), overriding the offering's hardware spec. Required for purchases
    /// without one (e.g. a perpetual software licence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 50)]
    pub useful_life_years: Option<u32>,
    /// Yearly support/maintenance as a fraction of the purchase price, overriding the offering's hardware
    /// spec (default there, else 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_rate: Option<Decimal>,
    /// How the purchase is paid: `"cash"` (default), `{"loan": {…}}` or `{"lease": {…}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financing: Option<Financing>,
    /// Replace the asset at the end of its life inside the horizon (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<bool>,
    /// Credit this asset's book value (less any loan balance) at the horizon's end; defaults to the
    /// scenario's `terminal_value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal_value: Option<bool>,
}

/// Depreciation method. Each asset-year (12 months from the purchase month) gets the method's annual
/// amount, spread evenly over its months; the last year always ends at the residual value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Depreciation {
    /// `(cost − residual) ÷ life` per year (spreadsheet SLN).
    StraightLine,
    /// `book value × rate` per year, never below the residual; the last year takes what is left. Without a
    /// rate, the spreadsheet DB rate `round(1 − (residual ÷ cost)^(1/life), 3)`.
    DecliningBalance(DecliningBalanceTerms),
    /// `book value × 2 ÷ life` per year, switching to straight line over the remaining life when that is
    /// larger (spreadsheet VDB with factor 2).
    DoubleDecliningBalance,
    /// `(cost − residual) × (life − year + 1) ÷ (life × (life + 1) ÷ 2)` (spreadsheet SYD).
    SumOfYearsDigits,
}

/// How an asset is paid for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Financing {
    /// Paid in full at purchase.
    Cash,
    /// Down payment at purchase, the rest in level monthly payments (annuity), in arrears.
    Loan(LoanTerms),
    /// An operating lease: `monthly_rate × price` paid at the start of each month of the term; no
    /// capex, no depreciation. A new lease starts when the term ends inside the horizon.
    Lease(LeaseTerms),
}

// The variants' terms are named types (not inline struct variants) so that the OpenAPI document gives
// them named schemas, which client generators handle (openapi-python-client drops inline ones).

/// Terms of `declining_balance`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecliningBalanceTerms {
    /// Yearly rate, >0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^(0\\.[0-9]{0,17}[1-9][0-9]{0,17}|1(\\.0{1,18})?)$")]
    pub rate: Option<Decimal>,
}

/// Terms of a loan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoanTerms {
    /// Nominal annual interest rate (APR), 0 to 1; the monthly rate is `rate ÷ 12`.
    #[schema(pattern = "^(0(\\.[0-9]{1,18})?|1(\\.0{1,18})?)$")]
    pub rate: Decimal,
    /// Number of monthly payments, 1 to 600.
    #[schema(minimum = 1, maximum = 600)]
    pub term_months: u32,
    /// Fraction of the price paid at purchase, 0 to 1; default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^(0(\\.[0-9]{1,18})?|1(\\.0{1,18})?)$")]
    pub down_payment_rate: Option<Decimal>,
}

/// Terms of an operating lease.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaseTerms {
    /// Monthly payment as a fraction of the purchase price (lease rate factor), >0 to 1.
    #[schema(pattern = "^(0\\.[0-9]{0,17}[1-9][0-9]{0,17}|1(\\.0{1,18})?)$")]
    pub monthly_rate: Decimal,
    /// Lease term in months, 1 to 600; default the useful life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 600)]
    pub term_months: Option<u32>,
}

/// When a one-time charge is paid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OneTime {
    /// Month of the horizon (1 = `start`).
    pub month: u32,
}

/// Facility of an on-premises option. Power = Σ hardware units owned × typical watts × 730 h ÷ 1000 × PUE
/// kWh per month, priced by the energy tariff; space = Σ units × rack units, priced per U, per 42U rack
/// (started racks) or per server per month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    /// Name on its power and space line items; `facility` when absent (`机房设施` in a Chinese answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub name: Option<String>,
    /// Offering id of the energy tariff (unit `kwh`).
    #[schema(max_length = 200)]
    pub energy_offering: String,
    /// Power usage effectiveness (total facility power ÷ IT power), 1 to 5. Exactly one of `pue` and
    /// `pue_preset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pue: Option<Decimal>,
    /// Id of a catalogue PUE preset (e.g. a server closet, an average data centre).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub pue_preset: Option<String>,
    /// Offering id of rack space or colocation (unit `u_month`, `rack_month`, or `month` per server). When
    /// the offering has several, the first of `u_month`, `rack_month`, `month`, `each` is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub space_offering: Option<String>,
    /// First month the facility's power and space are paid (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub from_month: Option<u32>,
    /// Last month they are paid (default: the horizon's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub until_month: Option<u32>,
    /// The path stage it belongs to (set when a path is flattened; not an input).
    #[serde(skip)]
    #[schema(ignore)]
    pub stage: Option<String>,
}

/// Staff needed by an option: a labour role (unit `fte_year` or `month`) and how many FTE.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LaborLine {
    /// Name on the line item; defaults to the offering id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub name: Option<String>,
    /// Its Simplified Chinese name, shown instead when the answer is in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub name_zh: Option<String>,
    /// Offering id of the labour role.
    #[schema(max_length = 200)]
    pub offering: String,
    /// Fixed full-time equivalents (e.g. "0.25"). Exactly one of `fte` and `per_servers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fte: Option<Decimal>,
    /// One FTE per this many hardware units owned by the option (fractional FTE, not rounded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_servers: Option<Decimal>,
    /// Smallest FTE whatever the server count (with `per_servers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_fte: Option<Decimal>,
    /// First month the role is paid (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub from_month: Option<u32>,
    /// Last month it is paid (default: the horizon's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub until_month: Option<u32>,
    /// The path stage it belongs to (set when a path is flattened; not an input).
    #[serde(skip)]
    #[schema(ignore)]
    pub stage: Option<String>,
}

/// Cost categories of the breakdown (the catalogue's ten plus `financing` for loan interest and
/// `one_time` for one-time charges).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
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
    Financing,
    OneTime,
}

impl CostCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            CostCategory::Compute => "compute",
            CostCategory::Storage => "storage",
            CostCategory::Network => "network",
            CostCategory::Saas => "saas",
            CostCategory::Software => "software",
            CostCategory::Hardware => "hardware",
            CostCategory::Power => "power",
            CostCategory::Facilities => "facilities",
            CostCategory::Labor => "labor",
            CostCategory::Support => "support",
            CostCategory::Financing => "financing",
            CostCategory::OneTime => "one_time",
        }
    }
}

impl From<Category> for CostCategory {
    fn from(c: Category) -> Self {
        match c {
            Category::Compute => CostCategory::Compute,
            Category::Storage => CostCategory::Storage,
            Category::Network => CostCategory::Network,
            Category::Saas => CostCategory::Saas,
            Category::Software => CostCategory::Software,
            Category::Hardware => CostCategory::Hardware,
            Category::Power => CostCategory::Power,
            Category::Facilities => CostCategory::Facilities,
            Category::Labor => CostCategory::Labor,
            Category::Support => CostCategory::Support,
        }
    }
}

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month: expected YYYY-MM, e.g. 2026-01")]
pub struct BadYearMonth(pub String);

/// The 1-based number (month, year, rank) of the 0-based `index`, saturating: indexes are bounded by
/// the horizon (at most 600 months), so it never saturates in practice.
pub fn ordinal(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX).saturating_add(1)
}

impl YearMonth {
    /// `None` unless `month` is 1..=12 and `year` 1900..=9999.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(YearMonth { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// The month `offset` months later.
    // Safe: year ≤ 9999, month 1 to 12 and offset < 2³², so every step fits in i64 and the year in i32.
    #[allow(clippy::arithmetic_side_effects)]
    pub fn plus_months(self, offset: u32) -> YearMonth {
        let zero_based = self.year as i64 * 12 + (self.month as i64 - 1) + offset as i64;
        YearMonth { year: (zero_based.div_euclid(12)) as i32, month: (zero_based.rem_euclid(12) + 1) as u32 }
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }
}

impl FromStr for YearMonth {
    type Err = BadYearMonth;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadYearMonth(s.to_string());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = BadYearMonth;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<YearMonth> for String {
    fn from(ym: YearMonth) -> String {
        ym.to_string()
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl utoipa::PartialSchema for YearMonth {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("A calendar month, YYYY-MM (years 1900 to 9999)"))
            .pattern(Some(r"^(19[0-9]{2}|[2-9][0-9]{3})-(0[1-9]|1[0-2])$"))
            .examples([serde_json::json!("2026-01")])
            .into()
    }
}

impl utoipa::ToSchema for YearMonth {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_parses_prints_and_adds() {
        let ym: YearMonth = "2026-11".parse().expect("valid");
        assert_eq!(ym.to_string(), "2026-11");
        assert_eq!(ym.plus_months(2).to_string(), "2027-01");
        assert_eq!(ym.plus_months(0), ym);
        assert_eq!(ym.plus_months(239).to_string(), "2046-10");
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", "", "2026-00"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }

    #[test]
    fn scenario_json_round_trips_with_externally_tagged_terms() {
        let json = serde_json::json!({
            "currency": "CNY", "horizon_months": 36, "start": "2026-03", "discount_rate": "0.06",
            "inflation": {"labor": "0.05"},
            "drivers": {"users": {"start": "50", "annual_growth": "0.1"}, "gib": {"values_by_year": ["10", "20"]}},
            "options": [{"name": "Own", "components": [{
                "name": "Server", "offering": "dell/poweredge/global/r660xs", "purchase_option": "purchase",
                "quantity": {"driver": "users", "per": "100", "round": "ceil", "min": "2"},
                "asset": {"depreciation": {"declining_balance": {"rate": "0.4"}},
                          "financing": {"loan": {"rate": "0.06", "term_months": 36}}}
            }, {
                "name": "Setup", "price": {"category": "hardware", "unit": "each", "billing": "one_time",
                                           "unit_price": "5000"},
                "quantity": {"fixed": "1"}, "one_time": {"month": 2}
            }]}]
        });
        let s: Scenario = serde_json::from_value(json).expect("parses");
        assert!(s.terminal_value);
        let back = serde_json::to_value(&s).expect("serializes");
        let again: Scenario = serde_json::from_value(back).expect("round trip");
        assert_eq!(s, again);
        let cash: AssetTerms =
            serde_json::from_value(serde_json::json!({"financing": "cash"})).expect("cash");
        assert_eq!(cash.financing, Some(Financing::Cash));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let json = serde_json::json!({"currency": "USD", "horizon_months": 12, "start": "2026-01",
            "discount_rate": "0.1", "options": [], "colour": "red"});
        assert!(serde_json::from_value::<Scenario>(json).is_err());
        let q = serde_json::json!({"fixed": "1", "extra": 1});
        assert!(serde_json::from_value::<Quantity>(q).is_err());
        let d = serde_json::json!({"loan": {"rate": "0.1", "term_months": 12, "bogus": 1}});
        assert!(serde_json::from_value::<Financing>(d).is_err());
    }
}
