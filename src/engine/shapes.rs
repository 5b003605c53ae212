//! Cash-flow shapes: one small function per way a price turns into monthly cash and expense.
//!
//! Every function works on exact `Decimal` amounts (no rounding here) over the month grid `0..months`,
//! and returns `Line`s: per-month cash, expense, depreciation and interest, a terminal value, and the
//! quantities behind them. Amounts are in the scenario's currency (discount and FX applied through
//! `Resolved::factor`) and escalated by the category's inflation (`Ctx::escalation`).

use super::amortization::{financing_flows, monthly_depreciation};
use super::budget::Meter;
use super::comparison::{LineKind, Nature, Shape, Timing};
use super::resolve::{commitment_term, Resolved, Scale, TaxConversion};
use super::EngineError;
use crate::catalog::pricing::{charge, PricingError};
use crate::catalog::{
    Conversion, HardwareSpec, Inclusion, Offering, Payment, PriceSchedule, Provenance, PurchaseOption, Tax,
    Unit,
};
use crate::field::FieldError;
use crate::money::rates::{HOURS_PER_MONTH, MONTHS_PER_YEAR};
use crate::money::{self, Currency};
use crate::scenario::timeline::{self, spread_evenly};
use crate::scenario::{AssetTerms, CostCategory, Depreciation, Facility, Financing, LaborLine, Scenario};
use crate::text::Text;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

type Result<T> = std::result::Result<T, EngineError>;

/// What every shape needs from the scenario.
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    pub scenario: &'a Scenario,
    pub months: u32,
    escalation: BTreeMap<CostCategory, Vec<Decimal>>,
    /// The work done so far, against the request's budget.
    pub(crate) meter: &'a Meter,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(scenario: &'a Scenario, meter: &'a Meter) -> Result<Self> {
        let months = scenario.horizon_months;
        let escalation = scenario
            .inflation
            .iter()
            .map(|(c, rate)| Ok((*c, timeline::escalation_series(*rate, months)?)))
            .collect::<Result<_>>()?;
        Ok(Ctx { scenario, months, escalation, meter })
    }

    /// Escalation factor of `category` in month `t`: `(1 + inflation)^(t div 12)`.
    pub fn escalation(&self, category: CostCategory, t: u32) -> Decimal {
        self.escalation.get(&category).and_then(|v| v.get(t as usize).copied()).unwrap_or(Decimal::ONE)
    }
}

/// The price behind a line, for display and provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRef {
    pub offering: Option<String>,
    pub purchase_option: Option<PurchaseOption>,
    pub payment: Option<Payment>,
    pub unit: Unit,
    pub unit_price: Option<Decimal>,
    pub upfront: Option<Decimal>,
    pub currency: Currency,
    pub conversion: Option<Conversion>,
    pub discount: Option<Decimal>,
    pub provenance: Provenance,
    pub tax: Option<Tax>,
}

impl PriceRef {
    pub fn of(r: &Resolved) -> Self {
        PriceRef {
            offering: r.offering_id.clone(),
            purchase_option: Some(r.schedule.purchase_option),
            payment: r.schedule.payment,
            unit: r.schedule.unit,
            unit_price: r.schedule.unit_price,
            upfront: r.schedule.upfront,
            currency: r.price_currency.clone(),
            conversion: r.conversion.clone(),
            discount: (!r.discount.is_zero()).then_some(r.discount),
            provenance: r.provenance.clone(),
            tax: r.schedule.tax.clone(),
        }
    }
}

/// One line of cost over the horizon, exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub component: String,
    /// The path stage it belongs to.
    pub stage: Option<String>,
    pub pointer: String,
    pub kind: LineKind,
    pub shape: Shape,
    pub category: CostCategory,
    pub nature: Nature,
    pub timing: Timing,
    pub price: Option<PriceRef>,
    pub cash: Vec<Decimal>,
    pub expense: Vec<Decimal>,
    pub depreciation: Vec<Decimal>,
    pub interest: Vec<Decimal>,
    /// Value left at the horizon's end (book value, unexpired prepayment, minus loan balance).
    pub terminal: Decimal,
    /// The quantity behind the line each month (units owned, seats, kWh, FTE…).
    pub quantity: Vec<Decimal>,
    pub note: Option<Text>,
}

/// Who a line belongs to.
#[derive(Debug, Clone)]
pub struct Head {
    pub component: String,
    pub stage: Option<String>,
    pub pointer: String,
}

