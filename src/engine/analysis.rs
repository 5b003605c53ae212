//! From exact lines to the published comparison: rounding (once, by cumulative rounding per line and
//! measure), discounting, aggregation into line items, monthly and yearly rows, category and nature
//! totals, then ranking, break-even and payback across options.

use super::comparison::{
    BreakEven, CategoryTotals, LineItem, LineProvenance, MonthRow, Nature, NatureTotals, OptionResult,
    Payback, RankEntry, Ranking, Timing, Totals, YearRow,
};
use super::rounding::cumulative_round_minor;
use super::shapes::Line;
use super::EngineError;
use crate::money::{self, round_money, Currency, Minor, MinorUnits, MoneyResult};
use crate::scenario::{ordinal, CostCategory, OptionKind, YearMonth};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

type Result<T> = std::result::Result<T, EngineError>;

/// How amounts are discounted and rounded.
pub struct Discounting<'a> {
    /// `v^k` for `k = 0..=months`.
    pub factors: &'a [Decimal],
    pub tax_rate: Option<Decimal>,
    pub currency: &'a Currency,
    /// The currency's minor units, looked up once.
    pub units: MinorUnits,
    pub months: u32,
    pub start: YearMonth,
}

impl Discounting<'_> {
    fn factor(&self, k: usize) -> Decimal {
        self.factors.get(k).copied().unwrap_or(Decimal::ZERO)
    }
}

/// A line's rounded monthly series, in minor units.
struct RoundedLine {
    cash: Vec<Minor>,
    expense: Vec<Minor>,
    depreciation: Vec<Minor>,
    interest: Vec<Minor>,
    present_value: Vec<Minor>,
    /// Exact (unrounded) totals of the present values and of the discounted tax saving, so the line's
    /// NPV is rounded once.
    exact_pv: Decimal,
    exact_tax_pv: Option<Decimal>,
}

/// Whether two series hold the same `Decimal`s, representation and all (so their roundings are equal).
fn identical(a: &[Decimal], b: &[Decimal]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.serialize() == y.serialize())
}

/// `Σ x_t × factor(t + shift)` over the months where `x_t` is not zero (a zero month adds nothing).
fn discounted(series: &[Decimal], d: &Discounting, shift: usize) -> MoneyResult<Vec<Decimal>> {
    series
        .iter()
        .enumerate()
        .map(
            |(t, x)| {
                if x.is_zero() {
                    Ok(Decimal::ZERO)
                } else {
                    money::mul(*x, d.factor(t.saturating_add(shift)))
                }
            },
        )
        .collect()
}

fn round_line(line: &Line, d: &Discounting) -> Result<RoundedLine> {
    let r = |v: &[Decimal]| cumulative_round_minor(v, d.units).map(|(rounded, _)| rounded);
    let pv = discounted(&line.cash, d, usize::from(line.timing == Timing::End))?;
    // The running total of the present values is the exact sum they are rounded from.
    let (present_value, exact_pv) = cumulative_round_minor(&pv, d.units)?;
    let exact_tax_pv = match d.tax_rate {
        Some(rate) => {
            let mut shield = Decimal::ZERO;
            for (t, e) in line.expense.iter().enumerate().filter(|(_, e)| !e.is_zero()) {
                shield =
                    money::add(shield, money::mul(money::mul(*e, rate)?, d.factor(t.saturating_add(1)))?)?;
            }
            Some(shield)
        }
        None => None,
    };
    let cash = r(&line.cash)?;
    // Most lines expense what they pay when they pay it: the same series rounds the same way.
    let expense = if identical(&line.expense, &line.cash) { cash.clone() } else { r(&line.expense)? };
    Ok(RoundedLine {
        exact_pv,
        exact_tax_pv,
        cash,
        expense,
        depreciation: r(&line.depreciation)?,
        interest: r(&line.interest)?,
        present_value,
    })
}

fn ends(q: &[Decimal]) -> (Decimal, Decimal) {
    (q.first().copied().unwrap_or(Decimal::ZERO), q.last().copied().unwrap_or(Decimal::ZERO))
}

