//! Spreadsheet-compatible finance functions in `Decimal`: depreciation (SLN, SYD, DB, DDB, VDB), loan
//! payments (PMT, IPMT, PPMT) and NPV.
//!
//! Signatures and sign conventions follow the spreadsheets and numpy-financial: `pmt`, `ipmt` and `ppmt`
//! return negative amounts for a positive present value (money paid out); `npv` discounts its first
//! value at time 0 (numpy-financial's `npv`; a spreadsheet's `NPV` starts at time 1). Periods are whole
//! numbers; fractional VDB periods are not supported. The engine builds its schedules from these.

use crate::money::{self, MoneyError, MoneyResult};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::rates::{nth_root, working};

/// Straight-line depreciation per period: `(cost − salvage) ÷ life`.
pub fn sln(cost: Decimal, salvage: Decimal, life: u32) -> MoneyResult<Decimal> {
    money::div(money::sub(cost, salvage)?, Decimal::from(life))
}

/// Sum-of-years'-digits depreciation for period `per` (1-based):
/// `(cost − salvage) × (life − per + 1) × 2 ÷ (life × (life + 1))`.
pub fn syd(cost: Decimal, salvage: Decimal, life: u32, per: u32) -> MoneyResult<Decimal> {
    if per == 0 || per > life {
        return Ok(Decimal::ZERO);
    }
    // Safe: life < 2³², so life × (life + 1) ÷ 2 < 2⁶⁴; and 1 ≤ per ≤ life here.
    #[allow(clippy::arithmetic_side_effects)]
    let (digits, weight) =
        (Decimal::from(u64::from(life) * (u64::from(life) + 1) / 2), Decimal::from(life - per + 1));
    money::div(money::mul(money::sub(cost, salvage)?, weight)?, digits)
}

/// The spreadsheet DB rate: `1 − (salvage ÷ cost)^(1 ÷ life)`, rounded to three decimals.
pub fn db_rate(cost: Decimal, salvage: Decimal, life: u32) -> MoneyResult<Decimal> {
    if cost <= Decimal::ZERO || life == 0 {
        return Ok(Decimal::ZERO);
    }
    let ratio = money::div(salvage.max(Decimal::ZERO), cost)?;
    let rate = money::sub(Decimal::ONE, nth_root(ratio, life)?)?;
    Ok(rate.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero))
}

/// Spreadsheet DB (fixed declining balance) for period `period` (1-based) with `month` months in the first
/// year: the first period is `cost × rate × month ÷ 12`, later ones `(cost − prior) × rate`, and period
/// `life + 1` (when `month < 12`) `(cost − prior) × rate × (12 − month) ÷ 12`.
pub fn db(cost: Decimal, salvage: Decimal, life: u32, period: u32, month: u32) -> MoneyResult<Decimal> {
    let last = if month < 12 { life.saturating_add(1) } else { life };
    if period == 0 || period > last || month == 0 || month > 12 {
        return Ok(Decimal::ZERO);
    }
    let rate = db_rate(cost, salvage, life)?;
    let months = Decimal::from(month);
    let twelve = Decimal::from(12);
    let mut prior = Decimal::ZERO;
    let mut dep = Decimal::ZERO;
    for p in 1..=period {
        dep = if p == 1 {
            money::div(money::mul(money::mul(cost, rate)?, months)?, twelve)?
        } else if p == life.saturating_add(1) {
            let rest = money::mul(money::sub(cost, prior)?, rate)?;
            money::div(money::mul(rest, money::sub(twelve, months)?)?, twelve)?
        } else {
            money::mul(money::sub(cost, prior)?, rate)?
        };
        prior = money::add(prior, dep)?;
    }
    Ok(dep)
}

/// Spreadsheet DDB for period `period` (1-based): `min((cost − prior) × factor ÷ life, cost − salvage −
/// prior)`, never negative.
pub fn ddb(cost: Decimal, salvage: Decimal, life: u32, period: u32, factor: Decimal) -> MoneyResult<Decimal> {
    if period == 0 || period > life {
        return Ok(Decimal::ZERO);
    }
    let mut prior = Decimal::ZERO;
    let mut dep = Decimal::ZERO;
    for _ in 1..=period {
        dep = ddb_step(cost, salvage, life, prior, factor)?;
        prior = money::add(prior, dep)?;
    }
    Ok(dep)
}

fn ddb_step(
    cost: Decimal,
    salvage: Decimal,
    life: u32,
    prior: Decimal,
    factor: Decimal,
) -> MoneyResult<Decimal> {
    let rate = money::div(factor, Decimal::from(life))?.min(Decimal::ONE);
    let book = money::sub(cost, prior)?;
    let declining = money::mul(book, rate)?;
    let floor = money::sub(book, salvage)?;
    Ok(declining.min(floor).max(Decimal::ZERO))
}

/// Per-period depreciation of the whole life by declining balance at `factor ÷ life`, switching to
/// straight line over the remaining life once that is larger (unless `no_switch`): the schedule behind
/// spreadsheet VDB. Sums to `cost − salvage` when switching.
pub fn vdb_schedule(
    cost: Decimal,
    salvage: Decimal,
    life: u32,
    factor: Decimal,
    no_switch: bool,
) -> MoneyResult<Vec<Decimal>> {
    let mut out = Vec::with_capacity(life as usize);
    let mut prior = Decimal::ZERO;
    let mut straight: Option<Decimal> = None;
    for period in 1..=life {
        let dep = match straight {
            Some(sl) => sl,
            None => {
                let declining = ddb_step(cost, salvage, life, prior, factor)?;
                let remaining = money::sub(money::sub(cost, prior)?, salvage)?.max(Decimal::ZERO);
                let sl = money::div(remaining, Decimal::from(life.saturating_sub(period).saturating_add(1)))?;
                if !no_switch && sl > declining {
                    straight = Some(sl);
                    sl
                } else {
                    declining
                }
            }
        };
        prior = money::add(prior, dep)?;
        out.push(dep);
    }
    Ok(out)
}