impl Line {
    #[allow(clippy::too_many_arguments)]
    fn new(
        head: &Head,
        months: u32,
        kind: LineKind,
        shape: Shape,
        category: CostCategory,
        nature: Nature,
        timing: Timing,
        price: Option<PriceRef>,
    ) -> Line {
        let zeros = vec![Decimal::ZERO; months as usize];
        Line {
            component: head.component.clone(),
            stage: head.stage.clone(),
            pointer: head.pointer.clone(),
            kind,
            shape,
            category,
            nature,
            timing,
            price,
            cash: zeros.clone(),
            expense: zeros.clone(),
            depreciation: zeros.clone(),
            interest: zeros.clone(),
            terminal: Decimal::ZERO,
            quantity: zeros,
            note: None,
        }
    }
}

/// The line with every month outside `active` emptied: a component, facility or labour line with a
/// life span pays nothing (base fees included) before it starts or after it ends. For the shapes that
/// bill month by month; prepaid and committed terms follow their own rules (`subscription`,
/// `commitment`).
pub fn confine(mut line: Line, active: &std::ops::Range<u32>) -> Line {
    if active.start == 0 && active.end as usize >= line.cash.len() {
        return line;
    }
    for series in
        [&mut line.cash, &mut line.expense, &mut line.depreciation, &mut line.interest, &mut line.quantity]
    {
        *series = timeline::confined(series, active);
    }
    line
}

/// `series[t] += amount` when `t` is inside the horizon.
fn put(series: &mut [Decimal], t: u32, amount: Decimal) -> Result<()> {
    if let Some(slot) = series.get_mut(t as usize) {
        *slot = money::add(*slot, amount)?;
    }
    Ok(())
}

/// Pay `amount` in month `t` and recognise it as expense in the same month.
fn pay_and_expense(line: &mut Line, t: u32, amount: Decimal) -> Result<()> {
    put(&mut line.cash, t, amount)?;
    put(&mut line.expense, t, amount)
}

/// Recognise a prepayment evenly over `term` months from `from`; months past the horizon become the
/// line's terminal value (an unexpired prepayment) when `credit` is set.
fn recognise(
    line: &mut Line,
    from: u32,
    term: u32,
    amount: Decimal,
    months: u32,
    credit: bool,
) -> Result<()> {
    for (k, part) in spread_evenly(amount, term)?.into_iter().enumerate() {
        let t = from.saturating_add(k as u32);
        if t < months {
            put(&mut line.expense, t, part)?;
        } else if credit {
            line.terminal = money::add(line.terminal, part)?;
        }
    }
    Ok(())
}

fn pricing_error(pointer: &str, offering: &str, e: PricingError) -> EngineError {
    match e {
        PricingError::Money(m) => EngineError::Money(m),
        other => EngineError::Pricing(FieldError::new(
            pointer,
            t!("engine-pricing-error", offering = offering, error = @other.text()),
        )),
    }
}

fn priceable(schedule: &PriceSchedule) -> bool {
    schedule.unit_price.is_some() || !schedule.tiers.is_empty() || schedule.base_fee.is_some()
}

/// One month's charge for `quantity` in the scenario's currency, before escalation: hourly prices are
/// billed for `quantity × 730` hours, yearly prices (`year`, `fte_year`) at one twelfth.
pub fn monthly_charge(r: &Resolved, quantity: Decimal, pointer: &str) -> Result<Decimal> {
    schedule_monthly_charge(&r.schedule, &r.offering, quantity, r.scale()?, pointer)
}

fn schedule_monthly_charge(
    schedule: &PriceSchedule,
    offering: &Offering,
    quantity: Decimal,
    scale: Scale,
    pointer: &str,
) -> Result<Decimal> {
    if !priceable(schedule) {
        return Ok(Decimal::ZERO);
    }
    let units = match schedule.unit {
        Unit::Hour => money::mul(quantity, HOURS_PER_MONTH)?,
        _ => quantity,
    };
    let amount = charge(schedule, units).map_err(|e| pricing_error(pointer, &offering.id, e))?;
    let per_month = match schedule.unit {
        Unit::Year | Unit::FteYear => money::div(amount, MONTHS_PER_YEAR)?,
        _ => amount,
    };
    Ok(scale.apply(per_month)?)
}