fn line_item(line: Line, rounded: &RoundedLine, d: &Discounting) -> Result<LineItem> {
    let terminal = round_money(line.terminal, d.currency);
    // Rounded once: the exact present values less the exact discounted terminal value (and, after tax,
    // less the exact discounted tax saving), then rounded (README, "Rounding happens once").
    let terminal_pv = money::mul(line.terminal, d.factor(d.months as usize))?;
    let exact_npv = money::sub(rounded.exact_pv, terminal_pv)?;
    let npv = round_money(exact_npv, d.currency);
    let after_tax_npv = match rounded.exact_tax_pv {
        Some(tax) => Some(round_money(money::sub(exact_npv, tax)?, d.currency)),
        None => None,
    };
    let (quantity_first, quantity_last) = ends(&line.quantity);
    let total = |v: &[Minor]| d.units.decimal(Minor::sum(v)?);
    let price = line.price;
    Ok(LineItem {
        component: line.component,
        stage: line.stage,
        kind: line.kind,
        shape: line.shape,
        offering: price.as_ref().and_then(|p| p.offering.clone()),
        purchase_option: price.as_ref().and_then(|p| p.purchase_option),
        payment: price.as_ref().and_then(|p| p.payment),
        unit: price.as_ref().map(|p| p.unit),
        unit_price: price.as_ref().and_then(|p| p.unit_price),
        upfront: price.as_ref().and_then(|p| p.upfront),
        price_currency: price.as_ref().map(|p| p.currency.clone()),
        fx_rate: price.as_ref().and_then(|p| p.conversion.as_ref().map(|c| c.rate)),
        price_tax: price.as_ref().and_then(|p| p.tax.clone()),
        discount: price.as_ref().and_then(|p| p.discount),
        quantity_first: quantity_first.normalize(),
        quantity_last: quantity_last.normalize(),
        category: line.category,
        nature: line.nature,
        timing: line.timing,
        cash: total(&rounded.cash)?,
        expense: total(&rounded.expense)?,
        depreciation: total(&rounded.depreciation)?,
        interest: total(&rounded.interest)?,
        terminal_value: terminal,
        npv,
        after_tax_npv,
        provenance: price.as_ref().map(|p| LineProvenance {
            source_url: p.provenance.source_url.clone(),
            basis: p.provenance.basis,
            copied_by: p.provenance.copied_by.clone(),
            price_date: p.provenance.price_date,
            retrieved: p.provenance.retrieved,
            note: p.provenance.note.clone(),
        }),
        note: line.note,
        pointer: line.pointer,
        monthly_cash: d.units.decimals(&rounded.cash)?,
    })
}

#[derive(Clone)]
struct Acc {
    cash: Decimal,
    expense: Decimal,
    terminal: Decimal,
    npv: Decimal,
}

impl Acc {
    fn add(&mut self, item: &LineItem) -> MoneyResult<()> {
        self.cash = money::add(self.cash, item.cash)?;
        self.expense = money::add(self.expense, item.expense)?;
        self.terminal = money::add(self.terminal, item.terminal_value)?;
        self.npv = money::add(self.npv, item.npv)?;
        Ok(())
    }
}

/// An option's rounded monthly series (sums of its lines'), in minor units.
#[derive(Default)]
struct Months {
    cash: Vec<Minor>,
    capex: Vec<Minor>,
    opex: Vec<Minor>,
    expense: Vec<Minor>,
    depreciation: Vec<Minor>,
    interest: Vec<Minor>,
    present_value: Vec<Minor>,
}

impl Months {
    fn zero(months: usize) -> Self {
        let z = || vec![Minor::ZERO; months];
        Months {
            cash: z(),
            capex: z(),
            opex: z(),
            expense: z(),
            depreciation: z(),
            interest: z(),
            present_value: z(),
        }
    }

    fn add(&mut self, line: &RoundedLine, nature: Nature) -> MoneyResult<()> {
        fn into(total: &mut [Minor], part: &[Minor]) -> MoneyResult<()> {
            for (slot, x) in total.iter_mut().zip(part) {
                if !x.is_zero() {
                    *slot = slot.checked_add(*x)?;
                }
            }
            Ok(())
        }
        into(&mut self.cash, &line.cash)?;
        into(if nature == Nature::Capex { &mut self.capex } else { &mut self.opex }, &line.cash)?;
        into(&mut self.expense, &line.expense)?;
        into(&mut self.depreciation, &line.depreciation)?;
        into(&mut self.interest, &line.interest)?;
        into(&mut self.present_value, &line.present_value)
    }

