//! Money: `Decimal` amounts, ISO 4217 currencies, checked arithmetic and the one rounding rule.
//!
//! Nothing here uses `f64`. Every operation that can overflow returns `Result<_, MoneyError>` so that a
//! huge quantity in a request becomes a 422, not a panic.

pub mod rates;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Arithmetic that left the range of `Decimal` (about 7.9e28) or divided by zero.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("arithmetic overflow in {0}")]
    Overflow(&'static str),
    #[error("division by zero in {0}")]
    DivisionByZero(&'static str),
}

pub type MoneyResult<T> = Result<T, MoneyError>;

/// `a + b`, or an overflow error naming the operation.
pub fn add(a: Decimal, b: Decimal) -> MoneyResult<Decimal> {
    a.checked_add(b).ok_or(MoneyError::Overflow("addition"))
}

/// `a - b`, or an overflow error.
pub fn sub(a: Decimal, b: Decimal) -> MoneyResult<Decimal> {
    a.checked_sub(b).ok_or(MoneyError::Overflow("subtraction"))
}

/// `a × b`, or an overflow error.
pub fn mul(a: Decimal, b: Decimal) -> MoneyResult<Decimal> {
    a.checked_mul(b).ok_or(MoneyError::Overflow("multiplication"))
}

/// `a ÷ b`, or an error when `b` is zero or the quotient overflows.
pub fn div(a: Decimal, b: Decimal) -> MoneyResult<Decimal> {
    if b.is_zero() {
        return Err(MoneyError::DivisionByZero("division"));
    }
    a.checked_div(b).ok_or(MoneyError::Overflow("division"))
}

/// `−a`. Flipping the sign of a `Decimal` cannot overflow (its range is symmetric).
#[allow(clippy::arithmetic_side_effects)]
pub fn neg(a: Decimal) -> Decimal {
    -a
}

/// `base^exp` for a non-negative integer exponent, by repeated squaring with checked multiplication.
pub fn powi(base: Decimal, exp: u32) -> MoneyResult<Decimal> {
    let mut result = Decimal::ONE;
    let mut b = base;
    let mut e = exp;
    while e > 0 {
        if e & 1 == 1 {
            result = mul(result, b)?;
        }
        e >>= 1;
        if e > 0 {
            b = mul(b, b)?;
        }
    }
    Ok(result)
}

/// Sum of an iterator with checked addition (`Decimal`'s `Sum` panics on overflow).
pub fn sum<I: IntoIterator<Item = Decimal>>(items: I) -> MoneyResult<Decimal> {
    items.into_iter().try_fold(Decimal::ZERO, add)
}

/// The one rounding rule for money leaving the core: half away from zero ("commercial" rounding, what
/// spreadsheets' ROUND does) to the currency's minor unit.
pub fn round_money(amount: Decimal, currency: &Currency) -> Decimal {
    round_to(amount, currency.minor_units())
}

/// `round_money` to `dp` decimals (the currency's minor units, looked up once by the caller).
fn round_to(amount: Decimal, dp: u32) -> Decimal {
    amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero).normalize_scale(dp)
}

/// An amount already rounded by `round_money`, held as a whole number of the currency's minor units
/// (cents for USD), so that sums of rounded amounts — a month's total over its lines, a year's over
/// its months — are exact integer additions. An `i128` holds every rounded `Decimal` (|x| < 2⁹⁶ at
/// any scale ≤ 3), so the conversion back is the only place a sum can leave `Decimal`'s range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minor(i128);

/// The minor units of one currency, looked up once: converts between `Decimal` and `Minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinorUnits(u32);

impl MinorUnits {
    pub fn of(currency: &Currency) -> Self {
        MinorUnits(currency.minor_units())
    }

    /// `round_money(amount)` in minor units (the same rounding; the rescale to exactly `dp` decimals
    /// is done in the integer instead).
    pub fn round(self, amount: Decimal) -> MoneyResult<Minor> {
        self.minor(amount.round_dp_with_strategy(self.0, RoundingStrategy::MidpointAwayFromZero))
    }

    /// An amount with at most `self.0` decimals, as a whole number of minor units.
    fn minor(self, rounded: Decimal) -> MoneyResult<Minor> {
        let overflow = MoneyError::Overflow("conversion to minor units");
        let scale = rounded.scale();
        if scale > self.0 {
            return Err(overflow); // rounding to `self.0` decimals leaves at most that many
        }
        10i128
            .checked_pow(self.0.saturating_sub(scale))
            .and_then(|f| rounded.mantissa().checked_mul(f))
            .map(Minor)
            .ok_or(overflow)
    }

    /// Back to a `Decimal` with exactly the currency's decimals ("12.50").
    pub fn decimal(self, amount: Minor) -> MoneyResult<Decimal> {
        Decimal::try_from_i128_with_scale(amount.0, self.0)
            .map_err(|_| MoneyError::Overflow("conversion from minor units"))
    }

