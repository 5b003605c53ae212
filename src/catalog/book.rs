//! Tenant price books: a portal's negotiated prices, as an overlay on the catalogue.
//!
//! One file per API key (named after the key). A book replaces an offering's price schedules, or
//! takes a discount off its list prices (by offering id, id prefix, provider or category). Applied,
//! it gives a catalogue of its own, versioned `<catalogue>+book:<digest>`, so answers, caches and ETags
//! for that key can never be another key's. Every price the book touches becomes `basis: quote`, with
//! the book's name, reference and date in its provenance.

use super::model::{Basis, Category, PriceSchedule, Provenance};
use super::validate::Problem;
use super::Catalog;
use crate::money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One price book file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceBook {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    #[schema(ignore)]
    pub schema: Option<String>,
    /// What the book is (e.g. "Acme Ltd. negotiated prices 2026").
    pub name: String,
    /// When its prices were agreed (the quotes' own date).
    #[schemars(with = "String")]
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// The contract or quote it comes from (e.g. "Tencent Cloud framework agreement TC-2026-017").
    pub reference: String,
    /// Where the contract can be read, when it has an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Discounts off list prices; for each offering the most specific matching rule applies (an
    /// offering id, then the longest id prefix, then provider, then category).
    #[serde(default)]
    pub discounts: Vec<BookDiscount>,
    /// Negotiated schedules that replace an offering's own.
    #[serde(default)]
    pub schedules: Vec<BookSchedules>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookDiscount {
    /// An offering id, or an id prefix ending in `/` (`tencent/im/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offering: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// Fraction off every amount of the list price ("0.15" for 15 % off), at least 0 and below 1.
    #[schemars(with = "String")]
    #[schema(value_type = String, example = "0.15")]
    pub discount: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookSchedules {
    /// The offering whose schedules these replace.
    pub offering: String,
    /// Each states its `currency` and `tax` (a negotiated price has no file to inherit them from).
    pub prices: Vec<PriceSchedule>,
}

impl PartialEq for BookSchedules {
    fn eq(&self, other: &Self) -> bool {
        self.offering == other.offering
            && serde_json::to_value(&self.prices).ok() == serde_json::to_value(&other.prices).ok()
    }
}

/// How specific a discount rule is for an offering (higher wins); none when it does not match.
fn specificity(rule: &BookDiscount, id: &str, provider: &str, category: Category) -> Option<usize> {
    if rule.provider.as_deref().is_some_and(|p| p != provider) || rule.category.is_some_and(|c| c != category)
    {
        return None;
    }
    match &rule.offering {
        Some(pattern) if super::attributes::covers(pattern, id) => Some(pattern.len().saturating_add(2)),
        Some(_) => None,
        None if rule.provider.is_some() => Some(1),
        None => Some(0),
    }
}

impl PriceBook {
    /// The provenance of a price the book sets: a quote, dated by the book.
    fn provenance(&self, how: String) -> Provenance {
        Provenance {
            source_url: self
                .source_url
                .clone()
                .unwrap_or_else(|| format!("urn:breakeven:price-book:{}", self.name)),
            basis: Basis::Quote,
            copied_by: None,
            price_date: Some(self.date),
            retrieved: self.date,
            note: Some(format!(
                "price book `{}` ({}), dated {}: {how}",
                self.name, self.reference, self.date
            )),
        }
    }

    /// Every problem with the book against the catalogue it overlays (`file` names it in messages).
    pub fn problems(&self, file: &str, catalog: &Catalog) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut schedule_problems = Vec::new();
        let mut add = |field: String, message: String| {
            out.push(Problem { file: file.to_string(), offering: None, field: Some(field), message })
        };
        if self.name.trim().is_empty() {
            add("name".into(), "must not be empty".into());
        }
        if self.reference.trim().is_empty() {
            add("reference".into(), "name the contract or quote the prices come from".into());
        }
        if let Some(url) = &self.source_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                add("source_url".into(), format!("`{url}` is not an http(s) URL"));
            }
        }
        for (i, rule) in self.discounts.iter().enumerate() {
            let at = format!("discounts[{i}]");
            if rule.discount.is_sign_negative() || rule.discount >= Decimal::ONE {
                add(
                    format!("{at}.discount"),
                    format!(
                        "{} is out of range: a fraction at least 0 and below 1 (\"0.15\" for 15 % off)",
                        rule.discount
                    ),
                );
            }
            if rule.offering.is_none() && rule.provider.is_none() && rule.category.is_none() {
                add(at.clone(), "say what it applies to: `offering`, `provider` or `category`".into());
            }
            let matches = catalog
                .offerings
                .values()
                .any(|o| specificity(rule, &o.id, &o.provider, o.category).is_some());
            if !matches {
                add(at, "matches no offering of the catalogue".into());
            }
        }
        for (i, replaced) in self.schedules.iter().enumerate() {
            let at = format!("schedules[{i}]");
            if catalog.offering(&replaced.offering).is_none() {
                add(format!("{at}.offering"), format!("no offering with id `{}`", replaced.offering));
            }
            if replaced.prices.is_empty() {
                add(format!("{at}.prices"), "give at least one schedule".into());
            }
            for (j, schedule) in replaced.prices.iter().enumerate() {
                if schedule.currency.is_none() {
                    add(format!("{at}.prices[{j}].currency"), "required in a price book".into());
                } else if schedule.currency.as_ref().is_some_and(|c| !catalog.fx.has(c)) {
                    add(format!("{at}.prices[{j}].currency"), "no FX rate for it in fx.json".into());
                }
                if schedule.tax.is_none() {
                    add(
                        format!("{at}.prices[{j}].tax"),
                        "required in a price book: say whether the price includes VAT".into(),
                    );
                }
            }
            for problem in super::validate::schedules(file, &replaced.offering, &replaced.prices) {
                schedule_problems
                    .push(Problem { field: problem.field.map(|f| format!("{at}.{f}")), ..problem });
            }
        }
        out.extend(schedule_problems);
        out
    }

    /// The catalogue with this book applied; `digest` (of the book's bytes) makes its version.
    pub fn apply(&self, catalog: &Catalog, digest: &str) -> Result<Catalog, money::MoneyError> {
        let mut merged = catalog.clone();
        merged.version = format!("{}+book:{digest}", catalog.version);
        for replaced in &self.schedules {
            if let Some(offering) = merged.offerings.get_mut(&replaced.offering) {
                let provenance = self.provenance("negotiated schedule".into());
                offering.prices = replaced
                    .prices
                    .iter()
                    .cloned()
                    .map(|mut s| {
                        s.provenance = Some(provenance.clone());
                        s.range = None;
                        s
                    })
                    .collect();
            }
        }
        let replaced: Vec<&str> = self.schedules.iter().map(|s| s.offering.as_str()).collect();
        for offering in merged.offerings.values_mut().filter(|o| !replaced.contains(&o.id.as_str())) {
            let rule = self
                .discounts
                .iter()
                .filter_map(|r| {
                    specificity(r, &offering.id, &offering.provider, offering.category).map(|s| (s, r))
                })
                .max_by_key(|(s, _)| *s)
                .map(|(_, r)| r);
            let Some(rule) = rule else { continue };
            let factor = money::sub(Decimal::ONE, rule.discount)?;
            let list = offering.provenance.clone();
            for schedule in &mut offering.prices {
                let origin = schedule.provenance.as_ref().unwrap_or(&list);
                let how = format!(
                    "list price × (1 − {}){}; list price from {} ({}, retrieved {})",
                    rule.discount,
                    rule.note.as_deref().map(|n| format!(", {n}")).unwrap_or_default(),
                    origin.source_url,
                    origin.basis.as_str(),
                    origin.retrieved
                );
                let provenance = self.provenance(how);
                scale(schedule, factor)?;
                schedule.provenance = Some(provenance);
            }
        }
        merged.offerings.index();
        Ok(merged)
    }
}

/// Every amount of a schedule times `factor`.
fn scale(schedule: &mut PriceSchedule, factor: Decimal) -> Result<(), money::MoneyError> {
    let times = |v: &mut Option<Decimal>| -> Result<(), money::MoneyError> {
        if let Some(x) = v.as_mut() {
            *x = money::mul(*x, factor)?;
        }
        Ok(())
    };
    times(&mut schedule.unit_price)?;
    times(&mut schedule.base_fee)?;
    times(&mut schedule.upfront)?;
    for tier in &mut schedule.tiers {
        times(&mut tier.unit_price)?;
        times(&mut tier.flat_fee)?;
    }
    Ok(())
}
