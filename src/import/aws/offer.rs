//! A regional offer file (`/offers/v1.0/aws/AmazonEC2/<version>/<region>/index.json`), parsed as a
//! stream.
//!
//! The file is `{"formatVersion", "disclaimer", "offerCode", "version", "publicationDate",
//! "products": {sku: {...}}, "terms": {"OnDemand": {sku: {termCode: {...}}}, "Reserved": {...}}}`
//! and is hundreds of MB for a large region. It is read once, front to back, through serde's
//! visitor API: each product is decoded into a small struct holding only the attributes the
//! selection looks at and kept only when selected; each term set is decoded only when its SKU was
//! kept, and skipped with [`IgnoredAny`] otherwise. Memory is bounded by what is selected, not by
//! the file. Products must come before terms (they do in every AWS file); a file with terms first
//! is refused rather than buffered.

use super::selection::AwsSelection;
use super::{parse_price, AwsError};
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{BufReader, Read};

const FILE: &str = "offer file";
/// Read buffer for the offer file: large enough that the syscall count stays negligible.
pub const READ_BUFFER: usize = 1 << 20;

/// Everything selected from one regional offer file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferExtract {
    pub offer_code: String,
    pub version: String,
    /// `publicationDate` as written (`2025-05-23T23:27:44Z`).
    pub publication_date: String,
    /// The currency of the prices (`USD`; `CNY` in the China partition).
    pub currency: Option<String>,
    /// Instances, by instance type.
    pub instances: BTreeMap<String, InstancePrices>,
    /// EBS volume storage, by `volumeApiName`.
    pub volumes: BTreeMap<String, VolumePrice>,
    /// Data transfer out to the internet (graduated tiers), if selected and present.
    pub egress: Option<EgressPrice>,
    /// How many products the file held, and how many were kept.
    pub products_seen: u64,
    pub products_kept: u64,
}

/// One instance type's prices in the region.
#[derive(Debug, Clone, PartialEq)]
pub struct InstancePrices {
    pub sku: String,
    pub instance_type: String,
    pub vcpu: Option<u32>,
    pub memory_gib: Option<Decimal>,
    pub physical_processor: Option<String>,
    /// On-demand price per hour.
    pub on_demand_hourly: Option<Decimal>,
    /// Reserved terms, in file order.
    pub reserved: Vec<ReservedPrice>,
}

/// One reserved term: lease × purchase option × offering class.
#[derive(Debug, Clone, PartialEq)]
pub struct ReservedPrice {
    pub offer_term_code: String,
    /// `1yr` or `3yr`.
    pub lease: String,
    /// `No Upfront`, `Partial Upfront` or `All Upfront`.
    pub purchase_option: String,
    /// `standard` or `convertible`.
    pub offering_class: String,
    /// The `Hrs` dimension (0 for All Upfront).
    pub hourly: Option<Decimal>,
    /// The `Quantity` dimension: the upfront fee.
    pub upfront: Option<Decimal>,
}

/// One EBS volume type's storage price per GB-month.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumePrice {
    pub sku: String,
    pub volume_api_name: String,
    pub per_gb_month: Decimal,
}

/// Data transfer out to the internet: `(begin GB, end GB or none for Inf, price per GB)`.
#[derive(Debug, Clone, PartialEq)]
pub struct EgressPrice {
    pub sku: String,
    pub tiers: Vec<EgressTier>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EgressTier {
    pub begin: Decimal,
    pub end: Option<Decimal>,
    pub price: Decimal,
}

/// Parses one regional offer file as a stream, keeping what `selection` names.
pub fn parse_offer(reader: impl Read, selection: &AwsSelection) -> Result<OfferExtract, AwsError> {
    let buffered = BufReader::with_capacity(READ_BUFFER, reader);
    let mut de = serde_json::Deserializer::from_reader(buffered);
    let mut state =
        State { selection, extract: OfferExtract::default(), kept: HashMap::new(), products_done: false };
    let schema = |source| AwsError::Schema { file: FILE, source };
    (&mut de).deserialize_map(FileVisitor { state: &mut state }).map_err(schema)?;
    de.end().map_err(schema)?;
    state.finish()
}

/// What a kept SKU is.
#[derive(Debug, Clone)]
enum Kept {
    Instance(String),
    Volume(String),
    Egress,
}

struct State<'s> {
    selection: &'s AwsSelection,
    extract: OfferExtract,
    kept: HashMap<String, Kept>,
    products_done: bool,
}