/// The price of `n` units bought at once: `upfront × n` plus the schedule's charge for `n` (when it has a
/// unit price, tiers or a base fee), with discount and FX.
pub fn purchase_price(r: &Resolved, n: Decimal, pointer: &str) -> Result<Decimal> {
    let upfront = money::mul(r.schedule.upfront.unwrap_or(Decimal::ZERO), n)?;
    let charged = if priceable(&r.schedule) {
        charge(&r.schedule, n).map_err(|e| pricing_error(pointer, &r.offering.id, e))?
    } else {
        Decimal::ZERO
    };
    Ok(r.scale()?.apply(money::add(upfront, charged)?)?)
}

fn labor_multiplier(offering: &Offering) -> Decimal {
    offering.labor.as_ref().map_or(Decimal::ONE, |l| l.on_cost_multiplier)
}

/// Increments of a step-up series: `(month, units added)`.
fn tranches(owned: &[Decimal]) -> Vec<(u32, Decimal)> {
    let mut previous = Decimal::ZERO;
    let mut out = Vec::new();
    for (t, v) in owned.iter().enumerate() {
        if *v > previous {
            out.push((t as u32, money::sub(*v, previous).unwrap_or_default()));
            previous = *v;
        }
    }
    out
}

/// **usage**: metered quantity × price each month (tiers and blocks per month), billed in arrears.
pub fn usage(ctx: &Ctx, r: &Resolved, quantity: &[Decimal], head: &Head) -> Result<Line> {
    let category = r.category();
    let mut line = Line::new(
        head,
        ctx.months,
        LineKind::Usage,
        Shape::Usage,
        category,
        Nature::Opex,
        Timing::End,
        Some(PriceRef::of(r)),
    );
    for (t, q) in quantity.iter().enumerate() {
        let t = t as u32;
        let amount = money::mul(monthly_charge(r, *q, &head.pointer)?, ctx.escalation(category, t))?;
        pay_and_expense(&mut line, t, amount)?;
        put(&mut line.quantity, t, *q)?;
    }
    Ok(line)
}

/// **subscription**: seats, MAU or a plan. Billed `monthly` in advance, or `annual_upfront`: the term's
/// months (12 unless the price states a term) paid at each term start for the quantity then, plus a
/// prorated true-up in the month the quantity rises (the monthly price difference × months left in the
/// term); each payment is expensed evenly over the months it covers.
pub fn subscription(
    ctx: &Ctx,
    r: &Resolved,
    quantity: &[Decimal],
    active: &std::ops::Range<u32>,
    head: &Head,
) -> Result<Line> {
    let category = r.category();
    let mut line = Line::new(
        head,
        ctx.months,
        LineKind::Subscription,
        Shape::Subscription,
        category,
        Nature::Opex,
        Timing::Start,
        Some(PriceRef::of(r)),
    );
    for (t, q) in quantity.iter().enumerate() {
        put(&mut line.quantity, t as u32, *q)?;
    }
    if r.schedule.billing != crate::catalog::Billing::AnnualUpfront {
        for (t, q) in quantity.iter().enumerate() {
            let t = t as u32;
            if !active.contains(&t) {
                continue;
            }
            let amount = money::mul(monthly_charge(r, *q, &head.pointer)?, ctx.escalation(category, t))?;
            pay_and_expense(&mut line, t, amount)?;
        }
        return Ok(line);
    }
    let term = r.schedule.term_months.unwrap_or(12).max(1);
    let credit = ctx.scenario.terminal_value;
    // Terms run from the component's first month; the last one is paid in full even when the
    // component ends inside it (the vendor bills the year).
    let mut start = active.start;
    let mut true_ups = 0u32;
    while start < active.end {
        let esc = ctx.escalation(category, start);
        let mut committed = quantity.get(start as usize).copied().unwrap_or(Decimal::ZERO);
        let mut monthly = monthly_charge(r, committed, &head.pointer)?;
        let payment = money::mul(money::mul(monthly, Decimal::from(term))?, esc)?;
        put(&mut line.cash, start, payment)?;
        recognise(&mut line, start, term, payment, ctx.months, credit)?;
        for t in start.saturating_add(1)..start.saturating_add(term).min(active.end) {
            let q = quantity.get(t as usize).copied().unwrap_or(Decimal::ZERO);
            if q <= committed {
                continue;
            }
            committed = q;
            let new_monthly = monthly_charge(r, q, &head.pointer)?;
            if new_monthly > monthly {
                let left = start.saturating_add(term).saturating_sub(t);
                let extra =
                    money::mul(money::mul(money::sub(new_monthly, monthly)?, Decimal::from(left))?, esc)?;
                put(&mut line.cash, t, extra)?;
                recognise(&mut line, t, left, extra, ctx.months, credit)?;
                monthly = new_monthly;
                true_ups = true_ups.saturating_add(1);
            }
        }
        start = start.saturating_add(term);
    }
    let paid_past_end = (active.end as usize) < ctx.months as usize && start > active.end;
    line.note = Some(match (true_ups > 0, paid_past_end) {
        (_, true) => t!(
            "engine-note-subscription-ends-mid-term",
            term = term,
            true_ups = true_ups,
            until = active.end,
            paid_to = start.min(ctx.months)
        ),
        (true, false) => t!("engine-note-subscription-true-ups", term = term, true_ups = true_ups),
        (false, false) => t!("engine-note-subscription", term = term),
    });
    Ok(line)
}

