//! Searching the catalogue: filters, ordering, cursor pagination, statistics and "did you mean"
//! suggestions. Pure functions over a `Catalog`.

use super::model::{Basis, Category, Market, Offering, PriceSchedule, Provenance, PurchaseOption, Unit};
use super::{Catalog, FxError};
use crate::money::{self, Currency};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// What to select. Every filter is optional; all given filters must match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub provider: Option<String>,
    pub category: Option<Category>,
    pub region: Option<String>,
    pub market: Option<Market>,
    pub basis: Option<Basis>,
    pub unit: Option<Unit>,
    pub purchase_option: Option<PurchaseOption>,
    /// Case-insensitive text found in the id, name or description.
    pub text: Option<String>,
    pub min_vcpu: Option<u32>,
    pub max_vcpu: Option<u32>,
    pub min_memory_gib: Option<Decimal>,
    pub max_memory_gib: Option<Decimal>,
}

impl Filter {
    /// Whether no filter is given (every offering matches).
    pub fn is_empty(&self) -> bool {
        let Filter {
            provider,
            category,
            region,
            market,
            basis,
            unit,
            purchase_option,
            text,
            min_vcpu,
            max_vcpu,
            min_memory_gib,
            max_memory_gib,
        } = self;
        provider.is_none()
            && category.is_none()
            && region.is_none()
            && market.is_none()
            && basis.is_none()
            && unit.is_none()
            && purchase_option.is_none()
            && text.is_none()
            && min_vcpu.is_none()
            && max_vcpu.is_none()
            && min_memory_gib.is_none()
            && max_memory_gib.is_none()
    }

    pub fn matches(&self, offering: &Offering) -> bool {
        self.matches_lowered(offering, self.text.as_ref().map(|t| t.to_lowercase()).as_ref())
    }

    /// `matches`, with the text filter already lower-cased (once per listing, not per offering).
    fn matches_lowered(&self, offering: &Offering, text: Option<&String>) -> bool {
        let eq = |want: &Option<String>, have: Option<&str>| {
            want.as_ref().is_none_or(|w| have.is_some_and(|h| h.eq_ignore_ascii_case(w)))
        };
        eq(&self.provider, Some(&offering.provider))
            && eq(&self.region, offering.region.as_deref())
            && self.category.is_none_or(|c| c == offering.category)
            && self.market.is_none_or(|m| offering.market == Some(m))
            && self.basis.is_none_or(|b| {
                offering.provenance.basis == b
                    || offering.prices.iter().any(|s| offering.provenance_of(s).basis == b)
            })
            && self.unit.is_none_or(|u| offering.prices.iter().any(|s| s.unit == u))
            && self.purchase_option.is_none_or(|p| offering.prices.iter().any(|s| s.purchase_option == p))
            && text.is_none_or(|t| {
                offering.id.contains(t.as_str())
                    || offering.name.to_lowercase().contains(t.as_str())
                    || offering.description.as_ref().is_some_and(|d| d.to_lowercase().contains(t.as_str()))
            })
            && in_range(
                offering.specs.vcpu.map(Decimal::from),
                self.min_vcpu.map(Decimal::from),
                self.max_vcpu.map(Decimal::from),
            )
            && in_range(offering.specs.memory_gib, self.min_memory_gib, self.max_memory_gib)
    }
}

/// A bound given on a spec the offering lacks excludes it.
fn in_range(value: Option<Decimal>, min: Option<Decimal>, max: Option<Decimal>) -> bool {
    if min.is_none() && max.is_none() {
        return true;
    }
    value.is_some_and(|v| min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m))
}

/// The figure an offering is sorted by when sorting by price: its headline price in `currency`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReferencePrice {
    /// Converted at the catalogue's FX rates, unrounded (a decimal string).
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub currency: Currency,
    pub unit: Unit,
    pub purchase_option: PurchaseOption,
}

