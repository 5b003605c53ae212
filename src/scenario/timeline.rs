//! The month grid: driver values, component quantities, step-up capacity, escalation factors and even
//! spreads. Month index `t` is 0-based here (month `t + 1` in the API).

use crate::money::rates;
use crate::money::{self, MoneyError, MoneyResult};
use crate::scenario::{Driver, Quantity, Rounding};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

/// Decimal places kept for driver values and derived quantities before rounding to whole units, so
/// that `ceil` does not turn 55.0000000000000000000001 (a root's last digit) into 56.
pub const QUANTITY_DP: u32 = 10;

fn tidy(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(QUANTITY_DP, RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// A driver's value in each of `months` months: `values_by_year[t ÷ 12]` (the last value held), or
/// `start × (1 + annual_growth)^(t/12)`, i.e. growth compounded monthly at `(1 + g)^(1/12)`.
pub fn driver_series(driver: &Driver, months: u32) -> MoneyResult<Vec<Decimal>> {
    if let Some(values) = &driver.values_by_year {
        let last = values.last().copied().unwrap_or(Decimal::ZERO);
        return Ok((0..months).map(|t| values.get((t / 12) as usize).copied().unwrap_or(last)).collect());
    }
    let start = driver.start.unwrap_or(Decimal::ZERO);
    let growth = driver.annual_growth.unwrap_or(Decimal::ZERO);
    let monthly = money::add(Decimal::ONE, rates::monthly_from_annual(growth)?)?;
    let mut out = Vec::with_capacity(months as usize);
    let mut factor = Decimal::ONE;
    for t in 0..months {
        if t > 0 {
            factor = money::mul(factor, monthly)?;
        }
        out.push(tidy(money::mul(start, factor)?));
    }
    Ok(out)
}

/// Every driver's series, by name.
pub fn driver_table(
    drivers: &BTreeMap<String, Driver>,
    months: u32,
) -> MoneyResult<BTreeMap<String, Vec<Decimal>>> {
    drivers.iter().map(|(name, d)| Ok((name.clone(), driver_series(d, months)?))).collect()
}

/// Why a quantity could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum QuantityError {
    UnknownDriver(String),
    Money(MoneyError),
}

impl From<MoneyError> for QuantityError {
    fn from(e: MoneyError) -> Self {
        QuantityError::Money(e)
    }
}

/// A component's quantity in each month: `fixed`, or
/// `max(min, round(driver × multiplier ÷ per × (1 + headroom)))`.
pub fn quantity_series(
    quantity: &Quantity,
    drivers: &BTreeMap<String, Vec<Decimal>>,
    months: u32,
) -> Result<Vec<Decimal>, QuantityError> {
    let min = quantity.min.unwrap_or(Decimal::ZERO);
    if let Some(fixed) = quantity.fixed {
        return Ok(vec![fixed.max(min); months as usize]);
    }
    let name = quantity.driver.clone().unwrap_or_default();
    let values = drivers.get(&name).ok_or_else(|| QuantityError::UnknownDriver(name.clone()))?;
    let multiplier = quantity.multiplier.unwrap_or(Decimal::ONE);
    let per = quantity.per.unwrap_or(Decimal::ONE);
    let scale = money::add(Decimal::ONE, quantity.headroom.unwrap_or(Decimal::ZERO))?;
    let identity = multiplier == Decimal::ONE && per == Decimal::ONE && scale == Decimal::ONE;
    let mut out: Vec<Decimal> = Vec::with_capacity(months as usize);
    let mut previous: Option<(Decimal, Decimal)> = None;
    for value in values.iter().take(months as usize) {
        // A month with the driver's value of the month before has its quantity.
        if let Some((_, quantity)) = previous.filter(|(before, _)| before == value) {
            out.push(quantity);
            continue;
        }
        // Multiplying or dividing by 1 changes no value, and `tidy` fixes the representation.
        let raw = if identity {
            tidy(*value)
        } else {
            tidy(money::mul(money::div(money::mul(*value, multiplier)?, per)?, scale)?)
        };
        let rounded = match quantity.round {
            Rounding::Ceil => raw.ceil(),
            Rounding::Floor => raw.floor(),
            Rounding::None => raw,
        };
        let quantity = rounded.max(min);
        previous = Some((*value, quantity));
        out.push(quantity);
    }
    Ok(out)
}

/// Capacity that only steps up: the largest value so far in each month.
pub fn running_max(series: &[Decimal]) -> Vec<Decimal> {
    let mut best = Decimal::ZERO;
    series
        .iter()
        .map(|v| {
            best = best.max(*v);
            best
        })
        .collect()
}

/// Price escalation factor of each month at an annual `rate` stepping at each anniversary:
/// `(1 + rate)^(t div 12)`.
pub fn escalation_series(rate: Decimal, months: u32) -> MoneyResult<Vec<Decimal>> {
    let years = months.div_ceil(12);
    let per_year: Vec<Decimal> =
        (0..years.max(1)).map(|y| rates::escalation(rate, y)).collect::<MoneyResult<_>>()?;
    Ok((0..months).map(|t| per_year.get((t / 12) as usize).copied().unwrap_or(Decimal::ONE)).collect())
}

/// `amount` split into `n` equal parts (kept to `WORKING_DP` places), the last absorbing the remainder
/// so the parts add up to `amount` exactly.
pub fn spread_evenly(amount: Decimal, n: u32) -> MoneyResult<Vec<Decimal>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let part = rates::working(money::div(amount, Decimal::from(n))?);
    let mut out = vec![part; n as usize];
    let head = money::mul(part, Decimal::from(n.saturating_sub(1)))?;
    if let Some(last) = out.last_mut() {
        *last = money::sub(amount, head)?;
    }
    Ok(out)
}

