//! The catalogue's offerings in id order, and the lookup indexes that let a filtered listing look
//! only at the offerings that can match instead of scanning all of them.
//!
//! Plain data built by a pure function (`Index::build`) when the catalogue is loaded. The indexes
//! only narrow: every candidate they give is still checked by the full filter, so a listing through
//! them returns exactly what a scan returns (a property test in `query` compares the two).

use super::model::{Category, Market, Offering};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Offerings by id, in id order (the stable order of listings and pagination), with positional
/// access. Reads like the `BTreeMap<String, Offering>` it replaces (`get`, `values`, `keys`, `len`).
#[derive(Debug, Clone, Default)]
pub struct Offerings {
    /// Sorted by id, each id once.
    items: Vec<Offering>,
    /// Built on first use (`load::build` forces it); reset by any mutable access.
    index: OnceLock<Index>,
}

impl Offerings {
    /// The offering with this id.
    pub fn get(&self, id: &str) -> Option<&Offering> {
        self.position(id).and_then(|i| self.items.get(i))
    }

    /// Where `id` sits in id order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.items.binary_search_by(|o| o.id.as_str().cmp(id)).ok()
    }

    /// The offering at `position` in id order.
    pub fn at(&self, position: usize) -> Option<&Offering> {
        self.items.get(position)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every offering, in id order.
    pub fn values(&self) -> std::slice::Iter<'_, Offering> {
        self.items.iter()
    }

    /// Every offering, mutably (for what-if copies of the catalogue). Changing ids is not supported:
    /// the order stays as it was. The indexes are rebuilt on next use.
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, Offering> {
        self.index = OnceLock::new();
        self.items.iter_mut()
    }

    /// The offering with this id, mutably (its id must not change). The indexes are rebuilt on next use.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Offering> {
        let position = self.position(id)?;
        self.index = OnceLock::new();
        self.items.get_mut(position)
    }

    /// Adds `offering` under `id` (its id), in order; returns the one it replaces, as a map does.
    pub fn insert(&mut self, id: String, mut offering: Offering) -> Option<Offering> {
        offering.id = id;
        self.index = OnceLock::new();
        match self.items.binary_search_by(|o| o.id.cmp(&offering.id)) {
            Ok(i) => self.items.get_mut(i).map(|old| std::mem::replace(old, offering)),
            Err(i) => {
                self.items.insert(i, offering);
                None
            }
        }
    }

    /// Every id, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> + '_ {
        self.items.iter().map(|o| &o.id)
    }

    /// `(id, offering)` pairs, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Offering)> + '_ {
        self.items.iter().map(|o| (&o.id, o))
    }

    /// Every offering, in id order, as a slice.
    pub fn as_slice(&self) -> &[Offering] {
        &self.items
    }

    /// The lookup indexes (built now if they were not yet).
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.items))
    }
}

impl FromIterator<Offering> for Offerings {
    /// Sorted by id; of offerings sharing an id the last one is kept (as a map insert would).
    fn from_iter<I: IntoIterator<Item = Offering>>(iter: I) -> Self {
        let mut items: Vec<Offering> = iter.into_iter().collect();
        // Stable: equal ids keep their input order, so the last of each run is the last given.
        items.sort_by(|a, b| a.id.cmp(&b.id));
        let mut unique: Vec<Offering> = Vec::with_capacity(items.len());
        for offering in items {
            match unique.last_mut() {
                Some(last) if last.id == offering.id => *last = offering,
                _ => unique.push(offering),
            }
        }
        Offerings { items: unique, index: OnceLock::new() }
    }
}

impl FromIterator<(String, Offering)> for Offerings {
    /// As from the offerings alone: the key is the offering's id.
    fn from_iter<I: IntoIterator<Item = (String, Offering)>>(iter: I) -> Self {
        iter.into_iter().map(|(_, offering)| offering).collect()
    }
}

impl<'a> IntoIterator for &'a Offerings {
    type Item = (&'a String, &'a Offering);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, Offering>, fn(&'a Offering) -> (&'a String, &'a Offering)>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter().map(|o| (&o.id, o))
    }
}

