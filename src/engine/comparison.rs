//! The engine's output: a `Comparison` of the scenario's options. Every amount is in the scenario's
//! currency, rounded to its minor unit by the rule in the README's Methodology ("Rounding"), and serialised as a
//! decimal string. Costs are positive; a credit (disposal proceeds, terminal value) is subtracted.

use crate::catalog::{Basis, Payment, PurchaseOption, Tax, Unit};
use crate::money::Currency;
use crate::scenario::{CostCategory, OptionKind, TaxBasis, YearMonth};
use crate::text::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

/// The result of `engine::compare`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Comparison {
    /// Version of the catalogue snapshot the prices came from.
    pub catalog_version: String,
    /// Currency of every amount.
    pub currency: Currency,
    /// Month 1 of the horizon.
    pub start: YearMonth,
    pub horizon_months: u32,
    /// The scenario's annual discount rate.
    pub discount_rate: Decimal,
    /// The monthly rate it implies, `(1 + discount_rate)^(1/12) − 1`, to 10 decimals (computed at full
    /// precision).
    pub monthly_discount_rate: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<Decimal>,
    /// Whether amounts are net of VAT / sales tax (`net`) or include it (`gross`).
    pub tax_basis: TaxBasis,
    /// One result per option, in the scenario's order.
    pub options: Vec<OptionResult>,
    pub ranking: Ranking,
    /// For every ordered pair of options: from which month on the first one's cumulative cash stays at or
    /// below the second's.
    pub break_even: Vec<BreakEven>,
    /// For every owning option against every renting one: when the owner's cumulative cash first falls to
    /// or below the renter's.
    pub payback: Vec<Payback>,
    pub warnings: Vec<Warning>,
    /// With the scenario's `risk` section: expected downtime and exit costs per option, apart from the
    /// price totals above.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskSummary>,
}

/// Risk-adjusted cost, kept apart from the prices (see `engine::risk`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RiskSummary {
    pub outage_cost_per_hour: Decimal,
    /// 730 × horizon months.
    pub hours_in_horizon: Decimal,
    #[schema(value_type = String)]
    pub method: Text,
    pub options: Vec<OptionRisk>,
    /// By cash plus risk costs, when the scenario asks (`rank_with_risk`); options whose downtime is
    /// unknown are left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking_with_risk: Option<Vec<RankEntry>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OptionRisk {
    pub option: String,
    /// Availability the downtime is computed from, in percent; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_percent: Option<Decimal>,
    /// Where it comes from: the SLA(s) it is read from, or your assumption, or why it is unknown.
    #[schema(value_type = String)]
    pub availability_source: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source_urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downtime_hours: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_downtime_cost: Option<Decimal>,
    pub exit_cost: Decimal,
    /// Expected downtime cost + exit cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_total: Option<Decimal>,
    /// `totals.cash` + `risk_total`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash_with_risk: Option<Decimal>,
}

/// Results of one option.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OptionResult {
    pub name: String,
    /// As given, or inferred (`own` when anything is purchased).
    pub kind: OptionKind,
    pub totals: Totals,
    /// Totals per cost category present, in category order.
    pub by_category: Vec<CategoryTotals>,
    /// Totals for capex and opex.
    pub by_nature: Vec<NatureTotals>,
    pub monthly: Vec<MonthRow>,
    pub yearly: Vec<YearRow>,
    pub line_items: Vec<LineItem>,
    /// For a path: when each stage runs (the switch months) and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<crate::scenario::paths::StageRun>,
}

/// Totals over the horizon. Each is the sum of the line items' (equally, of the monthly rows').
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Totals {
    /// Everything paid, when paid (capex + opex), net of disposal proceeds.
    pub cash: Decimal,
    /// Cash for owned assets: purchases, down payments, loan principal, less disposal proceeds.
    pub capex: Decimal,
    /// All other cash: subscriptions, usage, commitments, leases, support, power, space, labour,
    /// interest, one-time charges.
    pub opex: Decimal,
    /// What hits the P&L within the horizon: opex as recognised (prepayments spread over their term) +
    /// depreciation + interest.
    pub expense: Decimal,
    pub depreciation: Decimal,
    pub interest: Decimal,
    /// Value left at the horizon's end: book value of owned assets + unexpired prepayments − loan balances
    /// still owed (0 where switched off). Not included in `cash`.
    pub terminal_value: Decimal,
    /// `cash − terminal_value`.
    pub net_cash: Decimal,
    /// Present value at the start of the horizon of the cash flows, less the present value of the terminal
    /// value (a cost: lower is better).
    pub npv: Decimal,
    /// The terminal value's present value (already subtracted in `npv`).
    pub terminal_value_pv: Decimal,
    /// `npv` less the present value of the tax saved on every expense, when a tax rate is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_tax_npv: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CategoryTotals {
    pub category: CostCategory,
    pub cash: Decimal,
    pub expense: Decimal,
    pub terminal_value: Decimal,
    pub npv: Decimal,
}