    /// Rows for months `range` (a year, or one month), with the running totals at its end.
    fn row(
        &self,
        range: std::ops::Range<usize>,
        running: &mut (Minor, Minor),
        d: &Discounting,
    ) -> Result<Row> {
        let total = |v: &[Minor]| -> MoneyResult<Decimal> {
            d.units.decimal(Minor::sum(v.get(range.clone()).unwrap_or_default())?)
        };
        let cash = Minor::sum(self.cash.get(range.clone()).unwrap_or_default())?;
        let pv = Minor::sum(self.present_value.get(range.clone()).unwrap_or_default())?;
        running.0 = running.0.checked_add(cash)?;
        running.1 = running.1.checked_add(pv)?;
        Ok(Row {
            cash: d.units.decimal(cash)?,
            capex: total(&self.capex)?,
            opex: total(&self.opex)?,
            expense: total(&self.expense)?,
            depreciation: total(&self.depreciation)?,
            interest: total(&self.interest)?,
            present_value: d.units.decimal(pv)?,
            cumulative_cash: d.units.decimal(running.0)?,
            cumulative_npv: d.units.decimal(running.1)?,
        })
    }
}

/// The amounts of a monthly or yearly row.
struct Row {
    cash: Decimal,
    capex: Decimal,
    opex: Decimal,
    expense: Decimal,
    depreciation: Decimal,
    interest: Decimal,
    present_value: Decimal,
    cumulative_cash: Decimal,
    cumulative_npv: Decimal,
}

fn monthly_rows(m: &Months, d: &Discounting) -> Result<Vec<MonthRow>> {
    let months = d.months as usize;
    let mut running = (Minor::ZERO, Minor::ZERO);
    let mut out = Vec::with_capacity(months);
    for t in 0..months {
        let row = m.row(t..t.saturating_add(1), &mut running, d)?;
        out.push(MonthRow {
            month: ordinal(t),
            period: d.start.plus_months(t as u32),
            cash: row.cash,
            capex: row.capex,
            opex: row.opex,
            expense: row.expense,
            depreciation: row.depreciation,
            interest: row.interest,
            cumulative_cash: row.cumulative_cash,
            present_value: row.present_value,
            cumulative_npv: row.cumulative_npv,
        });
    }
    Ok(out)
}

fn yearly_rows(m: &Months, d: &Discounting) -> Result<Vec<YearRow>> {
    let months = d.months as usize;
    let mut running = (Minor::ZERO, Minor::ZERO);
    let mut out = Vec::with_capacity(months.div_ceil(12));
    for (y, first) in (0..months).step_by(12).enumerate() {
        let last = first.saturating_add(12).min(months);
        let row = m.row(first..last, &mut running, d)?;
        out.push(YearRow {
            year: ordinal(y),
            from: d.start.plus_months(first as u32),
            to: d.start.plus_months(last.saturating_sub(1) as u32),
            months: last.saturating_sub(first) as u32,
            cash: row.cash,
            capex: row.capex,
            opex: row.opex,
            expense: row.expense,
            depreciation: row.depreciation,
            interest: row.interest,
            cumulative_cash: row.cumulative_cash,
            present_value: row.present_value,
            cumulative_npv: row.cumulative_npv,
        });
    }
    Ok(out)
}

