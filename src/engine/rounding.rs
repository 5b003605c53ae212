//! The rounding rule of every series the engine shows: cumulative rounding.
//!
//! A series of exact amounts `x₁…xₙ` is shown as `r_t = round(X_t) − round(X_{t−1})` where `X_t` is the
//! exact running total and `round` is `money::round_money`. Each shown amount is within one minor unit of
//! its exact value, and the shown amounts add up to the exact total rounded once — so a line item's
//! total, its months and its years all agree to the cent.

use crate::money::{self, Currency, Minor, MinorUnits, MoneyResult};
use rust_decimal::Decimal;

/// Round a series so that its running totals are the rounded running totals of the exact series.
pub fn cumulative_round(series: &[Decimal], currency: &Currency) -> MoneyResult<Vec<Decimal>> {
    let units = MinorUnits::of(currency);
    units.decimals(&cumulative_round_minor(series, units)?.0)
}

/// `cumulative_round` in minor units, with the exact total. A month whose exact amount is zero leaves
/// the running total, and so its rounding, unchanged: it is shown as zero without any arithmetic (most
/// lines have no depreciation or interest, and many are zero in most months).
pub fn cumulative_round_minor(series: &[Decimal], units: MinorUnits) -> MoneyResult<(Vec<Minor>, Decimal)> {
    let mut exact = Decimal::ZERO;
    let mut shown = Minor::ZERO;
    let mut out = Vec::with_capacity(series.len());
    for x in series {
        if x.is_zero() {
            out.push(Minor::ZERO);
            continue;
        }
        exact = money::add(exact, *x)?;
        let rounded = units.round(exact)?;
        out.push(rounded.checked_sub(shown)?);
        shown = rounded;
    }
    Ok((out, exact))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn thirds_round_to_a_total_that_matches_the_exact_total() {
        let usd: Currency = "USD".parse().expect("usd");
        // 100 ÷ 3 three times: 33.33, 33.34, 33.33 (running totals 33.33, 66.67, 100.00).
        let third = dec!(100) / dec!(3);
        let r = cumulative_round(&[third, third, third], &usd).expect("round");
        assert_eq!(r, vec![dec!(33.33), dec!(33.34), dec!(33.33)]);
        assert_eq!(r.iter().copied().sum::<Decimal>(), dec!(100.00));
        // Naive per-month rounding would give 1,000 ÷ 36 = 27.78 × 36 = 1,000.08; cumulative gives 1,000.00.
        let months = vec![dec!(1000) / dec!(36); 36];
        let r = cumulative_round(&months, &usd).expect("round");
        assert_eq!(r.iter().copied().sum::<Decimal>(), dec!(1000.00));
        assert!(r.iter().all(|x| (*x - dec!(27.78)).abs() <= dec!(0.01)));
    }
}