/// **commitment**: reserved/committed terms. Committed units only step up (the largest quantity so far);
/// each increment starts its own term, renewed at term end while the horizon lasts. The upfront part is
/// paid at each term start and expensed evenly over the term; the recurring part (committed units × the
/// schedule's price) is billed monthly in arrears.
pub fn commitment(
    ctx: &Ctx,
    r: &Resolved,
    quantity: &[Decimal],
    active: &std::ops::Range<u32>,
    head: &Head,
) -> Result<Commitment> {
    let category = r.category();
    let term = commitment_term(&r.schedule).unwrap_or(12).max(1);
    // Each increment's terms: renewed while the component runs; the last may end after it does.
    let mut terms: Vec<(u32, Decimal)> = Vec::new();
    for (t0, n) in tranches(&timeline::running_max(quantity)) {
        let mut s = t0;
        while s < active.end {
            terms.push((s, n));
            s = s.saturating_add(term);
        }
    }
    let billed_to = terms.iter().map(|(s, _)| s.saturating_add(term)).max().unwrap_or(0);
    let mut committed = vec![Decimal::ZERO; ctx.months as usize];
    for (s, n) in &terms {
        for t in *s..s.saturating_add(term).min(ctx.months) {
            put(&mut committed, t, *n)?;
        }
    }
    let mut lines = Vec::new();
    if r.schedule.upfront.is_some_and(|u| !u.is_zero()) {
        let mut up = Line::new(
            head,
            ctx.months,
            LineKind::CommitmentUpfront,
            Shape::Commitment,
            category,
            Nature::Opex,
            Timing::Start,
            Some(PriceRef::of(r)),
        );
        for (s, n) in &terms {
            let amount = money::mul(purchase_upfront(r, *n)?, ctx.escalation(category, *s))?;
            put(&mut up.cash, *s, amount)?;
            recognise(&mut up, *s, term, amount, ctx.months, ctx.scenario.terminal_value)?;
        }
        up.quantity = committed.clone();
        up.note = Some(t!("engine-note-commitment", terms = terms.len(), term = term));
        lines.push(up);
    }
    if priceable(&r.schedule) {
        let mut rec = Line::new(
            head,
            ctx.months,
            LineKind::CommitmentRecurring,
            Shape::Commitment,
            category,
            Nature::Opex,
            Timing::End,
            Some(PriceRef::of(r)),
        );
        for (t, n) in committed.iter().enumerate() {
            let t = t as u32;
            // Outside the component's span only a running term bills (a plan's base fee included).
            if n.is_zero() && !active.contains(&t) {
                continue;
            }
            let amount = money::mul(monthly_charge(r, *n, &head.pointer)?, ctx.escalation(category, t))?;
            pay_and_expense(&mut rec, t, amount)?;
        }
        rec.quantity = committed;
        lines.push(rec);
    }
    // A term still running after the component ends (inside the horizon) is billed all the same.
    let outlives = (active.end < ctx.months && billed_to > active.end).then_some(billed_to.min(ctx.months));
    Ok(Commitment { lines, outlives })
}

/// A commitment's lines, and the month (0-based, exclusive) its last term is billed to when that is
/// after the component ends.
pub struct Commitment {
    pub lines: Vec<Line>,
    pub outlives: Option<u32>,
}

/// `upfront × n` with discount and FX.
fn purchase_upfront(r: &Resolved, n: Decimal) -> Result<Decimal> {
    Ok(r.scale()?.apply(money::mul(r.schedule.upfront.unwrap_or(Decimal::ZERO), n)?)?)
}