/// One option's published result from its exact lines.
pub fn option_result(
    name: String,
    kind: OptionKind,
    lines: Vec<Line>,
    d: &Discounting,
) -> Result<OptionResult> {
    // Zero at the currency's scale, so an empty total reads "0.00", not "0".
    let z = round_money(Decimal::ZERO, d.currency);
    let mut months = Months::zero(d.months as usize);
    let mut items = Vec::with_capacity(lines.len());
    for line in lines {
        let rounded = round_line(&line, d)?;
        months.add(&rounded, line.nature)?;
        items.push(line_item(line, &rounded, d)?);
    }
    let monthly = monthly_rows(&months, d)?;
    let yearly = yearly_rows(&months, d)?;
    let cum_pv = monthly.last().map_or(z, |m| m.cumulative_npv);

    let mut totals = Totals {
        cash: z,
        capex: z,
        opex: z,
        expense: z,
        depreciation: z,
        interest: z,
        terminal_value: z,
        net_cash: z,
        npv: z,
        terminal_value_pv: z,
        after_tax_npv: None,
    };
    let mut after_tax: Option<Decimal> = d.tax_rate.map(|_| z);
    let acc = Acc { cash: z, expense: z, terminal: z, npv: z };
    let mut by_category: BTreeMap<CostCategory, Acc> = BTreeMap::new();
    let mut by_nature: BTreeMap<Nature, Acc> = BTreeMap::new();
    for item in &items {
        totals.cash = money::add(totals.cash, item.cash)?;
        match item.nature {
            Nature::Capex => totals.capex = money::add(totals.capex, item.cash)?,
            Nature::Opex => totals.opex = money::add(totals.opex, item.cash)?,
        }
        totals.expense = money::add(totals.expense, item.expense)?;
        totals.depreciation = money::add(totals.depreciation, item.depreciation)?;
        totals.interest = money::add(totals.interest, item.interest)?;
        totals.terminal_value = money::add(totals.terminal_value, item.terminal_value)?;
        totals.npv = money::add(totals.npv, item.npv)?;
        if let (Some(acc), Some(x)) = (after_tax.as_mut(), item.after_tax_npv) {
            *acc = money::add(*acc, x)?;
        }
        by_category.entry(item.category).or_insert_with(|| acc.clone()).add(item)?;
        by_nature.entry(item.nature).or_insert_with(|| acc.clone()).add(item)?;
    }
    totals.net_cash = money::sub(totals.cash, totals.terminal_value)?;
    totals.terminal_value_pv = money::sub(cum_pv, totals.npv)?;
    totals.after_tax_npv = after_tax;

    Ok(OptionResult {
        name,
        kind,
        totals,
        by_category: by_category
            .into_iter()
            .map(|(category, a)| CategoryTotals {
                category,
                cash: a.cash,
                expense: a.expense,
                terminal_value: a.terminal,
                npv: a.npv,
            })
            .collect(),
        by_nature: by_nature
            .into_iter()
            .map(|(nature, a)| NatureTotals {
                nature,
                cash: a.cash,
                expense: a.expense,
                terminal_value: a.terminal,
                npv: a.npv,
            })
            .collect(),
        monthly,
        yearly,
        line_items: items,
        stages: Vec::new(),
    })
}

fn rank(options: &[OptionResult], value: fn(&OptionResult) -> Decimal) -> MoneyResult<Vec<RankEntry>> {
    let mut order: Vec<(usize, Decimal)> = options.iter().map(value).enumerate().collect();
    order.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let best = order.first().map_or(Decimal::ZERO, |(_, v)| *v);
    let mut out: Vec<RankEntry> = Vec::with_capacity(order.len());
    for (position, (i, v)) in order.iter().enumerate() {
        let rank = match out.last() {
            Some(previous) if previous.value == *v => previous.rank,
            _ => ordinal(position),
        };
        out.push(RankEntry {
            rank,
            option: options.get(*i).map(|o| o.name.clone()).unwrap_or_default(),
            value: *v,
            difference: money::sub(*v, best)?,
        });
    }
    Ok(out)
}

/// Options from cheapest, by NPV and by cash.
pub fn ranking(options: &[OptionResult]) -> MoneyResult<Ranking> {
    Ok(Ranking { by_npv: rank(options, |o| o.totals.npv)?, by_cash: rank(options, |o| o.totals.cash)? })
}

fn cumulative(o: &OptionResult) -> Vec<Decimal> {
    o.monthly.iter().map(|m| m.cumulative_cash).collect()
}

