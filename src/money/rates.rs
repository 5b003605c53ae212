//! Rate arithmetic in `Decimal`: roots by Newton's method (Decimal has no fractional power), the monthly
//! equivalent of an annual rate, and discount factors.

use crate::money::{self, MoneyError, MoneyResult};
use rust_decimal::Decimal;

/// Hours in a month, the one conversion between hourly and monthly prices (8,760 h ÷ 12).
pub const HOURS_PER_MONTH: Decimal = Decimal::from_parts(730, 0, 0, false, 0);

/// Months in a year.
pub const MONTHS_PER_YEAR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

/// Decimal places kept for amounts that are split and summed back (depreciation years and months,
/// loan interest and principal, even spreads), so the parts add up to the whole exactly: far below a
/// cent, and small enough that sums of them never lose digits in `Decimal`'s 28.
pub const WORKING_DP: u32 = 16;

/// `x` rounded to `WORKING_DP` places (half away from zero).
pub fn working(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(WORKING_DP, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Newton's method stops when a step is smaller than this.
const ROOT_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 26);

/// The positive `n`-th root of `x ≥ 0`, to about 26 decimal places, by Newton's iteration
/// `y ← ((n − 1)·y + x ÷ y^(n−1)) ÷ n`.
pub fn nth_root(x: Decimal, n: u32) -> MoneyResult<Decimal> {
    if x.is_sign_negative() && !x.is_zero() {
        return Err(MoneyError::Overflow("root of a negative number"));
    }
    if x.is_zero() || n == 1 {
        return Ok(x);
    }
    if n == 0 {
        return Err(MoneyError::DivisionByZero("zeroth root"));
    }
    let nd = Decimal::from(n);
    let n_minus_1 = Decimal::from(n.saturating_sub(1));
    // A start above the root makes the iteration decrease monotonically to it (y^n − x is convex).
    // Bernoulli: 1 + (x − 1)/n ≥ x^(1/n), and 1 ≥ x^(1/n) when x < 1.
    let mut y = money::add(Decimal::ONE, money::div(money::sub(x, Decimal::ONE)?, nd)?)?.max(Decimal::ONE);
    for _ in 0..400 {
        let next = money::div(
            money::add(money::mul(n_minus_1, y)?, money::div(x, money::powi(y, n.saturating_sub(1))?)?)?,
            nd,
        )?;
        let step = money::sub(next, y)?.abs();
        y = next;
        if step < ROOT_TOLERANCE {
            break;
        }
    }
    Ok(y)
}

/// The monthly rate equivalent to an effective annual rate: `(1 + annual)^(1/12) − 1`.
pub fn monthly_from_annual(annual: Decimal) -> MoneyResult<Decimal> {
    money::sub(nth_root(money::add(Decimal::ONE, annual)?, 12)?, Decimal::ONE)
}

/// Discount factors `v^k = (1 + monthly)^(−k)` for `k = 0..=months`.
pub fn discount_factors(monthly: Decimal, months: u32) -> MoneyResult<Vec<Decimal>> {
    let v = money::div(Decimal::ONE, money::add(Decimal::ONE, monthly)?)?;
    let mut out = Vec::with_capacity((months as usize).saturating_add(1));
    let mut f = Decimal::ONE;
    out.push(f);
    for _ in 0..months {
        f = money::mul(f, v)?;
        out.push(f);
    }
    Ok(out)
}

/// `(1 + rate)^years`: the escalation factor after `years` whole years.
pub fn escalation(rate: Decimal, years: u32) -> MoneyResult<Decimal> {
    money::powi(money::add(Decimal::ONE, rate)?, years)
}

#[cfg(test)]
// Test code: an overflow there panics and fails the test, which is what a test should do.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn close(a: Decimal, b: Decimal, tol: Decimal) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn twelfth_root_of_1_10_matches_reference() {
        // Reference: Python `decimal` at 40 digits, Decimal("1.1") ** (Decimal(1)/12)
        // = 1.007974140428903811... (also numpy: 1.1 ** (1/12) = 1.0079741404289038).
        let m = monthly_from_annual(dec!(0.10)).expect("root");
        assert!(close(m, dec!(0.0079741404289038), dec!(0.0000000000000001)), "{m}");
        // Twelve months compound back to the annual rate.
        let year = money::powi(Decimal::ONE + m, 12).expect("pow");
        assert!(close(year, dec!(1.1), dec!(0.000000000000000000001)), "{year}");
    }

    #[test]
    fn roots_are_exact_for_perfect_powers_and_trivial_inputs() {
        assert!(close(nth_root(dec!(1024), 10).expect("root"), dec!(2), dec!(1e-20)));
        assert!(close(nth_root(dec!(0.001), 3).expect("root"), dec!(0.1), dec!(1e-20)));
        assert_eq!(nth_root(dec!(0), 12), Ok(dec!(0)));
        assert_eq!(nth_root(dec!(5), 1), Ok(dec!(5)));
        assert_eq!(monthly_from_annual(dec!(0)), Ok(dec!(0)));
        assert!(nth_root(dec!(-1), 2).is_err());
    }

    #[test]
    fn discount_factors_start_at_one_and_decrease() {
        let f = discount_factors(dec!(0.01), 3).expect("factors");
        assert_eq!(f.len(), 4);
        assert_eq!(f[0], Decimal::ONE);
        // 1/1.01 = 0.990099009900990099...
        assert!(close(f[1], dec!(0.9900990099009900990099009901), dec!(1e-26)));
        assert!(f[3] < f[2]);
    }
}