/// The headline figure of a schedule: its unit price, else its base fee, else its first plan's price,
/// else its upfront. Comparable between offerings of the same unit only.
fn headline(schedule: &PriceSchedule) -> Option<Decimal> {
    schedule
        .unit_price
        .filter(|p| !p.is_zero() || schedule.base_fee.is_none())
        .or(schedule.base_fee)
        .or_else(|| schedule.tiers.iter().find_map(|t| t.flat_fee.or(t.unit_price)))
        .or(schedule.upfront)
}

/// The reference price of `offering` in `currency`: the first schedule with `option` (or the first
/// schedule at all), its headline figure, converted.
pub fn reference_price(
    catalog: &Catalog,
    offering: &Offering,
    option: Option<PurchaseOption>,
    currency: &Currency,
) -> Result<Option<ReferencePrice>, FxError> {
    let key = sort_key(offering, option, currency, |from| Ok(catalog.fx.conversion(from, currency)?.rate))?;
    Ok(key.map(|key| key.reference_price(currency)))
}

/// What `reference_price` computes, without the currency: the converted amount, unit and option.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PriceKey {
    amount: Decimal,
    unit: Unit,
    purchase_option: PurchaseOption,
}

impl PriceKey {
    fn reference_price(self, currency: &Currency) -> ReferencePrice {
        ReferencePrice {
            amount: self.amount,
            currency: currency.clone(),
            unit: self.unit,
            purchase_option: self.purchase_option,
        }
    }
}

/// The reference price's figures, with `rate_of(from)` giving units of `currency` per one `from`.
fn sort_key(
    offering: &Offering,
    option: Option<PurchaseOption>,
    currency: &Currency,
    mut rate_of: impl FnMut(&Currency) -> Result<Decimal, FxError>,
) -> Result<Option<PriceKey>, FxError> {
    let schedule = match option {
        Some(o) => offering.prices.iter().find(|s| s.purchase_option == o),
        None => offering.prices.first(),
    };
    let Some(schedule) = schedule else { return Ok(None) };
    let Some(amount) = headline(schedule) else { return Ok(None) };
    let from = schedule.currency.as_ref().unwrap_or(currency);
    let rate = rate_of(from)?;
    Ok(Some(PriceKey {
        amount: money::mul(amount, rate)?,
        unit: schedule.unit,
        purchase_option: schedule.purchase_option,
    }))
}

/// Conversion rates into one currency, each looked up once per listing.
struct Rates<'c> {
    catalog: &'c Catalog,
    to: &'c Currency,
    known: Vec<(Currency, Decimal)>,
}

impl<'c> Rates<'c> {
    fn new(catalog: &'c Catalog, to: &'c Currency) -> Self {
        Rates { catalog, to, known: Vec::new() }
    }

    fn rate(&mut self, from: &Currency) -> Result<Decimal, FxError> {
        if let Some((_, rate)) = self.known.iter().find(|(c, _)| c == from) {
            return Ok(*rate);
        }
        let rate = self.catalog.fx.conversion(from, self.to)?.rate;
        self.known.push((from.clone(), rate));
        Ok(rate)
    }
}

/// How listings are ordered. Every order ends with the id, so it is total and pages are stable.
#[derive(Debug, Clone, PartialEq)]
pub enum Order {
    Id,
    /// By reference price in this currency (offerings without one last), then id.
    Price {
        currency: Currency,
        descending: bool,
    },
}

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    AfterId(String),
    AfterPrice { price: Option<Decimal>, id: String },
}

