//! One asset's depreciation and financing, month by month and year by year (`POST /v1/amortization`),
//! built from the same functions the comparison's asset shape uses.

use super::finance::{self, LoanMonth};
use super::rounding::cumulative_round;
use super::EngineError;
use crate::money::{self, round_money, Currency, MoneyResult};
use crate::scenario::timeline::spread_evenly;
use crate::scenario::validate::{check_depreciation, check_financing, check_life, Problems};
use crate::scenario::{ordinal, Depreciation, Financing, YearMonth, MAX_PRICE};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Yearly depreciation over `life_years` asset-years. Every method's last year takes what is left, so the
/// years add up to `cost − residual` exactly (for `declining_balance` this is where the book value is
/// brought down to the residual).
pub fn annual_depreciation(
    cost: Decimal,
    residual: Decimal,
    life_years: u32,
    method: &Depreciation,
) -> MoneyResult<Vec<Decimal>> {
    let depreciable = money::sub(cost, residual)?;
    let mut years: Vec<Decimal> = match method {
        Depreciation::StraightLine => {
            let each = finance::sln(cost, residual, life_years)?;
            vec![each; life_years as usize]
        }
        Depreciation::SumOfYearsDigits => (1..=life_years)
            .map(|y| finance::syd(cost, residual, life_years, y))
            .collect::<MoneyResult<_>>()?,
        Depreciation::DoubleDecliningBalance => {
            finance::vdb_schedule(cost, residual, life_years, Decimal::TWO, false)?
        }
        Depreciation::DecliningBalance(crate::scenario::DecliningBalanceTerms { rate }) => {
            let rate = match rate {
                Some(r) => *r,
                None => finance::db_rate(cost, residual, life_years)?,
            };
            let mut book = cost;
            let mut out = Vec::with_capacity(life_years as usize);
            for _ in 0..life_years {
                let dep = money::mul(book, rate)?.min(money::sub(book, residual)?).max(Decimal::ZERO);
                book = money::sub(book, dep)?;
                out.push(dep);
            }
            out
        }
    };
    // At working precision, never past what is left to depreciate, and the last year takes the rest:
    // the years add up to `cost − residual` exactly and none is negative.
    let mut remaining = depreciable;
    let last = years.len().saturating_sub(1);
    for (i, year) in years.iter_mut().enumerate() {
        *year = if i == last {
            remaining
        } else {
            super::rates::working(*year).min(remaining).max(Decimal::ZERO)
        };
        remaining = money::sub(remaining, *year)?;
    }
    Ok(years)
}

/// Depreciation of each month of the life: each asset-year's amount spread evenly over its 12 months.
pub fn monthly_depreciation(
    cost: Decimal,
    residual: Decimal,
    life_years: u32,
    method: &Depreciation,
) -> MoneyResult<Vec<Decimal>> {
    let mut out = Vec::with_capacity((life_years as usize).saturating_mul(12));
    for year in annual_depreciation(cost, residual, life_years, method)? {
        out.extend(spread_evenly(year, 12)?);
    }
    Ok(out)
}

/// The financing cash of one purchase of `cost`, by month from the purchase (month 0).
#[derive(Debug, Clone, PartialEq)]
pub struct FinancingFlows {
    /// Paid at the start of the purchase month: the price (cash) or the down payment (loan).
    pub at_purchase: Decimal,
    /// Loan payments at month ends, from the purchase month on.
    pub loan: Vec<LoanMonth>,
    /// Lease payment at the start of each month of `lease_months`.
    pub lease_payment: Decimal,
    pub lease_months: u32,
}

/// How a purchase of `cost` is paid under `financing` (lease term defaults to `life_months`).
pub fn financing_flows(
    cost: Decimal,
    financing: &Financing,
    life_months: u32,
) -> MoneyResult<FinancingFlows> {
    Ok(match financing {
        Financing::Cash => FinancingFlows {
            at_purchase: cost,
            loan: Vec::new(),
            lease_payment: Decimal::ZERO,
            lease_months: 0,
        },
        Financing::Loan(crate::scenario::LoanTerms { rate, term_months, down_payment_rate }) => {
            let down = money::mul(cost, down_payment_rate.unwrap_or(Decimal::ZERO))?;
            let principal = money::sub(cost, down)?;
            FinancingFlows {
                at_purchase: down,
                loan: finance::loan_schedule(principal, *rate, *term_months)?,
                lease_payment: Decimal::ZERO,
                lease_months: 0,
            }
        }
        Financing::Lease(crate::scenario::LeaseTerms { monthly_rate, term_months }) => FinancingFlows {
            at_purchase: Decimal::ZERO,
            loan: Vec::new(),
            lease_payment: money::mul(cost, *monthly_rate)?,
            lease_months: term_months.unwrap_or(life_months),
        },
    })
}