/// An owned asset's lines and the units in service each month (for power, space and staffing).
#[derive(Debug, Clone)]
pub struct AssetLines {
    pub lines: Vec<Line>,
    pub in_service: Vec<Decimal>,
    pub hardware: Option<HardwareSpec>,
    /// Loan or lease running past the horizon.
    pub financing_beyond_horizon: bool,
}

/// **asset**: units owned step up with the need (never down); each increment is bought at the start of
/// the month it is needed, depreciated monthly from that month over its life, retired at the end of its
/// life (residual value received as cash) and, unless `refresh` is off, bought again. Financing: cash
/// (price at purchase), loan (down payment at purchase, annuity payments in arrears), or lease (monthly
/// payments in advance, no capex, no depreciation). Support is `support_rate × price ÷ 12` a month while
/// in service. At the horizon's end the remaining book value less the loan balance is the terminal value.
pub fn asset(
    ctx: &Ctx,
    r: &Resolved,
    terms: Option<&AssetTerms>,
    quantity: &[Decimal],
    active: &std::ops::Range<u32>,
    head: &Head,
) -> Result<AssetLines> {
    let defaults = AssetTerms::default();
    let terms = terms.unwrap_or(&defaults);
    let category = r.category();
    let hardware = r.offering.hardware.clone();
    let life_years =
        terms.useful_life_years.or(hardware.as_ref().map(|h| h.useful_life_years)).unwrap_or(1).max(1);
    let life = life_years.saturating_mul(12);
    let method = terms.depreciation.clone().unwrap_or(Depreciation::StraightLine);
    let financing = terms.financing.clone().unwrap_or(Financing::Cash);
    let residual_rate = terms.residual_rate.unwrap_or(Decimal::ZERO);
    let support_rate =
        terms.support_rate.or(hardware.as_ref().map(|h| h.support_rate)).unwrap_or(Decimal::ZERO);
    let credit = terms.terminal_value.unwrap_or(ctx.scenario.terminal_value);
    let refresh = terms.refresh.unwrap_or(true);
    let months = ctx.months;
    let price = Some(PriceRef::of(r));
    let new_line = |kind, category, nature, timing| {
        Line::new(head, months, kind, Shape::Asset, category, nature, timing, price.clone())
    };

    let mut purchase = new_line(LineKind::Purchase, category, Nature::Capex, Timing::Start);
    let mut principal = new_line(LineKind::LoanPrincipal, category, Nature::Capex, Timing::End);
    let mut interest = new_line(LineKind::LoanInterest, CostCategory::Financing, Nature::Opex, Timing::End);
    let mut lease = new_line(LineKind::Lease, category, Nature::Opex, Timing::Start);
    let mut support = new_line(LineKind::Support, CostCategory::Support, Nature::Opex, Timing::End);
    let mut in_service = vec![Decimal::ZERO; months as usize];
    let mut beyond = false;
    let (mut bought, mut refreshes, mut retired) = (0u32, 0u32, 0u32);

    let leased = matches!(financing, Financing::Lease(_));
    for (t0, n) in tranches(&timeline::running_max(quantity)) {
        let mut s = t0;
        loop {
            let cost = money::mul(purchase_price(r, n, &head.pointer)?, ctx.escalation(category, s))?;
            let flows = financing_flows(cost, &financing, life)?;
            let cycle = if leased { flows.lease_months.max(1) } else { life };
            // This tranche's schedules: depreciation over its life, the loan, support and the lease.
            let schedules = (flows.loan.len() as u64)
                .saturating_add(u64::from(life).saturating_mul(2))
                .saturating_add(u64::from(flows.lease_months));
            ctx.meter.count(schedules)?;
            let end = s.saturating_add(cycle);
            if s == t0 {
                bought = bought.saturating_add(1)
            } else {
                refreshes = refreshes.saturating_add(1)
            }
            for t in s..end.min(months) {
                put(&mut in_service, t, n)?;
            }
            if leased {
                for k in 0..flows.lease_months {
                    pay_and_expense(&mut lease, s.saturating_add(k), flows.lease_payment)?;
                }
                beyond |= end > months;
            } else {
                let residual = money::mul(cost, residual_rate)?;
                put(&mut purchase.cash, s, flows.at_purchase)?;
                let mut depreciated = Decimal::ZERO;
                for (k, dep) in
                    monthly_depreciation(cost, residual, life_years, &method)?.into_iter().enumerate()
                {
                    let t = s.saturating_add(k as u32);
                    if t < months {
                        put(&mut purchase.depreciation, t, dep)?;
                        put(&mut purchase.expense, t, dep)?;
                        depreciated = money::add(depreciated, dep)?;
                    }
                }
                if end < months {
                    put(&mut purchase.cash, end, money::neg(residual))?;
                    retired = retired.saturating_add(1);
                } else if credit {
                    purchase.terminal = money::add(purchase.terminal, money::sub(cost, depreciated)?)?;
                }
                for (k, m) in flows.loan.iter().enumerate() {
                    let t = s.saturating_add(k as u32);
                    if t < months {
                        put(&mut principal.cash, t, m.principal)?;
                        pay_and_expense(&mut interest, t, m.interest)?;
                        put(&mut interest.interest, t, m.interest)?;
                    }
                }
                let paid_in_horizon = months.saturating_sub(s) as usize;
                if flows.loan.len() > paid_in_horizon {
                    beyond = true;
                    let balance = flows
                        .loan
                        .get(paid_in_horizon.saturating_sub(1))
                        .map_or(Decimal::ZERO, |m| m.balance);
                    if credit {
                        principal.terminal = money::sub(principal.terminal, balance)?;
                    }
                }
            }
            if !support_rate.is_zero() {
                let monthly = money::div(money::mul(cost, support_rate)?, MONTHS_PER_YEAR)?;
                for t in s..end {
                    pay_and_expense(&mut support, t, monthly)?;
                }
            }
            // Not bought again once its component (a path's stage) has ended: kept to its life's end.
            if !refresh || end >= months || end >= active.end {
                break;
            }
            s = end;
        }
    }

    let note = t!(
        "engine-note-asset",
        bought = bought,
        refreshes = @if refreshes > 0 { t!("engine-note-asset-refreshes", count = refreshes) } else { t!("engine-empty") },
        retirements = @if retired > 0 { t!("engine-note-asset-retirements", count = retired) } else { t!("engine-empty") },
        years = life_years
    );
    let mut lines = Vec::new();
    for mut line in [purchase, principal, interest, lease, support] {
        line.quantity = in_service.clone();
        let used = match line.kind {
            LineKind::Purchase => !leased,
            LineKind::LoanPrincipal | LineKind::LoanInterest => matches!(financing, Financing::Loan(_)),
            LineKind::Lease => leased,
            _ => !support_rate.is_zero(),
        };
        if used {
            if matches!(line.kind, LineKind::Purchase | LineKind::Lease) {
                line.note = Some(note.clone());
            }
            lines.push(line);
        }
    }
    Ok(AssetLines { lines, in_service, hardware, financing_beyond_horizon: beyond })
}