impl Cursor {
    /// Opaque text for clients: `i.<id>` or `p.<price or ->.<id>`.
    pub fn encode(&self) -> String {
        match self {
            Cursor::AfterId(id) => format!("i.{id}"),
            Cursor::AfterPrice { price, id } => {
                format!(
                    "p.{}.{id}",
                    price.map_or("-".to_string(), |p| p.normalize().to_string()).replace('.', "_")
                )
            }
        }
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        if let Some(id) = text.strip_prefix("i.") {
            return Some(Cursor::AfterId(id.to_string()));
        }
        let rest = text.strip_prefix("p.")?;
        let (price, id) = rest.split_once('.')?;
        let price = if price == "-" { None } else { Some(price.replace('_', ".").parse().ok()?) };
        Some(Cursor::AfterPrice { price, id: id.to_string() })
    }
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub items: Vec<(&'a Offering, Option<ReferencePrice>)>,
    /// How many offerings match the filter in all.
    pub total: usize,
    pub next: Option<Cursor>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    #[error("the cursor does not belong to this ordering")]
    CursorMismatch,
    #[error(transparent)]
    Fx(#[from] FxError),
}

impl QueryError {
    /// What is wrong, for the user (`Display` gives the English, for logs).
    pub fn text(&self) -> crate::text::Text {
        match self {
            QueryError::CursorMismatch => t!("catalog-cursor-mismatch"),
            QueryError::Fx(e) => e.text(),
        }
    }
}

/// Filters, orders and cuts one page of at most `limit` offerings after `cursor`.
///
/// Looks only at the offerings the catalogue's indexes select for the exact filters given (provider,
/// region, category, market), then applies every filter to those; prices are computed for the
/// matching offerings only, each currency's rate looked up once. Returns exactly what
/// `list_by_scan` returns.
pub fn list<'a>(
    catalog: &'a Catalog,
    filter: &Filter,
    order: &Order,
    cursor: Option<&Cursor>,
    limit: usize,
) -> Result<Page<'a>, QueryError> {
    let offerings = &catalog.offerings;
    let candidates = offerings.index().candidates(
        filter.provider.as_deref(),
        filter.region.as_deref(),
        filter.category,
        filter.market,
    );
    // The candidates pass the exact filters; what is left to check on each of them.
    let rest = Filter { provider: None, region: None, category: None, market: None, ..filter.clone() };
    let all = offerings.as_slice();
    if rest.is_empty() && *order == Order::Id {
        return Ok(match candidates {
            Some(positions) => id_page(
                positions.len(),
                |i| positions.get(i).and_then(|p| usize::try_from(*p).ok()).and_then(|p| all.get(p)),
                cursor,
                limit,
            )?,
            None => id_page(all.len(), |i| all.get(i), cursor, limit)?,
        });
    }
    let text = rest.text.as_ref().map(|t| t.to_lowercase());
    let keep = |o: &&Offering| rest.matches_lowered(o, text.as_ref());
    let matching: Vec<&Offering> = match candidates {
        Some(positions) => positions
            .iter()
            .filter_map(|p| usize::try_from(*p).ok().and_then(|p| all.get(p)))
            .filter(keep)
            .collect(),
        None => all.iter().filter(keep).collect(),
    };
    let mut rows: Vec<(&Offering, Option<PriceKey>)> = Vec::with_capacity(matching.len());
    match order {
        Order::Id => rows.extend(matching.into_iter().map(|o| (o, None))),
        Order::Price { currency, descending } => {
            let mut rates = Rates::new(catalog, currency);
            for offering in matching {
                let key = sort_key(offering, filter.purchase_option, currency, |from| rates.rate(from))?;
                rows.push((offering, key));
            }
            rows.sort_by(|(a, pa), (b, pb)| {
                by_price(pa.map(|k| k.amount), pb.map(|k| k.amount), *descending)
                    .then_with(|| a.id.cmp(&b.id))
            });
        }
    }
    let total = rows.len();
    let start = match (cursor, order) {
        (None, _) => 0,
        (Some(Cursor::AfterId(after)), Order::Id) => {
            rows.partition_point(|(o, _)| o.id.as_str() <= after.as_str())
        }
        (Some(Cursor::AfterPrice { price, id }), Order::Price { descending, .. }) => {
            rows.partition_point(|(o, p)| !is_after(p.map(|k| k.amount), &o.id, *price, id, *descending))
        }
        _ => return Err(QueryError::CursorMismatch),
    };
    let page: Vec<(&Offering, Option<PriceKey>)> = rows.into_iter().skip(start).take(limit).collect();
    let next = if start.saturating_add(page.len()) < total {
        page.last().map(|(o, p)| match order {
            Order::Id => Cursor::AfterId(o.id.clone()),
            Order::Price { .. } => Cursor::AfterPrice { price: p.map(|k| k.amount), id: o.id.clone() },
        })
    } else {
        None
    };
    let items = page
        .into_iter()
        .map(|(o, key)| match order {
            Order::Id => (o, None),
            Order::Price { currency, .. } => (o, key.map(|k| k.reference_price(currency))),
        })
        .collect();
    Ok(Page { items, total, next })
}