/// Capital expenditure (owned assets) or operating expenditure (everything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    Capex,
    Opex,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NatureTotals {
    pub nature: Nature,
    pub cash: Decimal,
    pub expense: Decimal,
    pub terminal_value: Decimal,
    pub npv: Decimal,
}

/// One month of an option.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MonthRow {
    /// 1 for the start month.
    pub month: u32,
    /// Calendar month, `YYYY-MM`.
    pub period: YearMonth,
    pub cash: Decimal,
    pub capex: Decimal,
    pub opex: Decimal,
    pub expense: Decimal,
    pub depreciation: Decimal,
    pub interest: Decimal,
    pub cumulative_cash: Decimal,
    /// This month's cash discounted to the start (capex-timed flows at the month's start, the rest at its
    /// end).
    pub present_value: Decimal,
    /// Running sum of `present_value` (before any terminal-value credit).
    pub cumulative_npv: Decimal,
}

/// One year of an option (months 1–12, 13–24, …; the last year may be shorter).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct YearRow {
    /// 1 for the first twelve months.
    pub year: u32,
    pub from: YearMonth,
    pub to: YearMonth,
    pub months: u32,
    pub cash: Decimal,
    pub capex: Decimal,
    pub opex: Decimal,
    pub expense: Decimal,
    pub depreciation: Decimal,
    pub interest: Decimal,
    pub cumulative_cash: Decimal,
    pub present_value: Decimal,
    pub cumulative_npv: Decimal,
}

/// The cash-flow shape a line follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Metered: quantity × price each month, billed in arrears.
    Usage,
    /// Seats, MAU, plans: billed monthly in advance, or a year in advance with true-ups.
    Subscription,
    /// Reserved/committed terms: upfront at each term start plus a recurring fee.
    Commitment,
    /// Owned: purchased, depreciated, refreshed, financed, supported.
    Asset,
    /// Fixed monthly or yearly costs: labour, colocation, support contracts, lines.
    Recurring,
    /// Paid once in a given month.
    OneTime,
    /// Power and space derived from owned hardware.
    Facility,
}

/// What a line item accounts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Usage,
    Subscription,
    CommitmentUpfront,
    CommitmentRecurring,
    /// Purchases (cash or down payment), depreciation, disposal proceeds and book value.
    Purchase,
    LoanPrincipal,
    LoanInterest,
    Lease,
    Support,
    Recurring,
    Labor,
    OneTime,
    Power,
    Space,
}

/// Month of a cash flow within its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Paid at the start of the month (purchases, prepayments, subscriptions, leases, one-time charges).
    Start,
    /// Paid at the end of the month (usage, recurring fees, labour, power, space, loan payments).
    End,
}

/// Where a price came from, how and when (the catalogue's provenance of the schedule used).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LineProvenance {
    pub source_url: String,
    pub basis: Basis,
    /// Who made the copy, for `third_party` prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copied_by: Option<String>,
    /// The price's own date; absent when its source states none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub price_date: Option<NaiveDate>,
    /// When the source was read.
    #[schema(value_type = String, format = Date)]
    pub retrieved: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One line of an option: one kind of cost of one component (or of the facility or a labour role), with