/// **recurring**: a fixed monthly or yearly cost (labour roles, colocation, support contracts, lines):
/// quantity × price per month (yearly prices ÷ 12; labour × on-cost multiplier), billed in arrears.
pub fn recurring(ctx: &Ctx, r: &Resolved, quantity: &[Decimal], head: &Head) -> Result<Line> {
    let category = r.category();
    let kind = if category == CostCategory::Labor { LineKind::Labor } else { LineKind::Recurring };
    let mut line = Line::new(
        head,
        ctx.months,
        kind,
        Shape::Recurring,
        category,
        Nature::Opex,
        Timing::End,
        Some(PriceRef::of(r)),
    );
    let multiplier = labor_multiplier(&r.offering);
    for (t, q) in quantity.iter().enumerate() {
        let t = t as u32;
        let amount = money::mul(
            money::mul(monthly_charge(r, *q, &head.pointer)?, multiplier)?,
            ctx.escalation(category, t),
        )?;
        pay_and_expense(&mut line, t, amount)?;
        put(&mut line.quantity, t, *q)?;
    }
    Ok(line)
}

/// **one_time**: paid and expensed at the start of one month (setup, migration, training, exit):
/// the schedule's charge for the quantity that month plus `upfront × quantity`.
pub fn one_time(ctx: &Ctx, r: &Resolved, quantity: &[Decimal], month: u32, head: &Head) -> Result<Line> {
    let t = month.saturating_sub(1).min(ctx.months.saturating_sub(1));
    let mut line = Line::new(
        head,
        ctx.months,
        LineKind::OneTime,
        Shape::OneTime,
        CostCategory::OneTime,
        Nature::Opex,
        Timing::Start,
        Some(PriceRef::of(r)),
    );
    let q = quantity.get(t as usize).copied().unwrap_or(Decimal::ZERO);
    let amount = money::mul(purchase_price(r, q, &head.pointer)?, ctx.escalation(CostCategory::OneTime, t))?;
    pay_and_expense(&mut line, t, amount)?;
    put(&mut line.quantity, t, q)?;
    line.note = Some(t!("engine-note-one-time", month = t.saturating_add(1)));
    Ok(line)
}