/// A page in id order of `len` rows, the `i`-th given by `at(i)` (offerings in id order, each already
/// known to match): the cursor found by binary search, nothing beyond the page looked at.
fn id_page<'a>(
    len: usize,
    at: impl Fn(usize) -> Option<&'a Offering>,
    cursor: Option<&Cursor>,
    limit: usize,
) -> Result<Page<'a>, QueryError> {
    let start = match cursor {
        None => 0,
        Some(Cursor::AfterId(after)) => {
            // The first row whose id is after the cursor's.
            let (mut low, mut high) = (0usize, len);
            while low < high {
                let mid = low.saturating_add(high.saturating_sub(low) / 2);
                if at(mid).is_some_and(|o| o.id.as_str() <= after.as_str()) {
                    low = mid.saturating_add(1);
                } else {
                    high = mid;
                }
            }
            low
        }
        Some(Cursor::AfterPrice { .. }) => return Err(QueryError::CursorMismatch),
    };
    let end = start.saturating_add(limit).min(len);
    let items: Vec<(&Offering, Option<ReferencePrice>)> =
        (start..end).filter_map(&at).map(|o| (o, None)).collect();
    let next = if start.saturating_add(items.len()) < len {
        items.last().map(|(o, _)| Cursor::AfterId(o.id.clone()))
    } else {
        None
    };
    Ok(Page { items, total: len, next })
}

/// Price order: present prices before absent ones, ascending or descending.
fn by_price(a: Option<Decimal>, b: Option<Decimal>, descending: bool) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) if descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// `list` by the obvious method, kept as its reference: every offering through `Filter::matches`,
/// every price through `reference_price`, a full sort. Slow on a large catalogue; the tests and the
/// scale benchmark compare `list` with it.
pub fn list_by_scan<'a>(
    catalog: &'a Catalog,
    filter: &Filter,
    order: &Order,
    cursor: Option<&Cursor>,
    limit: usize,
) -> Result<Page<'a>, QueryError> {
    let mut rows: Vec<(&Offering, Option<ReferencePrice>)> = Vec::new();
    for offering in catalog.offerings.values().filter(|o| filter.matches(o)) {
        let price = match order {
            Order::Id => None,
            Order::Price { currency, .. } => {
                reference_price(catalog, offering, filter.purchase_option, currency)?
            }
        };
        rows.push((offering, price));
    }
    if let Order::Price { descending, .. } = order {
        rows.sort_by(|(a, pa), (b, pb)| {
            let by_price = match (pa, pb) {
                (Some(x), Some(y)) if *descending => y.amount.cmp(&x.amount),
                (Some(x), Some(y)) => x.amount.cmp(&y.amount),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            by_price.then_with(|| a.id.cmp(&b.id))
        });
    }
    let total = rows.len();
    let start = match (cursor, order) {
        (None, _) => 0,
        (Some(Cursor::AfterId(after)), Order::Id) => {
            rows.partition_point(|(o, _)| o.id.as_str() <= after.as_str())
        }
        (Some(Cursor::AfterPrice { price, id }), Order::Price { descending, .. }) => rows
            .iter()
            .position(|(o, p)| is_after(p.as_ref().map(|r| r.amount), &o.id, *price, id, *descending))
            .unwrap_or(rows.len()),
        _ => return Err(QueryError::CursorMismatch),
    };
    let items: Vec<_> = rows.into_iter().skip(start).take(limit).collect();
    let next = if start.saturating_add(items.len()) < total {
        items.last().map(|(o, p)| match order {
            Order::Id => Cursor::AfterId(o.id.clone()),
            Order::Price { .. } => {
                Cursor::AfterPrice { price: p.as_ref().map(|r| r.amount), id: o.id.clone() }
            }
        })
    } else {
        None
    };
    Ok(Page { items, total, next })
}