/// For every ordered pair (a, b): the first month from which a's cumulative cash stays at or below b's.
pub fn break_even(options: &[OptionResult]) -> Vec<BreakEven> {
    let mut out = Vec::new();
    for a in options {
        for b in options {
            if std::ptr::eq(a, b) {
                continue;
            }
            let (ca, cb) = (cumulative(a), cumulative(b));
            let (la, lb) = (ca.last().copied().unwrap_or_default(), cb.last().copied().unwrap_or_default());
            let above = ca.iter().zip(&cb).rposition(|(x, y)| x > y);
            let (month, reason) = match above {
                Some(t) if t.saturating_add(1) == ca.len() => (
                    None,
                    t!(
                        "engine-break-even-never",
                        option = a.name,
                        versus = b.name,
                        option_cash = la,
                        versus_cash = lb
                    ),
                ),
                Some(t) => (
                    Some(ordinal(t).saturating_add(1)),
                    t!(
                        "engine-break-even-from",
                        month = ordinal(t).saturating_add(1),
                        option = a.name,
                        versus = b.name
                    ),
                ),
                None => (Some(1), t!("engine-break-even-always", option = a.name, versus = b.name)),
            };
            out.push(BreakEven {
                option: a.name.clone(),
                versus: b.name.clone(),
                period: month.and_then(|m| a.monthly.get((m as usize).saturating_sub(1)).map(|r| r.period)),
                month,
                reason,
            });
        }
    }
    out
}

/// For every owning option against every renting one: the first month the owner's cumulative cash (and
/// cumulative NPV) is at or below the renter's.
pub fn payback(options: &[OptionResult]) -> Vec<Payback> {
    let mut out = Vec::new();
    for own in options.iter().filter(|o| o.kind == OptionKind::Own) {
        for rent in options.iter().filter(|o| o.kind == OptionKind::Rent) {
            let first = |f: fn(&MonthRow) -> Decimal| {
                own.monthly.iter().zip(&rent.monthly).position(|(o, r)| f(o) <= f(r)).map(ordinal)
            };
            let month = first(|m| m.cumulative_cash);
            let discounted_month = first(|m| m.cumulative_npv);
            let reason = match month {
                Some(m) => t!("engine-payback-month", own = own.name, rent = rent.name, month = m),
                None => {
                    let last =
                        |o: &OptionResult| o.monthly.last().map_or(Decimal::ZERO, |m| m.cumulative_cash);
                    t!(
                        "engine-payback-never",
                        own = own.name,
                        rent = rent.name,
                        own_cash = last(own),
                        rent_cash = last(rent)
                    )
                }
            };
            out.push(Payback {
                own: own.name.clone(),
                rent: rent.name.clone(),
                month,
                discounted_month,
                reason,
            });
        }
    }
    out
}

#[cfg(test)]
// Test code: an overflow there panics and fails the test.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::engine::comparison::{LineKind, Shape};
    use rust_decimal_macros::dec;

    /// A one-month line paid at the start of month 1 with no discounting (both factors 1), so the NPV is
    /// by hand `cash − terminal value`, and after tax `− tax_rate × expense`.
    fn line(cash: Decimal, terminal: Decimal) -> Line {
        Line {
            component: "c".into(),
            stage: None,
            pointer: "/options/0/components/0".into(),
            kind: LineKind::Usage,
            shape: Shape::Usage,
            category: CostCategory::Compute,
            nature: Nature::Opex,
            timing: Timing::Start,
            price: None,
            cash: vec![cash],
            expense: vec![cash],
            depreciation: vec![Decimal::ZERO],
            interest: vec![Decimal::ZERO],
            terminal,
            quantity: vec![Decimal::ONE],
            note: None,
        }
    }

    #[test]
    fn a_line_npv_is_its_exact_value_rounded_once() {
        let usd: Currency = "USD".parse().expect("usd");
        let factors = [Decimal::ONE, Decimal::ONE];
        let start = YearMonth::new(2026, 1).expect("month");
        let d = Discounting {
            factors: &factors,
            tax_rate: Some(dec!(0.25)),
            currency: &usd,
            units: MinorUnits::of(&usd),
            months: 1,
            start,
        };
        let o = option_result("o".into(), OptionKind::Rent, vec![line(dec!(100.004), dec!(0.006))], &d)
            .expect("result");
        let item = &o.line_items[0];
        // Exact NPV 100.004 − 0.006 = 99.998 → 100.00 (rounding each part first gave 100.00 − 0.01 = 99.99).
        assert_eq!(item.npv, dec!(100.00));
        // After tax: 99.998 − 0.25 × 100.004 = 74.997 → 75.00 (twice rounded: 99.99 − 25.00 = 74.99).
        assert_eq!(item.after_tax_npv, Some(dec!(75.00)));
        assert_eq!(o.totals.npv, dec!(100.00));
    }
}
