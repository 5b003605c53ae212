//! The catalogue: an immutable, validated snapshot of every offering, FX rate and facility preset,
//! versioned by a hash of the files it was loaded from.

pub mod attributes;
pub mod book;
pub mod index;
pub mod load;
pub mod model;
pub mod pricing;
pub mod query;
pub mod schema;
pub mod synthetic;
pub mod validate;

pub use index::Offerings;
pub use model::*;

/// Longest id a request may carry (offering, template, preset ids): the catalogue's longest is about 60
/// characters. Longer ones are refused up front, before any lookup or suggestion search.
pub const MAX_ID_LENGTH: usize = 200;

/// Longest name a request may carry (options, components, drivers, parameters, labour lines).
pub const MAX_NAME_LENGTH: usize = 200;

use crate::money::{self, Currency, MoneyError};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One loaded price file's header, kept for `/v1/catalog` and for provenance.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FileSummary {
    /// Path relative to the data directory, `/`-separated.
    pub path: String,
    pub title: String,
    pub publisher: String,
    pub source: String,
    /// When the file as a whole was last reviewed against its sources.
    #[schema(value_type = String, format = Date)]
    pub reviewed: NaiveDate,
    pub offerings: usize,
}

/// Exchange rates, all against one base currency.
#[derive(Debug, Clone)]
pub struct FxTable {
    pub base: Currency,
    pub rates: BTreeMap<Currency, FxRate>,
}

/// How an amount was converted, for the comparison's warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub from: Currency,
    pub to: Currency,
    /// Units of `to` per one unit of `from`.
    pub rate: Decimal,
    /// The older leg's rate date (none when a leg's source states none).
    pub price_date: Option<NaiveDate>,
    pub source_url: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FxError {
    #[error("no exchange rate for {0}")]
    MissingRate(Currency),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl FxError {
    /// What is wrong, for the user (`Display` gives the English, for logs).
    pub fn text(&self) -> crate::text::Text {
        match self {
            FxError::MissingRate(currency) => t!("catalog-fx-missing-rate", currency = currency),
            FxError::Money(e) => pricing::money_text(e),
        }
    }
}

impl FxTable {
    /// Units of `currency` per one base unit (1 for the base itself).
    fn per_base(&self, currency: &Currency) -> Result<(Decimal, Option<&FxRate>), FxError> {
        if *currency == self.base {
            return Ok((Decimal::ONE, None));
        }
        self.rates
            .get(currency)
            .map(|r| (r.per_base, Some(r)))
            .ok_or_else(|| FxError::MissingRate(currency.clone()))
    }

    pub fn has(&self, currency: &Currency) -> bool {
        *currency == self.base || self.rates.contains_key(currency)
    }

    /// The rate to turn one `from` into `to` (`to per base ÷ from per base`), with its date and source.
    /// The older of the two legs' dates is reported; none if either leg is undated.
    pub fn conversion(&self, from: &Currency, to: &Currency) -> Result<Conversion, FxError> {
        let (from_rate, from_leg) = self.per_base(from)?;
        let (to_rate, to_leg) = self.per_base(to)?;
        let rate = money::div(to_rate, from_rate)?;
        let legs: Vec<&FxRate> = [from_leg, to_leg].into_iter().flatten().collect();
        Ok(Conversion {
            from: from.clone(),
            to: to.clone(),
            rate,
            price_date: oldest_price_date(&legs),
            source_url: legs.iter().map(|r| r.provenance.source_url.as_str()).collect::<Vec<_>>().join(" ; "),
        })
    }
}

/// The older of the legs' price dates; none when any leg is undated (its age is unknown).
fn oldest_price_date(legs: &[&FxRate]) -> Option<NaiveDate> {
    legs.iter().map(|r| r.provenance.price_date).collect::<Option<Vec<_>>>()?.into_iter().min()
}

/// The immutable snapshot every request reads from.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// `sha256:` + first 16 hex digits of the hash of every file's path and bytes, in path order.
    pub version: String,
    /// Offerings by id, in id order (the stable order of listings and pagination), with the indexes
    /// listings use.
    pub offerings: Offerings,
    pub fx: FxTable,
    pub pue_presets: BTreeMap<String, PuePreset>,
    pub files: Vec<FileSummary>,
    /// Non-price attributes, by profile (`attributes/`): resolved per offering by `attributes_of`.
    pub profiles: attributes::Profiles,
}

impl Catalog {
    pub fn offering(&self, id: &str) -> Option<&Offering> {
        self.offerings.get(id)
    }

    /// What is known of an offering besides its prices (nothing, when no profile covers it).
    pub fn attributes_of(&self, id: &str) -> attributes::OfferingAttributes {
        self.profiles.resolve(id)
    }

    /// A copy with every price of `category` multiplied by `factor` (for sensitivity analysis): unit
    /// prices, base fees, upfront amounts and tier prices and fees.
    pub fn with_price_factor(&self, category: Category, factor: Decimal) -> Result<Catalog, MoneyError> {
        let mut catalog = self.clone();
        let scale = |v: &mut Option<Decimal>| -> Result<(), MoneyError> {
            if let Some(x) = v.as_mut() {
                *x = money::mul(*x, factor)?;
            }
            Ok(())
        };
        for offering in catalog.offerings.values_mut().filter(|o| o.category == category) {
            for schedule in &mut offering.prices {
                scale(&mut schedule.unit_price)?;
                scale(&mut schedule.base_fee)?;
                scale(&mut schedule.upfront)?;
                for tier in &mut schedule.tiers {
                    scale(&mut tier.unit_price)?;
                    scale(&mut tier.flat_fee)?;
                }
            }
        }
        Ok(catalog)
    }

    /// Up to `limit` ids closest to `id` (by edit distance), for "did you mean" messages.
    pub fn suggest(&self, id: &str, limit: usize) -> Vec<String> {
        query::closest(id, self.offerings.keys().map(String::as_str), limit)
    }
}

impl Offering {
    /// The provenance that applies to `schedule` (its own, or the offering's).
    pub fn provenance_of<'a>(&'a self, schedule: &'a PriceSchedule) -> &'a Provenance {
        schedule.provenance.as_ref().unwrap_or(&self.provenance)
    }

    /// The first schedule with this purchase option (and payment, when given) and this commitment
    /// (none: the plain reservation, not a convertible one or a savings plan's rate).
    pub fn schedule(
        &self,
        option: PurchaseOption,
        payment: Option<Payment>,
        commitment: Option<Commitment>,
    ) -> Option<&PriceSchedule> {
        self.prices.iter().find(|s| {
            s.purchase_option == option
                && (payment.is_none() || s.payment == payment)
                && s.commitment == commitment
        })
    }
}