/// Whether a row `(price, id)` comes strictly after the cursor `(after_price, after_id)` in the order.
fn is_after(
    price: Option<Decimal>,
    id: &str,
    after_price: Option<Decimal>,
    after_id: &str,
    descending: bool,
) -> bool {
    use std::cmp::Ordering::*;
    let by_price = match (price, after_price) {
        (Some(p), Some(a)) if descending => a.cmp(&p),
        (Some(p), Some(a)) => p.cmp(&a),
        (None, Some(_)) => Greater,
        (Some(_), None) => Less,
        (None, None) => Equal,
    };
    by_price.then_with(|| id.cmp(after_id)) == Greater
}

/// What the catalogue holds: counts, date range, sources.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogStats {
    pub offerings: usize,
    pub price_schedules: usize,
    pub by_category: BTreeMap<String, usize>,
    pub by_provider: BTreeMap<String, usize>,
    /// Price schedules by the basis of their provenance (every basis listed, zeros included).
    pub by_basis: BTreeMap<String, usize>,
    /// Oldest and newest price date of any dated price.
    #[schema(value_type = Option<String>, format = Date)]
    pub oldest_price: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub newest_price: Option<NaiveDate>,
    /// Price schedules whose source states no price date.
    pub undated_prices: usize,
}

/// One more in a count (saturating: a count of catalogue entries cannot reach `usize::MAX`).
fn bump(count: &mut usize) {
    *count = count.saturating_add(1);
}

pub fn stats(catalog: &Catalog) -> CatalogStats {
    let mut by_category = BTreeMap::new();
    let mut by_provider = BTreeMap::new();
    let mut by_basis: BTreeMap<String, usize> =
        Basis::ALL.iter().map(|b| (b.as_str().to_string(), 0)).collect();
    let mut dates = Vec::new();
    let mut schedules = 0;
    let mut undated = 0;
    for offering in catalog.offerings.values() {
        bump(by_category.entry(offering.category.as_str().to_string()).or_insert(0));
        bump(by_provider.entry(offering.provider.clone()).or_insert(0));
        for schedule in &offering.prices {
            let provenance = offering.provenance_of(schedule);
            bump(by_basis.entry(provenance.basis.as_str().to_string()).or_insert(0));
            match provenance.price_date {
                Some(date) => dates.push(date),
                None => bump(&mut undated),
            }
            bump(&mut schedules);
        }
    }
    CatalogStats {
        offerings: catalog.offerings.len(),
        price_schedules: schedules,
        by_category,
        by_provider,
        by_basis,
        oldest_price: dates.iter().min().copied(),
        newest_price: dates.iter().max().copied(),
        undated_prices: undated,
    }
}

/// The README's catalogue tables: price schedules per category by basis, then per provider with the
/// oldest price date and how many prices have none.
pub fn stats_markdown(catalog: &Catalog) -> String {
    let mut by_category: BTreeMap<&str, (usize, BTreeMap<Basis, usize>)> = BTreeMap::new();
    let mut by_provider: BTreeMap<&str, ProviderDates> = BTreeMap::new();
    for offering in catalog.offerings.values() {
        let (count, row) = by_category.entry(offering.category.as_str()).or_default();
        bump(count);
        let dates = by_provider.entry(offering.provider.as_str()).or_default();
        for schedule in &offering.prices {
            let provenance = offering.provenance_of(schedule);
            bump(row.entry(provenance.basis).or_insert(0));
            dates.add(provenance);
        }
    }
    let mut out = format!(
        "| category | offerings | {} |\n|---|---:|{}\n",
        Basis::ALL.map(Basis::as_str).join(" | "),
        "---:|".repeat(Basis::ALL.len())
    );
    let mut totals = [0usize; Basis::ALL.len()];
    for (category, (count, row)) in &by_category {
        let counts = Basis::ALL.map(|b| row.get(&b).copied().unwrap_or(0));
        for (total, count) in totals.iter_mut().zip(counts) {
            *total = total.saturating_add(count);
        }
        out.push_str(&format!("| {category} | {count} | {} |\n", counts.map(|c| c.to_string()).join(" | ")));
    }
    out.push_str(&format!(
        "| **all** | **{}** | {} |\n",
        catalog.offerings.len(),
        totals.map(|c| format!("**{c}**")).join(" | ")
    ));
    out.push_str("\n| provider | prices | oldest price date | undated prices |\n|---|---:|---|---:|\n");
    for (provider, dates) in &by_provider {
        let oldest = dates.oldest.map(|d| d.to_string()).unwrap_or_else(|| "–".to_string());
        out.push_str(&format!("| {provider} | {} | {oldest} | {} |\n", dates.prices, dates.undated));
    }
    out
}