/// A catalogue price used by the facility or a labour line, with its conversion.
#[derive(Debug, Clone)]
pub struct Tariff {
    pub offering: Offering,
    pub schedule: PriceSchedule,
    pub currency: Currency,
    pub conversion: Option<Conversion>,
    /// FX and the tax conversion to the scenario's basis.
    pub scale: Scale,
    pub tax: Option<TaxConversion>,
}

impl Tariff {
    fn price_ref(&self) -> PriceRef {
        PriceRef {
            offering: Some(self.offering.id.clone()),
            purchase_option: Some(self.schedule.purchase_option),
            payment: self.schedule.payment,
            unit: self.schedule.unit,
            unit_price: self.schedule.unit_price,
            upfront: self.schedule.upfront,
            currency: self.currency.clone(),
            conversion: self.conversion.clone(),
            discount: None,
            provenance: self.offering.provenance_of(&self.schedule).clone(),
            tax: self.schedule.tax.clone(),
        }
    }

    fn monthly(&self, quantity: Decimal, pointer: &str) -> Result<Decimal> {
        schedule_monthly_charge(&self.schedule, &self.offering, quantity, self.scale, pointer)
    }
}

/// Hardware in service, for the facility and staffing.
#[derive(Debug, Clone)]
pub struct Fleet {
    pub units: Vec<(Vec<Decimal>, HardwareSpec)>,
}

impl Fleet {
    /// Units of hardware in service each month.
    pub fn servers(&self, months: u32) -> Result<Vec<Decimal>> {
        let mut out = vec![Decimal::ZERO; months as usize];
        for (series, _) in &self.units {
            for (t, n) in series.iter().enumerate() {
                put(&mut out, t as u32, *n)?;
            }
        }
        Ok(out)
    }
}

/// What one billed unit of a space price is, in words ("rack", "U", "server").
pub(crate) fn space_unit_noun(unit: Unit) -> Text {
    match unit {
        Unit::RackMonth => t!("engine-space-unit-rack"),
        Unit::UMonth => t!("engine-space-unit-u"),
        _ => t!("engine-space-unit-server"),
    }
}

/// The same unit counted ("racks", "Us", "servers").
fn space_units_noun(unit: Unit) -> Text {
    match unit {
        Unit::RackMonth => t!("engine-space-units-rack"),
        Unit::UMonth => t!("engine-space-units-u"),
        _ => t!("engine-space-units-server"),
    }
}

/// Rack units in a 42U rack.
const RACK_UNITS: Decimal = Decimal::from_parts(42, 0, 0, false, 0);