/// Positions (in id order, ascending) of the offerings with each value of the fields listings filter
/// on exactly. Text keys are ASCII-lower-cased, as the filters compare them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    pub by_provider: HashMap<String, Vec<u32>>,
    pub by_region: HashMap<String, Vec<u32>>,
    pub by_category: BTreeMap<Category, Vec<u32>>,
    pub by_market: BTreeMap<Market, Vec<u32>>,
}

impl Index {
    /// The indexes of `offerings` (in id order). A catalogue beyond `u32::MAX` offerings is not
    /// indexed past that point (it is far beyond any price list).
    pub fn build(offerings: &[Offering]) -> Index {
        let mut index = Index::default();
        for (position, offering) in offerings.iter().enumerate() {
            let Ok(position) = u32::try_from(position) else { break };
            index.by_provider.entry(offering.provider.to_ascii_lowercase()).or_default().push(position);
            if let Some(region) = &offering.region {
                index.by_region.entry(region.to_ascii_lowercase()).or_default().push(position);
            }
            index.by_category.entry(offering.category).or_default().push(position);
            if let Some(market) = offering.market {
                index.by_market.entry(market).or_default().push(position);
            }
        }
        index
    }

    /// The positions of the offerings that pass every exact filter given (the intersection of their
    /// lists, ascending), or `None` when no such filter is given (then every offering passes). An
    /// unknown value selects nothing.
    pub fn candidates(
        &self,
        provider: Option<&str>,
        region: Option<&str>,
        category: Option<Category>,
        market: Option<Market>,
    ) -> Option<Cow<'_, [u32]>> {
        const NONE: &[u32] = &[];
        fn text<'m>(map: &'m HashMap<String, Vec<u32>>, key: &str) -> &'m [u32] {
            map.get(key.to_ascii_lowercase().as_str()).map_or(NONE, Vec::as_slice)
        }
        let mut lists: Vec<&[u32]> = [
            provider.map(|p| text(&self.by_provider, p)),
            region.map(|r| text(&self.by_region, r)),
            category.map(|c| self.by_category.get(&c).map_or(NONE, Vec::as_slice)),
            market.map(|m| self.by_market.get(&m).map_or(NONE, Vec::as_slice)),
        ]
        .into_iter()
        .flatten()
        .collect();
        lists.sort_by_key(|list| list.len());
        let (smallest, others) = lists.split_first()?;
        if others.is_empty() {
            return Some(Cow::Borrowed(smallest));
        }
        // Each position of the smallest list, looked up in the others by binary search: the
        // smallest is short whenever the intersection could be costly.
        let kept =
            smallest.iter().copied().filter(|p| others.iter().all(|list| list.binary_search(p).is_ok()));
        Some(Cow::Owned(kept.collect()))
    }
}

#[cfg(test)]
mod tests {
    //! The indexed listing against the full scan, over random filters, orders, currencies, page sizes
    //! and cursors on a generated catalogue made irregular on purpose (offerings without region,
    //! market or vCPU, regions in upper case, CNY prices, schedules in another order, equal prices).

    use super::*;
    use crate::catalog::query::{self, Cursor, Filter, Order, Page};
    use crate::catalog::{synthetic, Basis, Catalog, FxRate, FxTable, PurchaseOption, Unit};
    use crate::money::Currency;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::sync::LazyLock;

    fn currency(code: &str) -> Currency {
        code.parse().expect("a currency code")
    }

    fn irregular(position: usize, mut offering: Offering, file_currency: &Currency) -> Offering {
        for schedule in &mut offering.prices {
            schedule.currency.get_or_insert_with(|| file_currency.clone());
        }
        if position % 7 == 3 {
            offering.region = None;
        }
        if position % 11 == 5 {
            offering.market = None;
        }
        if position % 13 == 1 {
            offering.specs.vcpu = None;
        }
        if position % 17 == 2 {
            offering.region = offering.region.map(|r| r.to_uppercase());
        }
        if position % 19 == 4 {
            offering.prices.reverse();
        }
        if position % 23 == 6 {
            // A price in another currency than the file's, and a price equal to a neighbour's.
            if let Some(first) = offering.prices.first_mut() {
                first.currency = Some(currency("EUR"));
                first.unit_price = Some(Decimal::new(5, 2));
            }
        }
        if position % 29 == 8 {
            offering.provenance.basis = Basis::Estimate;
        }
        offering
    }