/// A provider's price dates, for the README table.
#[derive(Default)]
struct ProviderDates {
    prices: usize,
    oldest: Option<NaiveDate>,
    undated: usize,
}

impl ProviderDates {
    fn add(&mut self, provenance: &Provenance) {
        bump(&mut self.prices);
        match provenance.price_date {
            Some(date) => self.oldest = Some(self.oldest.map_or(date, |o| o.min(date))),
            None => bump(&mut self.undated),
        }
    }
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    rapidfuzz::distance::levenshtein::distance(a.chars(), b.chars())
}

/// The Levenshtein distance when it is at most `cutoff`, else `None`. Bounded work: rapidfuzz first
/// compares the lengths (a difference above `cutoff` costs nothing more), then runs a banded
/// bit-parallel algorithm that stops as soon as the distance must exceed `cutoff`.
pub fn edit_distance_within(a: &str, b: &str, cutoff: usize) -> Option<usize> {
    let args = rapidfuzz::distance::levenshtein::Args::default().score_cutoff(cutoff);
    rapidfuzz::distance::levenshtein::distance_with_args(a.chars(), b.chars(), &args)
}

/// The farthest a suggestion may be from what the caller typed: half its length, at least 3 edits.
/// Anything farther is not a typo of it.
fn suggestion_cutoff(target: &str) -> usize {
    (target.chars().count() / 2).max(3)
}

/// The `limit` candidates closest to `target`: first those containing it, then by edit distance (only
/// those within `suggestion_cutoff`), ties by name, so suggestions are stable. A target longer than
/// `MAX_ID_LENGTH` (no id is) gets no suggestions, so the work stays bounded whatever the caller sends.
pub fn closest<'a>(target: &str, candidates: impl Iterator<Item = &'a str>, limit: usize) -> Vec<String> {
    if target.chars().count() > super::MAX_ID_LENGTH {
        return Vec::new();
    }
    let target = target.to_ascii_lowercase();
    let cutoff = suggestion_cutoff(&target);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let distance =
                if c.contains(&target) { Some(0) } else { edit_distance_within(&target, c, cutoff) };
            distance.map(|d| (d, c))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(limit).map(|(_, c)| c.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_matches_hand_counts() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn closest_prefers_substring_then_distance() {
        let ids =
            ["aws/ec2/us-east-1/m7i.large", "aws/ec2/us-east-1/m7i.xlarge", "gcp/gce/us-east1/e2-standard-2"];
        let got = closest("aws/ec2/us-east-1/m7i.xlarg", ids.iter().copied(), 2);
        assert_eq!(got[0], "aws/ec2/us-east-1/m7i.xlarge");
    }

    #[test]
    fn bounded_distance_agrees_within_the_cutoff_and_gives_up_beyond_it() {
        assert_eq!(edit_distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_within("a", &"b".repeat(10_000), 5), None);
    }

    #[test]
    fn far_or_over_long_targets_get_no_suggestions() {
        let ids = ["aws/ec2/us-east-1/m7i.large", "team-im"];
        assert!(closest("zzzzzzzzzzzzzzzzzzzzzzzzzzzz", ids.iter().copied(), 3).is_empty());
        let long = "a".repeat(crate::catalog::MAX_ID_LENGTH + 1);
        assert!(closest(&long, ids.iter().copied(), 3).is_empty());
        assert_eq!(closest("team-imm", ids.iter().copied(), 3), vec!["team-im".to_string()]);
    }
}