/// **facility**: power = Σ units × typical watts × 730 h ÷ 1000 × PUE kWh a month at the energy tariff;
/// space = Σ units × rack units, priced per U, per started 42U rack, or per server a month. Both billed
/// in arrears. When the space price includes power (`includes: ["power"]`), the equipment's draw up to
/// the allotment (`included_power_kw` × 730 h per billed space unit) is not charged again: only the
/// kWh beyond it, × PUE, are; with no allotment stated, no energy is charged at all.
pub fn facility(
    ctx: &Ctx,
    facility: &Facility,
    pue: Decimal,
    energy: &Tariff,
    space: Option<&Tariff>,
    fleet: &Fleet,
    head: &Head,
) -> Result<Vec<Line>> {
    let months = ctx.months;
    let mut power = Line::new(
        head,
        months,
        LineKind::Power,
        Shape::Facility,
        CostCategory::Power,
        Nature::Opex,
        Timing::End,
        Some(energy.price_ref()),
    );
    // IT draw (before PUE) and rack units, each month.
    let mut it_kwh = vec![Decimal::ZERO; months as usize];
    let mut rack_units = vec![Decimal::ZERO; months as usize];
    for (series, spec) in &fleet.units {
        let kwh_per_unit =
            money::div(money::mul(spec.power_typical_watts, HOURS_PER_MONTH)?, Decimal::ONE_THOUSAND)?;
        for (t, n) in series.iter().enumerate() {
            put(&mut it_kwh, t as u32, money::mul(*n, kwh_per_unit)?)?;
            put(&mut rack_units, t as u32, money::mul(*n, Decimal::from(spec.rack_units))?)?;
        }
    }
    let servers = fleet.servers(months)?;
    let space_quantity = |tariff: &Tariff, t: u32| -> Result<Decimal> {
        let u = rack_units.get(t as usize).copied().unwrap_or(Decimal::ZERO);
        Ok(match tariff.schedule.unit {
            Unit::UMonth => u,
            Unit::RackMonth => money::div(u, RACK_UNITS)?.ceil(),
            _ => servers.get(t as usize).copied().unwrap_or(Decimal::ZERO),
        })
    };
    let included = space.filter(|t| t.schedule.includes.contains(&Inclusion::Power));
    for t in 0..months {
        let it = it_kwh.get(t as usize).copied().unwrap_or(Decimal::ZERO);
        let billable = match included {
            None => it,
            Some(tariff) => match tariff.schedule.included_power_kw {
                None => Decimal::ZERO,
                Some(kw) => {
                    let allowance = money::mul(money::mul(space_quantity(tariff, t)?, kw)?, HOURS_PER_MONTH)?;
                    money::sub(it, allowance)?.max(Decimal::ZERO)
                }
            },
        };
        let kwh = money::mul(billable, pue)?;
        put(&mut power.quantity, t, kwh)?;
        let amount = money::mul(energy.monthly(kwh, &head.pointer)?, ctx.escalation(CostCategory::Power, t))?;
        pay_and_expense(&mut power, t, amount)?;
    }
    power.note = Some(match included {
        None => t!("engine-note-power", pue = pue, energy = facility.energy_offering),
        Some(tariff) => match tariff.schedule.included_power_kw {
            None => t!("engine-note-power-included-unlimited", space = tariff.offering.id),
            Some(kw) => t!(
                "engine-note-power-included",
                space = tariff.offering.id,
                kw = kw.normalize(),
                unit = @space_unit_noun(tariff.schedule.unit),
                units = @space_units_noun(tariff.schedule.unit),
                pue = pue,
                energy = facility.energy_offering
            ),
        },
    });
    let mut lines = vec![power];
    if let Some(space_tariff) = space {
        let mut line = Line::new(
            head,
            months,
            LineKind::Space,
            Shape::Facility,
            CostCategory::Facilities,
            Nature::Opex,
            Timing::End,
            Some(space_tariff.price_ref()),
        );
        for t in 0..months {
            let q = space_quantity(space_tariff, t)?;
            let amount = money::mul(
                space_tariff.monthly(q, &head.pointer)?,
                ctx.escalation(CostCategory::Facilities, t),
            )?;
            pay_and_expense(&mut line, t, amount)?;
            put(&mut line.quantity, t, q)?;
        }
        lines.push(line);
    }
    Ok(lines)
}

/// **labour** (a recurring cost): FTE × yearly cost ÷ 12 × on-cost multiplier a month, in arrears. FTE is
/// fixed, or `max(min_fte, hardware units in service ÷ per_servers)`.
pub fn labor(ctx: &Ctx, line_spec: &LaborLine, tariff: &Tariff, fleet: &Fleet, head: &Head) -> Result<Line> {
    let months = ctx.months;
    let mut line = Line::new(
        head,
        months,
        LineKind::Labor,
        Shape::Recurring,
        CostCategory::Labor,
        Nature::Opex,
        Timing::End,
        Some(tariff.price_ref()),
    );
    let servers = fleet.servers(months)?;
    let multiplier = labor_multiplier(&tariff.offering);
    for t in 0..months {
        let fte = match (line_spec.fte, line_spec.per_servers) {
            (Some(fte), _) => fte,
            (None, Some(per)) => money::div(servers.get(t as usize).copied().unwrap_or(Decimal::ZERO), per)?
                .max(line_spec.min_fte.unwrap_or(Decimal::ZERO)),
            (None, None) => Decimal::ZERO,
        };
        let amount = money::mul(
            money::mul(tariff.monthly(fte, &head.pointer)?, multiplier)?,
            ctx.escalation(CostCategory::Labor, t),
        )?;
        pay_and_expense(&mut line, t, amount)?;
        put(&mut line.quantity, t, fte)?;
    }
    if multiplier != Decimal::ONE {
        line.note = Some(t!("engine-note-labor", multiplier = multiplier));
    }
    Ok(line)
}