    /// A series back to `Decimal`s.
    pub fn decimals(self, amounts: &[Minor]) -> MoneyResult<Vec<Decimal>> {
        amounts.iter().map(|a| self.decimal(*a)).collect()
    }
}

impl Minor {
    pub const ZERO: Minor = Minor(0);

    pub fn checked_add(self, other: Minor) -> MoneyResult<Minor> {
        self.0.checked_add(other.0).map(Minor).ok_or(MoneyError::Overflow("addition"))
    }

    pub fn checked_sub(self, other: Minor) -> MoneyResult<Minor> {
        self.0.checked_sub(other.0).map(Minor).ok_or(MoneyError::Overflow("subtraction"))
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Checked sum of a series.
    pub fn sum<'a>(items: impl IntoIterator<Item = &'a Minor>) -> MoneyResult<Minor> {
        items.into_iter().try_fold(Minor::ZERO, |acc, x| acc.checked_add(*x))
    }
}

trait NormalizeScale {
    fn normalize_scale(self, dp: u32) -> Decimal;
}

impl NormalizeScale for Decimal {
    /// Show exactly `dp` decimals ("12.50", not "12.5"), as accountants expect.
    fn normalize_scale(mut self, dp: u32) -> Decimal {
        self.rescale(dp);
        self
    }
}

/// Currencies the catalogue and scenarios may use, with their ISO 4217 minor units.
const CURRENCIES: &[(&str, u32)] = &[
    ("USD", 2),
    ("CNY", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("JPY", 0),
    ("HKD", 2),
    ("SGD", 2),
    ("AUD", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("KRW", 0),
    ("INR", 2),
    ("TWD", 2),
    ("SEK", 2),
    ("NOK", 2),
    ("DKK", 2),
    ("PLN", 2),
    ("BRL", 2),
    ("MYR", 2),
    ("THB", 2),
    ("IDR", 2),
    ("VND", 0),
    ("AED", 2),
];

/// An ISO 4217 currency code that Breakeven knows the minor unit of.
///
/// Holds the code from the table of known currencies, so a copy costs no allocation (a catalogue has
/// one on each of its million price schedules).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct Currency(&'static str);

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown currency code `{0}` (expected an ISO 4217 code such as USD, CNY or EUR)")]
pub struct UnknownCurrency(pub String);

impl Currency {
    /// US dollars, the default display currency.
    pub fn usd() -> Currency {
        Currency("USD")
    }

    pub fn code(&self) -> &str {
        self.0
    }

    pub fn minor_units(&self) -> u32 {
        CURRENCIES.iter().find(|(code, _)| *code == self.0).map(|(_, dp)| *dp).unwrap_or(2)
    }

    /// Every code accepted, for error messages and the OpenAPI document.
    pub fn known_codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(code, _)| *code)
    }
}

impl FromStr for Currency {
    type Err = UnknownCurrency;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        match CURRENCIES.iter().find(|(code, _)| *code == upper) {
            Some((code, _)) => Ok(Currency(code)),
            None => Err(UnknownCurrency(s.to_string())),
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = UnknownCurrency;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.0.to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl schemars::JsonSchema for Currency {
    fn schema_name() -> String {
        "Currency".to_string()
    }
    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let mut schema = schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::String.into()),
            ..Default::default()
        };
        schema.enum_values =
            Some(Currency::known_codes().map(|c| serde_json::Value::String(c.to_string())).collect());
        schema.metadata().description = Some("ISO 4217 currency code".to_string());
        schema.into()
    }
}

impl utoipa::PartialSchema for Currency {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("ISO 4217 currency code"))
            .enum_values(Some(Currency::known_codes()))
            .examples([serde_json::json!("USD")])
            .into()
    }
}

impl utoipa::ToSchema for Currency {}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero_to_minor_unit() {
        let usd: Currency = "usd".parse().expect("usd");
        assert_eq!(round_money(dec!(2.345), &usd).to_string(), "2.35");
        assert_eq!(round_money(dec!(-2.345), &usd).to_string(), "-2.35");
        assert_eq!(round_money(dec!(2.5), &usd).to_string(), "2.50");
        let jpy: Currency = "JPY".parse().expect("jpy");
        assert_eq!(round_money(dec!(1234.5), &jpy).to_string(), "1235");
    }

    #[test]
    fn unknown_currency_is_rejected() {
        assert!("XYZ".parse::<Currency>().is_err());
        assert!("".parse::<Currency>().is_err());
    }

    #[test]
    fn checked_ops_report_overflow() {
        assert!(mul(Decimal::MAX, dec!(2)).is_err());
        assert!(add(Decimal::MAX, Decimal::ONE).is_err());
        assert!(div(Decimal::ONE, Decimal::ZERO).is_err());
        assert_eq!(powi(dec!(1.1), 2), Ok(dec!(1.21)));
        assert_eq!(powi(dec!(2), 10), Ok(dec!(1024)));
        assert_eq!(powi(dec!(5), 0), Ok(Decimal::ONE));
    }
}