/// The months (0-based, end exclusive) a component with this `from_month`/`until_month` (1-based,
/// inclusive) runs within a horizon of `months`: the whole horizon by default.
pub fn active_months(from_month: Option<u32>, until_month: Option<u32>, months: u32) -> std::ops::Range<u32> {
    let start = from_month.unwrap_or(1).clamp(1, months.max(1)).saturating_sub(1);
    let end = until_month.unwrap_or(months).min(months);
    start..end.max(start)
}

/// `series` with every month outside `active` set to zero.
pub fn confined(series: &[Decimal], active: &std::ops::Range<u32>) -> Vec<Decimal> {
    series
        .iter()
        .enumerate()
        .map(|(t, v)| if active.contains(&(t as u32)) { *v } else { Decimal::ZERO })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn driver(start: Decimal, growth: Decimal) -> Driver {
        Driver { start: Some(start), annual_growth: Some(growth), values_by_year: None }
    }

    #[test]
    fn growth_compounds_monthly_to_the_annual_rate() {
        // 100 × 1.21^(t/12): month 13 (t = 12) is 121, month 25 (t = 24) is 146.41, month 7 (t = 6) is 110.
        let s = driver_series(&driver(dec!(100), dec!(0.21)), 25).expect("series");
        assert_eq!(s[0], dec!(100));
        assert_eq!(s[6], dec!(110));
        assert_eq!(s[12], dec!(121));
        assert_eq!(s[24], dec!(146.41));
    }

    #[test]
    fn values_by_year_hold_the_last_value() {
        let d = Driver { start: None, annual_growth: None, values_by_year: Some(vec![dec!(10), dec!(20)]) };
        let s = driver_series(&d, 30).expect("series");
        assert_eq!((s[0], s[11], s[12], s[23], s[29]), (dec!(10), dec!(10), dec!(20), dec!(20), dec!(20)));
    }

    #[test]
    fn quantities_apply_multiplier_per_headroom_round_and_min() {
        let drivers = BTreeMap::from([("users".to_string(), vec![dec!(50), dec!(501), dec!(1000)])]);
        // ceil(users ÷ 500 × 1.2), at least 1: 50 → 0.12 → 1; 501 → 1.2024 → 2; 1000 → 2.4 → 3.
        let q = Quantity {
            driver: Some("users".into()),
            per: Some(dec!(500)),
            headroom: Some(dec!(0.2)),
            round: Rounding::Ceil,
            min: Some(dec!(1)),
            ..Quantity::default()
        };
        assert_eq!(quantity_series(&q, &drivers, 3), Ok(vec![dec!(1), dec!(2), dec!(3)]));
        // 5 GiB per user, no rounding: 250, 2505, 5000.
        let g = Quantity { driver: Some("users".into()), multiplier: Some(dec!(5)), ..Quantity::default() };
        assert_eq!(quantity_series(&g, &drivers, 3), Ok(vec![dec!(250), dec!(2505), dec!(5000)]));
        let unknown = Quantity { driver: Some("mau".into()), ..Quantity::default() };
        assert_eq!(quantity_series(&unknown, &drivers, 3), Err(QuantityError::UnknownDriver("mau".into())));
    }

    #[test]
    fn running_max_escalation_and_spread() {
        assert_eq!(
            running_max(&[dec!(1), dec!(3), dec!(2), dec!(4)]),
            vec![dec!(1), dec!(3), dec!(3), dec!(4)]
        );
        let e = escalation_series(dec!(0.1), 25).expect("esc");
        assert_eq!((e[0], e[11], e[12], e[24]), (dec!(1), dec!(1), dec!(1.1), dec!(1.21)));
        let parts = spread_evenly(dec!(100), 3).expect("spread");
        assert_eq!(money::sum(parts.iter().copied()), Ok(dec!(100)));
        assert_eq!(parts[0], dec!(33.3333333333333333));
        assert_eq!(parts[2], dec!(33.3333333333333334));
    }

    #[test]
    fn a_life_span_is_its_months_within_the_horizon() {
        assert_eq!(active_months(None, None, 36), 0..36);
        assert_eq!(active_months(Some(13), None, 36), 12..36);
        assert_eq!(active_months(None, Some(15), 36), 0..15);
        assert_eq!(active_months(Some(13), Some(15), 36), 12..15);
        // Out-of-range values are refused by validation; here they clamp to an empty or full span.
        assert_eq!(active_months(Some(40), Some(50), 36), 35..36);
        assert_eq!(active_months(Some(10), Some(5), 36), 9..9);
        let series = [Decimal::ONE; 5];
        assert_eq!(
            confined(&series, &(1..3)),
            [Decimal::ZERO, Decimal::ONE, Decimal::ONE, Decimal::ZERO, Decimal::ZERO]
        );
    }
}
