//! Comparisons as CSV tables for spreadsheets. Column names are stable and documented in the README:
//! they are the keys below, which the English header row shows as they are; another language shows its
//! own header for each key (`report::column`), the data under it unchanged. The FOCUS view keeps the
//! FinOps FOCUS specification's column names in every language.

use super::csv::{Cell, CsvWriter};
use crate::engine::{Comparison, LineItem, Nature, OptionResult};
use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa::ToSchema;

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// A row per option: totals, NPV, ranks.
    Summary,
    /// A row per month and option.
    Monthly,
    /// A row per year and option.
    Yearly,
    /// A row per line item and option, with provenance.
    LineItems,
    /// A row per line item and month with cash, in FinOps FOCUS column names.
    Focus,
    /// JSON only: the comparison without its monthly and yearly series (totals, ranking, break-even,
    /// payback, line items and warnings).
    Compact,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Summary => "summary",
            View::Monthly => "monthly",
            View::Yearly => "yearly",
            View::LineItems => "line_items",
            View::Focus => "focus",
            View::Compact => "compact",
        }
    }
}

pub const SUMMARY_COLUMNS: &[&str] = &[
    "option",
    "kind",
    "rank_npv",
    "rank_cash",
    "currency",
    "cash",
    "capex",
    "opex",
    "expense",
    "depreciation",
    "interest",
    "terminal_value",
    "net_cash",
    "npv",
    "after_tax_npv",
];
pub const MONTHLY_COLUMNS: &[&str] = &[
    "option",
    "month",
    "period",
    "currency",
    "cash",
    "capex",
    "opex",
    "expense",
    "depreciation",
    "interest",
    "cumulative_cash",
    "present_value",
    "cumulative_npv",
];
pub const YEARLY_COLUMNS: &[&str] = &[
    "option",
    "year",
    "from",
    "to",
    "months",
    "currency",
    "cash",
    "capex",
    "opex",
    "expense",
    "depreciation",
    "interest",
    "cumulative_cash",
    "present_value",
    "cumulative_npv",
];
pub const LINE_ITEM_COLUMNS: &[&str] = &[
    "option",
    "component",
    "kind",
    "shape",
    "offering",
    "purchase_option",
    "unit",
    "unit_price",
    "upfront",
    "price_currency",
    "fx_rate",
    "discount",
    "quantity_first",
    "quantity_last",
    "category",
    "nature",
    "currency",
    "cash",
    "expense",
    "depreciation",
    "interest",
    "terminal_value",
    "npv",
    "basis",
    "price_date",
    "retrieved",
    "source_url",
    "note",
    // Last, so that spreadsheets reading the columns before it by position are unaffected.
    "stage",
];
/// FOCUS 1.x columns (names as in the specification, in every language), plus `x_`-prefixed Breakeven
/// extensions.
pub const FOCUS_COLUMNS: &[&str] = &[
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "BillingCurrency",
    "ChargeCategory",
    "ChargeFrequency",
    "ChargeDescription",
    "ServiceCategory",
    "ProviderName",
    "SkuId",
    "PricingUnit",
    "PricingQuantity",
    "ListUnitPrice",
    "ListCost",
    "EffectiveCost",
    "BilledCost",
    "x_Option",
    "x_Component",
    "x_Nature",
    "x_Basis",
    "x_SourceUrl",
];

pub fn render(comparison: &Comparison, view: View) -> String {
    match view {
        View::Summary => summary(comparison),
        View::Monthly => monthly(comparison),
        View::Yearly => yearly(comparison),
        View::LineItems => line_items(comparison),
        View::Focus => focus(comparison),
        // The short form of a comparison as a table is its summary.
        View::Compact => summary(comparison),
    }
}

fn rank_of(entries: &[crate::engine::RankEntry], option: &str) -> Cell {
    entries.iter().find(|e| e.option == option).map_or(Cell::Empty, |e| Cell::number(e.rank))
}

fn summary(c: &Comparison) -> String {
    let mut csv = CsvWriter::labelled(SUMMARY_COLUMNS);
    for o in &c.options {
        let t = &o.totals;
        csv.row([
            Cell::text(&o.name),
            Cell::text(kind(o)),
            rank_of(&c.ranking.by_npv, &o.name),
            rank_of(&c.ranking.by_cash, &o.name),
            Cell::text(c.currency.code()),
            Cell::number(t.cash),
            Cell::number(t.capex),
            Cell::number(t.opex),
            Cell::number(t.expense),
            Cell::number(t.depreciation),
            Cell::number(t.interest),
            Cell::number(t.terminal_value),
            Cell::number(t.net_cash),
            Cell::number(t.npv),
            Cell::opt_number(t.after_tax_npv),
        ]);
    }
    csv.finish()
}

fn kind(o: &OptionResult) -> &'static str {
    match o.kind {
        crate::scenario::OptionKind::Rent => "rent",
        crate::scenario::OptionKind::Own => "own",
    }
}

fn monthly(c: &Comparison) -> String {
    let mut csv = CsvWriter::labelled(MONTHLY_COLUMNS);
    for o in &c.options {
        for m in &o.monthly {
            csv.row([
                Cell::text(&o.name),
                Cell::number(m.month),
                Cell::text(m.period.to_string()),
                Cell::text(c.currency.code()),
                Cell::number(m.cash),
                Cell::number(m.capex),
                Cell::number(m.opex),
                Cell::number(m.expense),
                Cell::number(m.depreciation),
                Cell::number(m.interest),
                Cell::number(m.cumulative_cash),
                Cell::number(m.present_value),
                Cell::number(m.cumulative_npv),
            ]);
        }
    }
    csv.finish()
}