impl State<'_> {
    fn finish(self) -> Result<OfferExtract, AwsError> {
        let e = self.extract;
        if e.publication_date.is_empty() {
            return Err(AwsError::content(FILE, "no `publicationDate`: not an AWS offer file"));
        }
        if !self.products_done {
            return Err(AwsError::content(FILE, "no `products`: not an AWS offer file"));
        }
        Ok(e)
    }

    fn keep_product(&mut self, product: Product) -> Result<(), String> {
        self.extract.products_seen += 1;
        let Some(kind) = self.classify(&product) else { return Ok(()) };
        let a = &product.attributes;
        match &kind {
            Kept::Instance(instance_type) => {
                if let Some(other) = self.extract.instances.get(instance_type) {
                    return Err(format!(
                        "two products match instance type `{instance_type}` under the selection (SKUs {} and {}); narrow the selection",
                        other.sku, product.sku
                    ));
                }
                let prices = InstancePrices {
                    sku: product.sku.clone(),
                    instance_type: instance_type.clone(),
                    vcpu: a.vcpu.as_deref().and_then(|v| v.trim().parse().ok()),
                    memory_gib: a.memory.as_deref().and_then(parse_gib),
                    physical_processor: a.physical_processor.clone(),
                    on_demand_hourly: None,
                    reserved: Vec::new(),
                };
                self.extract.instances.insert(instance_type.clone(), prices);
            }
            Kept::Volume(name) => {
                if self.extract.volumes.contains_key(name)
                    || self.kept.values().any(|k| matches!(k, Kept::Volume(n) if n == name))
                {
                    return Err(format!("two storage products for volume type `{name}`"));
                }
            }
            Kept::Egress => {
                if self.kept.values().any(|k| matches!(k, Kept::Egress)) {
                    return Err("two data-transfer-out-to-internet products".to_string());
                }
            }
        }
        self.extract.products_kept += 1;
        self.kept.insert(product.sku, kind);
        Ok(())
    }

    fn classify(&self, p: &Product) -> Option<Kept> {
        let a = &p.attributes;
        let s = self.selection;
        match p.product_family.as_deref()? {
            "Compute Instance" => {
                let instance_type = a.instance_type.as_deref()?;
                let matches = s.wants_instance(instance_type)
                    && a.operating_system.as_deref() == Some(s.operating_system.as_str())
                    && a.tenancy.as_deref() == Some(s.tenancy.as_str())
                    && a.pre_installed_sw.as_deref() == Some(s.pre_installed_sw.as_str())
                    && a.capacitystatus.as_deref() == Some(s.capacity_status.as_str())
                    && a.marketoption.as_deref().is_none_or(|m| m == "OnDemand")
                    && a.license_model.as_deref().is_none_or(|l| l != "Bring your own license");
                matches.then(|| Kept::Instance(instance_type.to_string()))
            }
            "Storage" => {
                let name = a.volume_api_name.as_deref()?;
                let is_volume = a.usagetype.as_deref().is_some_and(|u| u.contains("EBS:VolumeUsage"));
                (is_volume && s.wants_volume(name)).then(|| Kept::Volume(name.to_string()))
            }
            "Data Transfer" => {
                let out = a.usagetype.as_deref().is_some_and(|u| u.ends_with("DataTransfer-Out-Bytes"))
                    && a.transfer_type.as_deref().is_none_or(|t| t == "AWS Outbound");
                (out && s.data_transfer_out).then_some(Kept::Egress)
            }
            _ => None,
        }
    }

    fn price_of(&mut self, dimension: &PriceDimension) -> Result<Decimal, String> {
        let (currency, text) = dimension
            .price_per_unit
            .iter()
            .find(|(c, _)| c.as_str() == "USD" || c.as_str() == "CNY")
            .ok_or_else(|| format!("rate `{}` has no USD or CNY price", dimension.rate_code))?;
        match &self.extract.currency {
            Some(known) if known != currency => {
                return Err(format!(
                    "rate `{}` is in {currency}, earlier ones in {known}",
                    dimension.rate_code
                ))
            }
            Some(_) => {}
            None => self.extract.currency = Some(currency.clone()),
        }
        parse_price(text)
            .ok_or_else(|| format!("rate `{}`: price `{text}` is not a decimal number", dimension.rate_code))
    }

    fn on_demand(&mut self, sku: &str, terms: BTreeMap<String, Term>) -> Result<(), String> {
        let Some(kind) = self.kept.get(sku).cloned() else { return Ok(()) };
        let mut dimensions: Vec<PriceDimension> =
            terms.into_values().flat_map(|t| t.price_dimensions.into_values()).collect();
        match kind {
            Kept::Instance(instance_type) => {
                let hourly = dimensions.iter().find(|d| d.unit == "Hrs").ok_or_else(|| {
                    format!("on-demand terms of {sku} ({instance_type}) have no `Hrs` price")
                })?;
                let price = self.price_of(hourly)?;
                if let Some(i) = self.extract.instances.get_mut(&instance_type) {
                    i.on_demand_hourly = Some(price);
                }
            }
            Kept::Volume(name) => {
                let per_gb = dimensions
                    .iter()
                    .find(|d| d.unit == "GB-Mo")
                    .ok_or_else(|| format!("on-demand terms of {sku} (EBS {name}) have no `GB-Mo` price"))?;
                let price = self.price_of(per_gb)?;
                self.extract.volumes.insert(
                    name.clone(),
                    VolumePrice { sku: sku.to_string(), volume_api_name: name, per_gb_month: price },
                );
            }
            Kept::Egress => {
                dimensions.retain(|d| d.unit == "GB");
                let mut tiers = Vec::new();
                for d in &dimensions {
                    let begin = d
                        .begin_range
                        .as_deref()
                        .and_then(parse_price)
                        .ok_or_else(|| format!("rate `{}`: no numeric beginRange", d.rate_code))?;
                    let end = match d.end_range.as_deref() {
                        None | Some("Inf") => None,
                        Some(text) => Some(
                            parse_price(text)
                                .ok_or_else(|| format!("rate `{}`: endRange `{text}`", d.rate_code))?,
                        ),
                    };
                    tiers.push(EgressTier { begin, end, price: self.price_of(d)? });
                }
                tiers.sort_by_key(|t| t.begin);
                check_contiguous(sku, &tiers)?;
                self.extract.egress = Some(EgressPrice { sku: sku.to_string(), tiers });
            }
        }
        Ok(())
    }

    fn reserved(&mut self, sku: &str, terms: BTreeMap<String, Term>) -> Result<(), String> {
        let Some(Kept::Instance(instance_type)) = self.kept.get(sku).cloned() else { return Ok(()) };
        let mut kept = Vec::new();
        for term in terms.into_values() {
            let t = &term.term_attributes;
            let (Some(lease), Some(option), Some(class)) = (
                t.lease_contract_length.as_deref(),
                t.purchase_option.as_deref(),
                t.offering_class.as_deref(),
            ) else {
                return Err(format!(
                    "reserved term {} of {sku} lacks LeaseContractLength, PurchaseOption or OfferingClass",
                    term.offer_term_code
                ));
            };
            if !self.selection.wants_reserved(lease, option, class) {
                continue;
            }
            let mut hourly = None;
            let mut upfront = None;
            for d in term.price_dimensions.values() {
                match d.unit.as_str() {
                    "Hrs" => hourly = Some(self.price_of(d)?),
                    "Quantity" => upfront = Some(self.price_of(d)?),
                    _ => {}
                }
            }
            if hourly.is_none() && upfront.is_none() {
                return Err(format!(
                    "reserved term {} of {sku} has neither an `Hrs` nor a `Quantity` price",
                    term.offer_term_code
                ));
            }
            kept.push(ReservedPrice {
                offer_term_code: term.offer_term_code.clone(),
                lease: lease.to_string(),
                purchase_option: option.to_string(),
                offering_class: class.to_string(),
                hourly,
                upfront,
            });
        }
        if let Some(i) = self.extract.instances.get_mut(&instance_type) {
            i.reserved.extend(kept);
        }
        Ok(())
    }
}