    static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
        let mut position = 0usize;
        let mut offerings = Vec::new();
        for (_, file) in synthetic::price_files(6_000) {
            for offering in file.offerings {
                offerings.push(irregular(position, offering, &file.currency));
                position += 1;
            }
        }
        let provenance = synthetic::price_files(1)
            .into_iter()
            .flat_map(|(_, f)| f.offerings)
            .map(|o| o.provenance)
            .next()
            .expect("one offering");
        let rate = |code: &str, per_base: Decimal| {
            (currency(code), FxRate { currency: currency(code), per_base, provenance: provenance.clone() })
        };
        Catalog {
            version: "test".to_string(),
            offerings: offerings.into_iter().collect(),
            fx: FxTable {
                base: Currency::usd(),
                rates: [rate("CNY", Decimal::new(72, 1)), rate("EUR", Decimal::new(9, 1))]
                    .into_iter()
                    .collect(),
            },
            pue_presets: BTreeMap::new(),
            files: Vec::new(),
            profiles: Default::default(),
        }
    });

    fn pick<T: Clone + std::fmt::Debug + 'static>(values: &'static [T]) -> impl Strategy<Value = Option<T>> {
        prop::option::of(prop::sample::select(values))
    }

    fn filter() -> impl Strategy<Value = Filter> {
        const PROVIDERS: &[&str] = &["aws", "AWS", "gcp", "Azure", "alibaba", "nobody"];
        const REGIONS: &[&str] =
            &["us-east-1", "US-EAST-1", "eu-west-1", "eastus", "cn-beijing", "ap-southeast-1", "mars-1"];
        const TEXTS: &[&str] = &["large", "LINUX", "ebs", "dedicated.sql", "internet", "zz"];
        const CATEGORIES: &[Category] =
            &[Category::Compute, Category::Storage, Category::Network, Category::Saas];
        const MARKETS: &[Market] = &[Market::China, Market::Global];
        const BASES: &[Basis] = &[Basis::VendorList, Basis::Estimate];
        const UNITS: &[Unit] = &[Unit::Hour, Unit::GibMonth, Unit::Gib, Unit::Month];
        const OPTIONS: &[PurchaseOption] = &[
            PurchaseOption::OnDemand,
            PurchaseOption::Reserved1y,
            PurchaseOption::Reserved3y,
            PurchaseOption::Spot,
        ];
        (
            (pick(PROVIDERS), pick(REGIONS), pick(CATEGORIES), pick(MARKETS)),
            (pick(BASES), pick(UNITS), pick(OPTIONS), pick(TEXTS)),
            (prop::option::of(0u32..40), prop::option::of(0u32..100)),
            (prop::option::of(0i64..200), prop::option::of(0i64..400)),
        )
            .prop_map(
                |((provider, region, category, market), (basis, unit, option, text), vcpu, memory)| Filter {
                    provider: provider.map(str::to_string),
                    category,
                    region: region.map(str::to_string),
                    market,
                    basis,
                    unit,
                    purchase_option: option,
                    text: text.map(str::to_string),
                    min_vcpu: vcpu.0,
                    max_vcpu: vcpu.1,
                    min_memory_gib: memory.0.map(Decimal::from),
                    max_memory_gib: memory.1.map(Decimal::from),
                },
            )
    }

    /// Filters of every kind, a third of them with only the exact filters the index answers alone.
    fn any_filter() -> impl Strategy<Value = Filter> {
        prop_oneof![
            2 => filter(),
            1 => filter().prop_map(|f| Filter {
                provider: f.provider,
                region: f.region,
                category: f.category,
                market: f.market,
                ..Filter::default()
            }),
        ]
    }

    fn order() -> impl Strategy<Value = Order> {
        prop_oneof![
            Just(Order::Id),
            (prop::sample::select(&["USD", "CNY", "EUR", "GBP"][..]), any::<bool>())
                .prop_map(|(c, descending)| Order::Price { currency: currency(c), descending }),
        ]
    }

    /// What a page says, owned, for comparison.
    type Summary = (Vec<(String, Option<query::ReferencePrice>)>, usize, Option<Cursor>);

    fn summary(page: Result<Page<'_>, query::QueryError>) -> Result<Summary, query::QueryError> {
        page.map(|p| (p.items.into_iter().map(|(o, price)| (o.id.clone(), price)).collect(), p.total, p.next))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_indexed_listing_returns_what_a_full_scan_returns(
            filter in any_filter(),
            order in order(),
            limit in 1usize..40,
            start in prop::option::of((0usize..20_000, any::<bool>(), prop::option::of(0i64..3_000))),
        ) {
            let catalog = &*CATALOG;
            // A first cursor from anywhere: after some id, of either kind.
            let mut cursor = start.and_then(|(i, by_price, price)| {
                let id = catalog.offerings.at(i.checked_rem(catalog.offerings.len())?)?.id.clone();
                Some(if by_price {
                    Cursor::AfterPrice { price: price.map(|p| Decimal::new(p, 3)), id }
                } else {
                    Cursor::AfterId(id)
                })
            });
            // Then up to four pages, each from the previous page's cursor.
            for _ in 0..4 {
                let indexed = summary(query::list(catalog, &filter, &order, cursor.as_ref(), limit));
                let scanned = summary(query::list_by_scan(catalog, &filter, &order, cursor.as_ref(), limit));
                prop_assert_eq!(&indexed, &scanned);
                match indexed {
                    Ok((_, _, Some(next))) => cursor = Some(next),
                    _ => break,
                }
            }
        }
    }

    #[test]
    fn candidates_are_the_smallest_list_and_unknown_values_select_nothing() {
        let catalog = &*CATALOG;
        let index = catalog.offerings.index();
        let aws = index.candidates(Some("AWS"), None, None, None).expect("a list").len();
        let both = index.candidates(Some("aws"), Some("us-east-1"), None, None).expect("a list").len();
        assert!(both < aws, "the region's list is the shorter one");
        assert_eq!(index.candidates(Some("aws"), Some("nowhere"), None, None).as_deref(), Some(&[][..]));
        // The intersection: AWS's offerings in a region other providers share.
        let shared = index.candidates(None, Some("ap-southeast-1"), None, None).expect("a list").len();
        let aws_there = index.candidates(Some("aws"), Some("ap-southeast-1"), None, None).expect("a list");
        assert!(!aws_there.is_empty() && aws_there.len() < shared);
        assert!(aws_there
            .iter()
            .all(|p| catalog.offerings.at(*p as usize).is_some_and(|o| o.provider == "aws")));
        assert_eq!(index.candidates(None, None, None, None), None);
    }

    #[test]
    fn mutable_access_drops_the_index_and_the_next_use_rebuilds_it() {
        let mut offerings = CATALOG.offerings.clone();
        let before = offerings.index().clone();
        for offering in offerings.values_mut() {
            offering.provider = "renamed".to_string();
        }
        let after = offerings.index().clone();
        assert_ne!(before, after);
        assert_eq!(after.by_provider.len(), 1);

        let id = offerings.keys().next().cloned().expect("an offering");
        if let Some(o) = offerings.get_mut(&id) {
            o.provider = "again".to_string();
        }
        assert!(offerings.index().by_provider.contains_key("again"));
        let mut copy = offerings.get(&id).cloned().expect("present");
        copy.provider = "inserted".to_string();
        copy.id = "zzz/new/global/one".to_string();
        assert!(offerings.insert(copy.id.clone(), copy.clone()).is_none());
        assert_eq!(offerings.keys().last().map(String::as_str), Some("zzz/new/global/one"));
        assert!(offerings.index().by_provider.contains_key("inserted"));
        assert!(offerings.insert(copy.id.clone(), copy).is_some(), "a second insert replaces");
    }

    #[test]
    fn reads_like_the_map_it_replaced() {
        let list: Offerings = CATALOG.offerings.values().rev().cloned().map(|o| (o.id.clone(), o)).collect();
        assert!(list.keys().zip(list.keys().skip(1)).all(|(a, b)| a < b), "in id order");
        let id = "aws/ec2/us-east-1/m5.large.linux";
        assert_eq!(list.get(id).map(|o| o.id.as_str()), Some(id));
        assert!(list.get("aws/ec2/us-east-1/none").is_none());
        // Of two offerings with one id, the last given is kept.
        let mut twin = list.get(id).cloned().expect("present");
        twin.name = "second".to_string();
        let first = list.get(id).cloned().expect("present");
        let pair: Offerings = [first, twin].into_iter().collect();
        assert_eq!(pair.len(), 1);
        assert_eq!(pair.get(id).map(|o| o.name.as_str()), Some("second"));
    }
}