fn yearly(c: &Comparison) -> String {
    let mut csv = CsvWriter::labelled(YEARLY_COLUMNS);
    for o in &c.options {
        for y in &o.yearly {
            csv.row([
                Cell::text(&o.name),
                Cell::number(y.year),
                Cell::text(y.from.to_string()),
                Cell::text(y.to.to_string()),
                Cell::number(y.months),
                Cell::text(c.currency.code()),
                Cell::number(y.cash),
                Cell::number(y.capex),
                Cell::number(y.opex),
                Cell::number(y.expense),
                Cell::number(y.depreciation),
                Cell::number(y.interest),
                Cell::number(y.cumulative_cash),
                Cell::number(y.present_value),
                Cell::number(y.cumulative_npv),
            ]);
        }
    }
    csv.finish()
}

fn nature(n: Nature) -> &'static str {
    match n {
        Nature::Capex => "capex",
        Nature::Opex => "opex",
    }
}

fn enum_text<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn line_items(c: &Comparison) -> String {
    let mut csv = CsvWriter::labelled(LINE_ITEM_COLUMNS);
    for o in &c.options {
        for l in &o.line_items {
            csv.row([
                Cell::text(&o.name),
                Cell::text(&l.component),
                Cell::text(enum_text(l.kind)),
                Cell::text(enum_text(l.shape)),
                Cell::opt_text(l.offering.clone()),
                Cell::opt_text(l.purchase_option.map(|p| p.as_str())),
                Cell::opt_text(l.unit.map(|u| u.as_str())),
                Cell::opt_number(l.unit_price),
                Cell::opt_number(l.upfront),
                Cell::opt_text(l.price_currency.as_ref().map(|c| c.code().to_string())),
                Cell::opt_number(l.fx_rate),
                Cell::opt_number(l.discount),
                Cell::number(l.quantity_first),
                Cell::number(l.quantity_last),
                Cell::text(l.category.as_str()),
                Cell::text(nature(l.nature)),
                Cell::text(c.currency.code()),
                Cell::number(l.cash),
                Cell::number(l.expense),
                Cell::number(l.depreciation),
                Cell::number(l.interest),
                Cell::number(l.terminal_value),
                Cell::number(l.npv),
                Cell::opt_text(l.provenance.as_ref().map(|p| p.basis.as_str())),
                Cell::opt_text(l.provenance.as_ref().and_then(|p| p.price_date).map(|d| d.to_string())),
                Cell::opt_text(l.provenance.as_ref().map(|p| p.retrieved.to_string())),
                Cell::opt_text(l.provenance.as_ref().map(|p| p.source_url.clone())),
                Cell::opt_text(l.note.as_ref().map(|n| n.localized())),
                Cell::opt_text(l.stage.clone()),
            ]);
        }
    }
    csv.finish()
}

/// FOCUS ChargeCategory: purchases of owned assets and prepaid terms are `Purchase`, credits (negative
/// cash, e.g. disposal proceeds) `Credit`, the rest `Usage`.
fn charge_category(line: &LineItem, amount: Decimal) -> &'static str {
    use crate::engine::LineKind;
    if amount.is_sign_negative() {
        "Credit"
    } else if matches!(line.kind, LineKind::Purchase | LineKind::CommitmentUpfront) {
        "Purchase"
    } else {
        "Usage"
    }
}

fn charge_frequency(line: &LineItem) -> &'static str {
    use crate::engine::Shape;
    match line.shape {
        Shape::OneTime | Shape::Asset => "One-Time",
        Shape::Usage => "Usage-Based",
        _ => "Recurring",
    }
}

fn focus(c: &Comparison) -> String {
    let mut csv = CsvWriter::new(FOCUS_COLUMNS);
    for o in &c.options {
        for l in &o.line_items {
            for (i, amount) in l.monthly_cash.iter().enumerate() {
                if amount.is_zero() {
                    continue;
                }
                let period = c.start.plus_months(i as u32);
                let start = period.first_day().to_string();
                let end = period.plus_months(1).first_day().to_string();
                // List cost is before the component's discount: effective ÷ (1 − discount).
                let list = match l.discount {
                    Some(d) if d < Decimal::ONE => {
                        crate::money::div(*amount, Decimal::ONE - d).map(|v| v.round_dp(2)).unwrap_or(*amount)
                    }
                    _ => *amount,
                };
                csv.row([
                    Cell::text(&start),
                    Cell::text(&end),
                    Cell::text(&start),
                    Cell::text(&end),
                    Cell::text(c.currency.code()),
                    Cell::text(charge_category(l, *amount)),
                    Cell::text(charge_frequency(l)),
                    Cell::text(format!("{} ({})", l.component, enum_text(l.kind))),
                    Cell::text(l.category.as_str()),
                    Cell::opt_text(
                        l.offering.as_ref().and_then(|id| id.split('/').next().map(str::to_string)),
                    ),
                    Cell::opt_text(l.offering.clone()),
                    Cell::opt_text(l.unit.map(|u| u.as_str())),
                    // Monthly quantities are not kept per line; left empty rather than approximated.
                    Cell::Empty,
                    Cell::opt_number(l.unit_price),
                    Cell::number(list),
                    Cell::number(amount),
                    Cell::number(amount),
                    Cell::text(&o.name),
                    Cell::text(&l.component),
                    Cell::text(nature(l.nature)),
                    Cell::opt_text(l.provenance.as_ref().map(|p| p.basis.as_str())),
                    Cell::opt_text(l.provenance.as_ref().map(|p| p.source_url.clone())),
                ]);
            }
        }
    }
    csv.finish()
}