/// its totals and the price it came from.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LineItem {
    /// Component (or labour line, or `facility`) name.
    pub component: String,
    /// The path stage it belongs to (options with `stages` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    pub kind: LineKind,
    pub shape: Shape,
    /// Catalogue offering id; absent for inline prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offering: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purchase_option: Option<PurchaseOption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    /// Unit of the price and of `quantity_first`/`quantity_last` (instances for hourly prices).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// List price per unit in `price_currency` (absent when only tiers, fees or upfront amounts price it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Decimal>,
    /// Amount per unit paid upfront (purchase price, reserved upfront), in `price_currency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upfront: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_currency: Option<Currency>,
    /// Scenario-currency units per price-currency unit, when converted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fx_rate: Option<Decimal>,
    /// Whether `unit_price` and `upfront` include VAT / sales tax, and at what rate, as the price states
    /// it (amounts are converted to the comparison's `tax_basis`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_tax: Option<Tax>,
    /// Fraction off list applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<Decimal>,
    /// Quantity in the first and last month of the horizon (units owned for assets, FTE for labour, kWh
    /// for power, U or racks for space).
    pub quantity_first: Decimal,
    pub quantity_last: Decimal,
    pub category: CostCategory,
    pub nature: Nature,
    pub timing: Timing,
    pub cash: Decimal,
    pub expense: Decimal,
    pub depreciation: Decimal,
    pub interest: Decimal,
    pub terminal_value: Decimal,
    pub npv: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_tax_npv: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<LineProvenance>,
    /// How the line was computed, in words (e.g. "2 bought in month 1, refreshed in month 61").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub note: Option<Text>,
    /// JSON pointer of the scenario element behind the line.
    pub pointer: String,
    /// This line's rounded cash per month (not serialised; for CSV/xlsx renderers).
    #[serde(skip)]
    #[schema(ignore)]
    pub monthly_cash: Vec<Decimal>,
}

/// Options ordered from cheapest.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Ranking {
    /// By `totals.npv` (terminal value credited), cheapest first.
    pub by_npv: Vec<RankEntry>,
    /// By `totals.cash` (what is paid within the horizon), cheapest first.
    pub by_cash: Vec<RankEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RankEntry {
    /// 1 for the cheapest; equal values share a rank.
    pub rank: u32,
    pub option: String,
    pub value: Decimal,
    /// `value` minus the cheapest option's value.
    pub difference: Decimal,
}

/// When `option` becomes and stays at most as expensive as `versus`, in cumulative cash.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BreakEven {
    pub option: String,
    pub versus: String,
    /// First month (1-based) from which `option`'s cumulative cash stays at or below `versus`' to the
    /// horizon's end; null when it ends above.
    pub month: Option<u32>,
    pub period: Option<YearMonth>,
    /// Why there is no month, or how it was reached.
    #[schema(value_type = String)]
    pub reason: Text,
}

/// Payback of an owning option against a renting one.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Payback {
    pub own: String,
    pub rent: String,
    /// First month (1-based) in which `own`'s cumulative cash is at or below `rent`'s; null when never
    /// within the horizon.
    pub month: Option<u32>,
    /// The same on discounted cash (cumulative NPV series).
    pub discounted_month: Option<u32>,
    #[schema(value_type = String)]
    pub reason: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A price is dated more than 12 months before the start.
    StalePrice,
    /// A price's source states no date, so its age is unknown.
    UndatedPrice,
    /// A price comes from a third party's copy of the vendor's list, not from the vendor.
    ThirdPartyPrice,
    /// A figure is an official statistic (an average), not a price anyone quoted.
    Statistic,
    /// A price was converted from another currency.
    FxConversion,
    /// A figure is an estimate, not a published or quoted price.
    Estimate,
    /// A quantity reaches 80 % or more of a plan's maximum.
    PlanLimitNear,
    /// A quantity is below a plan's minimum, which is billed instead.
    PlanMinimumApplied,
    /// An asset's loan or lease runs past the horizon.
    FinancingBeyondHorizon,
    /// Prices were converted between gross and net of VAT / sales tax (one per rate and direction).
    TaxConversion,
    /// A net price whose tax rate is unknown was left net in a gross comparison.
    TaxRateUnknown,
    /// A facility price includes power, so the energy line charges only what goes beyond it.
    FacilityIncludesPower,
    /// A reserved or committed term runs on after its component's `until_month`, and is billed to
    /// its end.
    CommitmentOutlivesComponent,
}

/// Something the reader should know before trusting the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Warning {
    pub code: WarningCode,
    #[schema(value_type = String)]
    pub message: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// JSON pointer of the scenario element concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offering: Option<String>,
    /// The price date of the price or exchange rate concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub price_date: Option<NaiveDate>,
    /// Exchange rate used (FX warnings), or tax rate (tax conversion warnings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}