/// One asset to schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "currency": "USD", "cost": "12000", "residual_rate": "0.1", "useful_life_years": 5,
    "depreciation": "double_declining_balance",
    "financing": {"loan": {"rate": "0.06", "term_months": 36, "down_payment_rate": "0.2"}},
    "start": "2026-01"
}))]
pub struct AssetInput {
    /// Currency of `cost`; amounts are rounded to its minor unit.
    pub currency: Currency,
    /// Purchase price (0 to 1e9).
    #[schema(pattern = "^([0-9]{1,9}(\\.[0-9]{1,18})?|1000000000(\\.0{1,18})?)$")]
    pub cost: Decimal,
    /// Residual (salvage) value as a fraction of `cost`, 0 to 1; default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^(0(\\.[0-9]{1,18})?|1(\\.0{1,18})?)$")]
    pub residual_rate: Option<Decimal>,
    /// Useful life in years, 1 to 50.
    #[schema(minimum = 1, maximum = 50)]
    pub useful_life_years: u32,
    /// Default `straight_line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depreciation: Option<Depreciation>,
    /// Default `"cash"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financing: Option<Financing>,
    /// Calendar month of the purchase, to label the rows (`YYYY-MM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<YearMonth>,
    /// Months to show (1 to 600); default the longest of the life, the loan and the lease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 600)]
    pub months: Option<u32>,
}