fn check_contiguous(sku: &str, tiers: &[EgressTier]) -> Result<(), String> {
    for pair in tiers.windows(2) {
        if pair[0].end != Some(pair[1].begin) {
            return Err(format!("data-transfer tiers of {sku} are not contiguous at {}", pair[1].begin));
        }
    }
    if tiers.first().is_some_and(|t| !t.begin.is_zero()) {
        return Err(format!("data-transfer tiers of {sku} do not start at 0"));
    }
    Ok(())
}

/// `"3.75 GiB"` → 3.75.
fn parse_gib(text: &str) -> Option<Decimal> {
    let number = text.trim().strip_suffix("GiB")?.trim().replace(',', "");
    parse_price(&number)
}

// ---- the shapes decoded, field by field (unknown fields are skipped by serde) ----

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Product {
    sku: String,
    #[serde(default)]
    product_family: Option<String>,
    #[serde(default)]
    attributes: Attributes,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Attributes {
    instance_type: Option<String>,
    operating_system: Option<String>,
    tenancy: Option<String>,
    pre_installed_sw: Option<String>,
    capacitystatus: Option<String>,
    marketoption: Option<String>,
    license_model: Option<String>,
    vcpu: Option<String>,
    memory: Option<String>,
    physical_processor: Option<String>,
    volume_api_name: Option<String>,
    usagetype: Option<String>,
    transfer_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Term {
    offer_term_code: String,
    #[serde(default)]
    price_dimensions: BTreeMap<String, PriceDimension>,
    #[serde(default)]
    term_attributes: TermAttributes,
}

#[derive(Deserialize, Default)]
struct TermAttributes {
    #[serde(rename = "LeaseContractLength")]
    lease_contract_length: Option<String>,
    #[serde(rename = "PurchaseOption")]
    purchase_option: Option<String>,
    #[serde(rename = "OfferingClass")]
    offering_class: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PriceDimension {
    #[serde(default)]
    rate_code: String,
    #[serde(default)]
    begin_range: Option<String>,
    #[serde(default)]
    end_range: Option<String>,
    unit: String,
    price_per_unit: BTreeMap<String, String>,
}

// ---- the visitors ----

struct FileVisitor<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> Visitor<'de> for FileVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an AWS offer file (an object with publicationDate, products and terms)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "offerCode" => self.state.extract.offer_code = map.next_value()?,
                "version" => self.state.extract.version = map.next_value()?,
                "publicationDate" => self.state.extract.publication_date = map.next_value()?,
                "products" => {
                    map.next_value_seed(ProductsSeed { state: self.state })?;
                    self.state.products_done = true;
                }
                "terms" => {
                    if !self.state.products_done {
                        return Err(de::Error::custom(
                            "`terms` before `products`: this parser reads products first (as AWS writes them)",
                        ));
                    }
                    map.next_value_seed(TermsSeed { state: self.state })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct ProductsSeed<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> DeserializeSeed<'de> for ProductsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ProductsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`products`: an object of products keyed by SKU")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(_sku) = map.next_key::<IgnoredAny>()? {
            let product: Product = map.next_value()?;
            self.state.keep_product(product).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

struct TermsSeed<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> DeserializeSeed<'de> for TermsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`terms`: an object of term types (OnDemand, Reserved)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(kind) = map.next_key::<String>()? {
            let kind = match kind.as_str() {
                "OnDemand" => TermKind::OnDemand,
                "Reserved" => TermKind::Reserved,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            map.next_value_seed(TermSetSeed { state: self.state, kind })?;
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum TermKind {
    OnDemand,
    Reserved,
}

struct TermSetSeed<'a, 's> {
    state: &'a mut State<'s>,
    kind: TermKind,
}

impl<'de> DeserializeSeed<'de> for TermSetSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermSetSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of term sets keyed by SKU")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            if !self.state.kept.contains_key(&sku) {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let terms: BTreeMap<String, Term> = map.next_value()?;
            let outcome = match self.kind {
                TermKind::OnDemand => self.state.on_demand(&sku, terms),
                TermKind::Reserved => self.state.reserved(&sku, terms),
            };
            outcome.map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn fixture(name: &str) -> std::fs::File {
        let path = format!("{}/tests/fixtures/upstream/aws/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    const EU_WEST_1: &str = "offers/v1.0/aws/AmazonEC2/20250523232744/eu-west-1/index.json";

    fn eu_selection() -> AwsSelection {
        let mut s = AwsSelection::new(&["eu-west-1"], &["c4.large", "c1.xlarge"]);
        s.instance_families = vec!["c1".into(), "m4".into()];
        s.ebs_volume_types = vec!["gp3".into()];
        s.data_transfer_out = true;
        s
    }

    #[test]
    fn keeps_only_linux_shared_plain_used_instances() {
        let e = parse_offer(fixture(EU_WEST_1), &eu_selection()).expect("parses");
        assert_eq!(e.offer_code, "AmazonEC2");
        assert_eq!(e.publication_date, "2025-05-23T23:27:44Z");
        assert_eq!(e.currency.as_deref(), Some("USD"));
        let types: Vec<&str> = e.instances.keys().map(String::as_str).collect();
        // c1.medium's SUSE, Dedicated and Windows+SQL twins and the Host c3.2xlarge are left out.
        assert_eq!(types, ["c1.medium", "c1.xlarge", "c4.large", "m4.large", "m4.xlarge"]);
        let c1 = &e.instances["c1.medium"];
        assert_eq!(c1.sku, "HB5V2X8TXQUTDZBV");
        assert_eq!(c1.on_demand_hourly, Some(dec!(0.148)));
        assert_eq!(c1.vcpu, Some(2));
        assert_eq!(c1.memory_gib, Some(dec!(1.7)));
        assert_eq!(e.instances["c4.large"].on_demand_hourly, Some(dec!(0.113)));
        assert_eq!(e.products_seen, 13);
        assert_eq!(e.products_kept, 7);
    }

    #[test]
    fn all_upfront_reserved_has_a_zero_hourly_and_the_quantity_fee() {
        let e = parse_offer(fixture(EU_WEST_1), &eu_selection()).expect("parses");
        let r = &e.instances["c1.xlarge"].reserved;
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].lease, "3yr");
        assert_eq!(r[0].purchase_option, "All Upfront");
        assert_eq!(r[0].offering_class, "standard");
        assert_eq!(r[0].hourly, Some(dec!(0)));
        assert_eq!(r[0].upfront, Some(dec!(6720)));
    }

    #[test]
    fn ebs_storage_and_egress_tiers() {
        let e = parse_offer(fixture(EU_WEST_1), &eu_selection()).expect("parses");
        // gp3 storage only (its IOPS product is a "System Operation"; gp2 is not selected).
        assert_eq!(e.volumes.len(), 1);
        assert_eq!(e.volumes["gp3"].per_gb_month, dec!(0.088));
        let egress = e.egress.expect("egress");
        let tiers: Vec<(Decimal, Option<Decimal>, Decimal)> =
            egress.tiers.iter().map(|t| (t.begin, t.end, t.price)).collect();
        assert_eq!(
            tiers,
            [
                (dec!(0), Some(dec!(10240)), dec!(0.09)),
                (dec!(10240), Some(dec!(51200)), dec!(0.085)),
                (dec!(51200), Some(dec!(153600)), dec!(0.07)),
                (dec!(153600), None, dec!(0.05)),
            ]
        );
    }

    #[test]
    fn every_reserved_variant_of_the_2016_c4_large() {
        let s = AwsSelection::new(&["us-east-1"], &["c4.large"]);
        let e = parse_offer(fixture("ec2-us-east-1-c4-2016.json"), &s).expect("parses");
        assert_eq!(e.publication_date, "2016-12-13T01:48:31Z");
        let c4 = &e.instances["c4.large"];
        assert_eq!(c4.on_demand_hourly, Some(dec!(0.1)));
        type Row<'a> = (&'a str, &'a str, &'a str, Option<Decimal>, Option<Decimal>);
        let mut terms: Vec<Row> = c4
            .reserved
            .iter()
            .map(|r| {
                (r.lease.as_str(), r.purchase_option.as_str(), r.offering_class.as_str(), r.hourly, r.upfront)
            })
            .collect();
        terms.sort();
        assert_eq!(
            terms,
            [
                ("1yr", "No Upfront", "standard", Some(dec!(0.063)), None),
                ("1yr", "Partial Upfront", "standard", Some(dec!(0.03)), Some(dec!(263))),
                ("3yr", "Partial Upfront", "convertible", Some(dec!(0.027)), Some(dec!(710))),
                ("3yr", "Partial Upfront", "standard", Some(dec!(0.021)), Some(dec!(539))),
            ]
        );
        // Standard only, when the selection says so.
        let mut standard = s.clone();
        standard.offering_classes = vec!["standard".into()];
        let e = parse_offer(fixture("ec2-us-east-1-c4-2016.json"), &standard).expect("parses");
        assert_eq!(e.instances["c4.large"].reserved.len(), 3);
    }

    #[test]
    fn prices_keep_all_ten_decimals() {
        let file = r#"{"publicationDate":"2026-01-01T00:00:00Z","products":{"A":{"sku":"A","productFamily":"Compute Instance",
            "attributes":{"instanceType":"t9.nano","operatingSystem":"Linux","tenancy":"Shared","preInstalledSw":"NA","capacitystatus":"Used"}}},
            "terms":{"OnDemand":{"A":{"A.JRTCKXETXF":{"offerTermCode":"JRTCKXETXF","sku":"A","priceDimensions":{"A.JRTCKXETXF.6YS6EN2CT7":
            {"rateCode":"A.JRTCKXETXF.6YS6EN2CT7","unit":"Hrs","pricePerUnit":{"USD":"0.0000000001"}}},"termAttributes":{}}}}}}"#;
        let e = parse_offer(file.as_bytes(), &AwsSelection::new(&["x"], &["t9.nano"])).expect("parses");
        assert_eq!(e.instances["t9.nano"].on_demand_hourly, Some(dec!(0.0000000001)));
    }

    #[test]
    fn wrong_shapes_are_schema_errors_naming_the_place() {
        let s = AwsSelection::new(&["x"], &["c4.large"]);
        // A region index given where an offer file is expected: no products.
        let e = parse_offer(fixture("offers/v1.0/aws/AmazonEC2/current/region_index.json"), &s);
        assert!(matches!(e, Err(AwsError::Content { .. })), "{e:?}");
        // products as an array (the Savings Plans shape).
        let e = parse_offer(r#"{"publicationDate":"x","products":[]}"#.as_bytes(), &s).expect_err("refused");
        assert!(e.to_string().contains("keyed by SKU"), "{e}");
        // A price that is not a number.
        let bad = r#"{"publicationDate":"x","products":{"A":{"sku":"A","productFamily":"Compute Instance","attributes":{"instanceType":"c4.large",
            "operatingSystem":"Linux","tenancy":"Shared","preInstalledSw":"NA","capacitystatus":"Used"}}},"terms":{"OnDemand":{"A":{"A.T":
            {"offerTermCode":"T","priceDimensions":{"A.T.R":{"rateCode":"A.T.R","unit":"Hrs","pricePerUnit":{"USD":"0.1O"}}}}}}}}"#;
        let e = parse_offer(bad.as_bytes(), &s).expect_err("refused");
        assert!(e.to_string().contains("`0.1O` is not a decimal number"), "{e}");
        // Truncated in the middle.
        let e = parse_offer(&bad.as_bytes()[..120], &s).expect_err("refused");
        assert!(matches!(e, AwsError::Schema { .. }), "{e}");
        // Terms first.
        let e = parse_offer(r#"{"terms":{},"products":{}}"#.as_bytes(), &s).expect_err("refused");
        assert!(e.to_string().contains("before `products`"), "{e}");
        // Not JSON at all (an HTML error page).
        let e = parse_offer("<html>503</html>".as_bytes(), &s).expect_err("refused");
        assert!(matches!(e, AwsError::Schema { .. }), "{e}");
    }

    #[test]
    fn ambiguous_products_are_refused() {
        let two = r#"{"publicationDate":"x","products":{
            "A":{"sku":"A","productFamily":"Compute Instance","attributes":{"instanceType":"c4.large","operatingSystem":"Linux","tenancy":"Shared","preInstalledSw":"NA","capacitystatus":"Used"}},
            "B":{"sku":"B","productFamily":"Compute Instance","attributes":{"instanceType":"c4.large","operatingSystem":"Linux","tenancy":"Shared","preInstalledSw":"NA","capacitystatus":"Used"}}}}"#;
        let e = parse_offer(two.as_bytes(), &AwsSelection::new(&["x"], &["c4.large"])).expect_err("refused");
        assert!(e.to_string().contains("SKUs A and B"), "{e}");
    }
}