/// Spreadsheet VDB for whole periods: depreciation from the end of period `start` to the end of period
/// `end` (0 ≤ start ≤ end ≤ life).
pub fn vdb(
    cost: Decimal,
    salvage: Decimal,
    life: u32,
    start: u32,
    end: u32,
    factor: Decimal,
    no_switch: bool,
) -> MoneyResult<Decimal> {
    let schedule = vdb_schedule(cost, salvage, life, factor, no_switch)?;
    money::sum(
        schedule
            .into_iter()
            .enumerate()
            .filter(|(i, _)| (*i as u32) >= start && (*i as u32) < end)
            .map(|(_, d)| d),
    )
}

/// Level payment per period of a loan of `pv` over `nper` periods at `rate` per period, paid at period
/// ends (`PMT(rate, nper, pv)`; negative for a positive `pv`): `pv × rate ÷ (1 − (1 + rate)^−nper)`.
pub fn pmt(rate: Decimal, nper: u32, pv: Decimal) -> MoneyResult<Decimal> {
    if nper == 0 {
        return Err(MoneyError::DivisionByZero("pmt with zero periods"));
    }
    if rate.is_zero() {
        return Ok(money::neg(money::div(pv, Decimal::from(nper))?));
    }
    // Discounting (v^n ≤ 1) rather than compounding keeps long, dear loans inside Decimal's range.
    let v = money::div(Decimal::ONE, money::add(Decimal::ONE, rate)?)?;
    let discount = money::powi(v, nper)?;
    Ok(money::neg(money::div(money::mul(pv, rate)?, money::sub(Decimal::ONE, discount)?)?))
}

/// Balance still owed after `k` level payments (positive for a positive `pv`), period by period.
fn balance_after(rate: Decimal, k: u32, nper: u32, pv: Decimal) -> MoneyResult<Decimal> {
    let payment = money::neg(pmt(rate, nper, pv)?);
    let mut balance = pv;
    for _ in 0..k {
        balance = money::sub(money::add(balance, money::mul(balance, rate)?)?, payment)?;
    }
    Ok(balance)
}

/// Interest part of payment `per` (1-based) (`IPMT(rate, per, nper, pv)`; negative for a positive `pv`).
pub fn ipmt(rate: Decimal, per: u32, nper: u32, pv: Decimal) -> MoneyResult<Decimal> {
    if per == 0 || per > nper {
        return Ok(Decimal::ZERO);
    }
    Ok(money::neg(money::mul(balance_after(rate, per.saturating_sub(1), nper, pv)?, rate)?))
}

/// Principal part of payment `per` (`PPMT(rate, per, nper, pv)`; negative for a positive `pv`).
pub fn ppmt(rate: Decimal, per: u32, nper: u32, pv: Decimal) -> MoneyResult<Decimal> {
    if per == 0 || per > nper {
        return Ok(Decimal::ZERO);
    }
    money::sub(pmt(rate, nper, pv)?, ipmt(rate, per, nper, pv)?)
}

/// Net present value with the first value at time 0: `Σ values[t] ÷ (1 + rate)^t` (numpy-financial's
/// `npv`; a spreadsheet's `NPV(rate, v1…)` equals `npv(rate, [0, v1…])`).
pub fn npv(rate: Decimal, values: &[Decimal]) -> MoneyResult<Decimal> {
    let v = money::div(Decimal::ONE, money::add(Decimal::ONE, rate)?)?;
    let mut factor = Decimal::ONE;
    let mut total = Decimal::ZERO;
    for value in values {
        total = money::add(total, money::mul(*value, factor)?)?;
        factor = money::mul(factor, v)?;
    }
    Ok(total)
}

/// One month of a loan: the level payment split into interest and principal, and the balance after it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoanMonth {
    pub payment: Decimal,
    pub interest: Decimal,
    pub principal: Decimal,
    pub balance: Decimal,
}

/// Month-by-month annuity schedule of a loan of `principal` at nominal annual `annual_rate` (monthly rate
/// `annual_rate ÷ 12`) over `term_months`, payments at month ends. Interest and principal are kept to
/// `WORKING_DP` places and the last payment clears the balance exactly, so the principal parts add up to
/// the loan.
pub fn loan_schedule(
    principal: Decimal,
    annual_rate: Decimal,
    term_months: u32,
) -> MoneyResult<Vec<LoanMonth>> {
    let rate = money::div(annual_rate, Decimal::from(12))?;
    let payment =
        if term_months == 0 { Decimal::ZERO } else { money::neg(pmt(rate, term_months, principal)?) };
    let mut balance = principal;
    let mut out = Vec::with_capacity(term_months as usize);
    for month in 1..=term_months {
        let interest = working(money::mul(balance, rate)?);
        let mut principal_part = working(money::sub(payment, interest)?);
        if month == term_months {
            principal_part = balance;
        }
        balance = money::sub(balance, principal_part)?;
        out.push(LoanMonth {
            payment: money::add(interest, principal_part)?,
            interest,
            principal: principal_part,
            balance,
        });
    }
    Ok(out)
}