/// The schedule of one asset. Monthly amounts are rounded so that their running totals equal the
/// rounded running totals of the exact amounts (README, Methodology, "Rounding").
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AmortizationSchedule {
    pub currency: Currency,
    pub cost: Decimal,
    pub residual: Decimal,
    pub useful_life_years: u32,
    pub depreciation: Depreciation,
    pub financing: Financing,
    /// The yearly rate used by `declining_balance` (given, or the spreadsheet DB rate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declining_rate: Option<Decimal>,
    /// Level monthly loan payment (annuity), rounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan_payment: Option<Decimal>,
    /// Monthly lease payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease_payment: Option<Decimal>,
    pub totals: AmortizationTotals,
    /// Sums of the monthly rows per asset-year (12 months from the purchase).
    pub yearly: Vec<AmortizationYear>,
    pub monthly: Vec<AmortizationMonth>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct AmortizationTotals {
    pub depreciation: Decimal,
    /// Paid at purchase: the price (cash) or the down payment (loan).
    pub purchase: Decimal,
    pub interest: Decimal,
    pub principal: Decimal,
    pub lease: Decimal,
    /// `purchase + loan payments + lease` (the sum of the monthly `cash`); equal to
    /// `purchase + interest + principal + lease` when the loan amount is a whole number of cents.
    pub cash: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AmortizationMonth {
    /// 1 for the purchase month.
    pub month: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<YearMonth>,
    pub depreciation: Decimal,
    pub accumulated_depreciation: Decimal,
    /// The exact book value at the month's end (cost less the exact depreciation so far), rounded once:
    /// within a cent of `cost − accumulated_depreciation`; ends at the residual (0 for a lease).
    pub book_value: Decimal,
    pub purchase: Decimal,
    /// The level loan payment, rounded cumulatively: each month within a cent of the level payment, and
    /// the column adds up to the payments' exact total rounded once; `interest + principal` is within
    /// two cents of it.
    pub loan_payment: Decimal,
    pub interest: Decimal,
    pub principal: Decimal,
    /// Loan balance after this month's payment (the exact balance, rounded once).
    pub loan_balance: Decimal,
    pub lease_payment: Decimal,
    /// `purchase + loan_payment + lease_payment`.
    pub cash: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AmortizationYear {
    /// 1 for the first 12 months.
    pub year: u32,
    pub depreciation: Decimal,
    /// Book value at the year's end.
    pub book_value: Decimal,
    pub interest: Decimal,
    pub principal: Decimal,
    pub loan_balance: Decimal,
    pub lease: Decimal,
    pub cash: Decimal,
}

/// Largest number of months an amortization schedule shows.
const MAX_SCHEDULE_MONTHS: u32 = 600;

fn validate_input(input: &AssetInput) -> Result<(), EngineError> {
    let mut p = Problems::default();
    p.range("/cost", input.cost, Decimal::ZERO, MAX_PRICE);
    if let Some(rate) = input.residual_rate {
        p.range("/residual_rate", rate, Decimal::ZERO, Decimal::ONE);
    }
    check_life(&mut p, "/useful_life_years", input.useful_life_years);
    if let Some(method) = &input.depreciation {
        check_depreciation(&mut p, "/depreciation", method);
    }
    if let Some(financing) = &input.financing {
        check_financing(&mut p, "/financing", financing);
    }
    if let Some(months) = input.months {
        if !(1..=MAX_SCHEDULE_MONTHS).contains(&months) {
            p.push("/months", t!("engine-months-out-of-range", value = months, max = MAX_SCHEDULE_MONTHS));
        }
    }
    p.into_result().map_err(EngineError::Invalid)
}

fn at(series: &[Decimal], i: usize) -> Decimal {
    series.get(i).copied().unwrap_or(Decimal::ZERO)
}

/// Depreciation, book value and loan or lease schedule of one asset.
pub fn schedule(input: &AssetInput) -> Result<AmortizationSchedule, EngineError> {
    validate_input(input)?;
    let currency = &input.currency;
    let method = input.depreciation.clone().unwrap_or(Depreciation::StraightLine);
    let financing = input.financing.clone().unwrap_or(Financing::Cash);
    let life = input.useful_life_years;
    let life_months = life.saturating_mul(12);
    // Computed at full precision like a comparison's asset line (exact cost, exact residual `cost ×
    // residual_rate`) and rounded once, at the edge (README, Methodology, "Rounding").
    let cost = input.cost;
    let residual = money::mul(cost, input.residual_rate.unwrap_or(Decimal::ZERO))?;
    let leased = matches!(financing, Financing::Lease(_));
    let flows = financing_flows(cost, &financing, life_months)?;
    let natural = life_months.max(flows.loan.len() as u32).max(flows.lease_months);
    let months = input.months.unwrap_or(natural).clamp(1, MAX_SCHEDULE_MONTHS) as usize;

    let monthly_dep = if leased { Vec::new() } else { monthly_depreciation(cost, residual, life, &method)? };
    let pad = |v: Vec<Decimal>| -> Vec<Decimal> { (0..months).map(|i| at(&v, i)).collect() };
    let dep = pad(monthly_dep);
    let purchase = pad(vec![flows.at_purchase]);
    let payment = pad(flows.loan.iter().map(|m| m.payment).collect());
    let interest = pad(flows.loan.iter().map(|m| m.interest).collect());
    let principal = pad(flows.loan.iter().map(|m| m.principal).collect());
    // A new lease starts when one ends inside the schedule, so every month shown has a lease payment.
    let lease = if leased { vec![flows.lease_payment; months] } else { vec![Decimal::ZERO; months] };

    let r = |v: &[Decimal]| cumulative_round(v, currency);
    let (dep_r, purchase_r, payment_r, interest_r, principal_r, lease_r) =
        (r(&dep)?, r(&purchase)?, r(&payment)?, r(&interest)?, r(&principal)?, r(&lease)?);
    let cost_r = round_money(cost, currency);

    let mut monthly = Vec::with_capacity(months);
    let zero = round_money(Decimal::ZERO, currency);
    let (mut acc, mut depreciated) = (zero, Decimal::ZERO);
    for i in 0..months {
        acc = money::add(acc, at(&dep_r, i))?;
        depreciated = money::add(depreciated, at(&dep, i))?;
        let loan_payment = at(&payment_r, i);
        let cash = money::add(money::add(at(&purchase_r, i), loan_payment)?, at(&lease_r, i))?;
        // Book value and loan balance are the exact balances rounded once.
        let book_value = if leased { zero } else { round_money(money::sub(cost, depreciated)?, currency) };
        let loan_balance = round_money(flows.loan.get(i).map_or(Decimal::ZERO, |m| m.balance), currency);
        monthly.push(AmortizationMonth {
            month: ordinal(i),
            period: input.start.map(|s| s.plus_months(i as u32)),
            depreciation: at(&dep_r, i),
            accumulated_depreciation: acc,
            book_value,
            purchase: at(&purchase_r, i),
            loan_payment,
            interest: at(&interest_r, i),
            principal: at(&principal_r, i),
            loan_balance,
            lease_payment: at(&lease_r, i),
            cash,
        });
    }
    let yearly = monthly
        .chunks(12)
        .enumerate()
        .map(|(y, rows)| -> MoneyResult<AmortizationYear> {
            let total = |f: fn(&AmortizationMonth) -> Decimal| money::sum(rows.iter().map(f));
            let last = rows.last();
            Ok(AmortizationYear {
                year: ordinal(y),
                depreciation: total(|m| m.depreciation)?,
                book_value: last.map_or(Decimal::ZERO, |m| m.book_value),
                interest: total(|m| m.interest)?,
                principal: total(|m| m.principal)?,
                loan_balance: last.map_or(Decimal::ZERO, |m| m.loan_balance),
                lease: total(|m| m.lease_payment)?,
                cash: total(|m| m.cash)?,
            })
        })
        .collect::<MoneyResult<Vec<_>>>()?;
    let sum = |v: &[Decimal]| money::sum(v.iter().copied());
    let totals = AmortizationTotals {
        depreciation: sum(&dep_r)?,
        purchase: sum(&purchase_r)?,
        interest: sum(&interest_r)?,
        principal: sum(&principal_r)?,
        lease: sum(&lease_r)?,
        cash: money::sum(monthly.iter().map(|m| m.cash))?,
    };
    let declining_rate = match &method {
        Depreciation::DecliningBalance(crate::scenario::DecliningBalanceTerms { rate: Some(r) })
            if !leased =>
        {
            Some(*r)
        }
        Depreciation::DecliningBalance(crate::scenario::DecliningBalanceTerms { rate: None }) if !leased => {
            Some(finance::db_rate(cost, residual, life)?)
        }
        _ => None,
    };
    Ok(AmortizationSchedule {
        currency: currency.clone(),
        cost: cost_r,
        residual: round_money(residual, currency),
        useful_life_years: life,
        depreciation: method,
        declining_rate,
        loan_payment: flows.loan.first().map(|m| round_money(m.payment, currency)),
        lease_payment: leased.then(|| round_money(flows.lease_payment, currency)),
        financing,
        totals,
        yearly,
        monthly,
    })
}
