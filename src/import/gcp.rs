//! Google Cloud Billing Catalog API → `pricing-data/cloud/gcp.json` (Compute Engine machine types and
//! Persistent Disk).
//!
//! Reads `GET https://cloudbilling.googleapis.com/v1/services/<service>/skus?currencyCode=USD&pageSize=5000`,
//! following `nextPageToken` to the last page. The API needs an API key: it is read from the
//! environment (`BREAKEVEN_GCP_API_KEY`) and sent in the `X-Goog-Api-Key` header, never in the URL, so
//! it appears in no log, state file or provenance. A local file (`--from`) may be one page
//! (`{"skus": […], "nextPageToken": …}`) or a wrapped list (`{"skus": […], …}`).
//!
//! Google prices a machine type by its parts: a rate per vCPU-hour and one per GiB-hour of memory, per
//! region, for each family (`E2 Instance Core running in Americas`, `E2 Instance Ram running in
//! Americas`), and the same parts under `Commitment v1: E2 Cpu in Americas for 1 Year`. So what lands is
//! **derived**, with its formula: `hourly = vCPU × core rate + GiB × RAM rate`, the two SKUs named, the
//! price date the later of their `effectiveTime`s. Disks are priced per GiB-month directly
//! (`vendor_list`). Machine shapes (vCPU, memory) come from the selection file: the catalogue lists
//! rates, not machine types.
//!
//! | SKU (`category.usageType`, `resourceGroup`) | schedule |
//! |---|---|
//! | `OnDemand`, `CPU` + `RAM` | `on_demand`, `usage`, per `hour` |
//! | `Commit1Yr` / `Commit3Yr`, `CPU` + `RAM` | `reserved_1y` / `reserved_3y`, `no_upfront`, `monthly`, per `hour` |
//! | `OnDemand`, a disk's `SSD`/`PDStandard` SKU | `on_demand`, `usage`, per `gib_month` |
//!
//! Money is `units` (a decimal string) + `nanos` (billionths), added exactly. Of several tiers the one
//! starting at 0 is used; a SKU whose unit is not the one expected (`h`, `GiBy.h`, `GiBy.mo`) is refused.
//! Offerings and schedules the run does not produce are kept (an import never deletes).

use super::merge::{merge_schedules, schedule};
use super::{derived_provenance, vendor_provenance, Context, ImportError, Imported, Importer, Location};
use crate::catalog::{
    Billing, Category, Market, Offering, Payment, PriceFile, PriceSchedule, PurchaseOption, Specs, Tax, Unit,
};
use crate::money::{self, Currency};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// The API's services collection.
pub const API_URL: &str = "https://cloudbilling.googleapis.com/v1/services";
/// Compute Engine's service id.
pub const COMPUTE_ENGINE: &str = "6F81-5844-456A";
/// The environment variable holding the API key.
pub const API_KEY_ENV: &str = "BREAKEVEN_GCP_API_KEY";

const FORMAT: &str = "Cloud Billing Catalog SKU page";
/// Pages followed at most (a loop guard: 5,000 SKUs a page).
const MAX_PAGES: usize = 1000;

pub const HELP: &str = "\
Google Cloud Billing Catalog API → cloud/gcp.json (Compute Engine machine types, Persistent Disk).

Reads https://cloudbilling.googleapis.com/v1/services/<service>/skus (pages of 5,000 SKUs, following
nextPageToken). Needs an API key in the environment: BREAKEVEN_GCP_API_KEY (sent as the X-Goog-Api-Key
header; never logged or written). With --from: another base URL (a mirror, a mock), or a local file
holding one page or {\"skus\": [...]}.

Selection file (default <data dir>/import/gcp.selection.json):
  {
    \"output\": \"cloud/gcp.json\",          the file written (merged into when it exists)
    \"service\": \"6F81-5844-456A\",         the service id (Compute Engine)
    \"currency\": \"USD\",
    \"regions\": [\"us-east1\", …],          serviceRegions values
    \"families\": {                        per family, the SKU description prefixes of its parts
      \"e2\": {\"cpu\": \"E2 Instance Core\", \"ram\": \"E2 Instance Ram\",
             \"commitment_cpu\": \"Commitment v1: E2 Cpu\", \"commitment_ram\": \"Commitment v1: E2 Ram\"}
    },
    \"machine_types\": [{\"name\": \"e2-standard-2\", \"family\": \"e2\", \"vcpu\": 2, \"memory_gib\": \"8\"}, …],
    \"disks\": [{\"name\": \"pd-balanced\", \"description\": \"Balanced PD Capacity\"}, …]
  }
A machine type's hourly price = vcpu × the family's core rate + memory_gib × its RAM rate (derived,
formula and SKU ids in the note); commitments (Commit1Yr, Commit3Yr) → reserved_1y/3y no_upfront per
hour, billed monthly; disks → per GiB-month. Offerings and schedules the run does not produce are kept.";

/// `pricing-data/import/gcp.selection.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default = "default_output")]
    pub output: String,
    #[serde(default = "default_service")]
    pub service: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    pub regions: Vec<String>,
    #[serde(default)]
    pub families: BTreeMap<String, Family>,
    #[serde(default)]
    pub machine_types: Vec<MachineType>,
    #[serde(default)]
    pub disks: Vec<Disk>,
}

/// The description prefixes of one machine family's SKUs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub cpu: String,
    pub ram: String,
    #[serde(default)]
    pub commitment_cpu: Option<String>,
    #[serde(default)]
    pub commitment_ram: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineType {
    pub name: String,
    pub family: String,
    pub vcpu: u32,
    pub memory_gib: Decimal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disk {
    /// The offering's last id segment (`pd-balanced`).
    pub name: String,
    /// The SKU description prefix (`Balanced PD Capacity`).
    pub description: String,
}

fn default_output() -> String {
    "cloud/gcp.json".into()
}
fn default_service() -> String {
    COMPUTE_ENGINE.into()
}
fn default_currency() -> String {
    "USD".into()
}

impl Selection {
    fn check(&self) -> Result<(), String> {
        if self.regions.is_empty() {
            return Err("regions: name at least one region".into());
        }
        for (i, machine) in self.machine_types.iter().enumerate() {
            if !self.families.contains_key(&machine.family) {
                return Err(format!(
                    "machine_types[{i}].family: `{}` is not one of the families",
                    machine.family
                ));
            }
            if machine.vcpu == 0 || machine.memory_gib <= Decimal::ZERO {
                return Err(format!("machine_types[{i}]: vcpu and memory_gib must be positive"));
            }
        }
        Ok(())
    }
}

/// One page of `services.skus.list`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub skus: Vec<Sku>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sku {
    pub sku_id: String,
    pub description: String,
    pub category: SkuCategory,
    #[serde(default)]
    pub service_regions: Vec<String>,
    pub pricing_info: Vec<PricingInfo>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkuCategory {
    pub resource_family: String,
    pub resource_group: String,
    pub usage_type: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PricingInfo {
    pub pricing_expression: PricingExpression,
    pub effective_time: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PricingExpression {
    pub usage_unit: String,
    pub tiered_rates: Vec<TieredRate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TieredRate {
    /// A JSON number in the API (usage amounts such as 0 or 1024), read as a decimal.
    #[serde(deserialize_with = "number_as_decimal")]
    pub start_usage_amount: Decimal,
    pub unit_price: GoogleMoney,
}

/// A JSON number as a decimal, through its shortest text (exact for the usage amounts the API sends;
/// prices come as `units` + `nanos`, never as JSON numbers).
fn number_as_decimal<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    let text = number.to_string();
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|e| serde::de::Error::custom(format!("`{text}` is not a decimal: {e}")))
}

/// `google.type.Money`: whole `units` as a decimal string, `nanos` billionths.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GoogleMoney {
    pub currency_code: String,
    #[serde(default)]
    pub units: Option<String>,
    #[serde(default)]
    pub nanos: i64,
}

impl GoogleMoney {
    /// `units + nanos / 10⁹`, exactly.
    pub fn amount(&self) -> Result<Decimal, String> {
        let units = match self.units.as_deref() {
            None | Some("") => Decimal::ZERO,
            Some(text) => Decimal::from_str(text).map_err(|e| format!("units `{text}`: {e}"))?,
        };
        if self.nanos.abs() >= 1_000_000_000 {
            return Err(format!("nanos {} is not below 10⁹", self.nanos));
        }
        money::add(units, Decimal::new(self.nanos, 9)).map_err(|e| e.to_string())
    }
}

/// A page or a wrapped SKU list, with errors naming the path of what is wrong.
pub fn parse_page(bytes: &[u8], source_name: &str) -> Result<Page, ImportError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize::<_, Page>(&mut de).map_err(|e| {
        let inner = e.inner();
        let detail = if inner.is_eof() {
            format!("the document is truncated: {inner}")
        } else {
            format!("{}: {inner}", e.path())
        };
        ImportError::format(source_name, FORMAT, detail)
    })
}

/// One SKU's current rate: the tier starting at 0 of its latest pricing info.
struct Rate<'a> {
    sku: &'a Sku,
    price: Decimal,
    date: Option<NaiveDate>,
}

fn rate<'a>(sku: &'a Sku, unit: &str, currency: &str) -> Result<Rate<'a>, String> {
    let info = sku
        .pricing_info
        .iter()
        .max_by(|a, b| a.effective_time.cmp(&b.effective_time))
        .ok_or_else(|| format!("SKU {} has no pricingInfo", sku.sku_id))?;
    let expression = &info.pricing_expression;
    if expression.usage_unit != unit {
        return Err(format!(
            "SKU {} ({}) is priced per `{}`, expected `{unit}`",
            sku.sku_id, sku.description, expression.usage_unit
        ));
    }
    let first = expression
        .tiered_rates
        .iter()
        .find(|t| t.start_usage_amount.is_zero())
        .ok_or_else(|| format!("SKU {} has no tier starting at 0", sku.sku_id))?;
    if first.unit_price.currency_code != currency {
        return Err(format!(
            "SKU {} is in {}, the selection asks for {currency}",
            sku.sku_id, first.unit_price.currency_code
        ));
    }
    let price = first.unit_price.amount().map_err(|e| format!("SKU {}: {e}", sku.sku_id))?;
    let date = NaiveDate::parse_from_str(info.effective_time.get(..10).unwrap_or(""), "%Y-%m-%d").ok();
    Ok(Rate { sku, price, date })
}

/// The SKU of `region` whose description starts with `prefix` (then ` running in`, ` in` or the end),
/// in `group` with `usage`. Of several, the smallest id (deterministic).
fn find<'a>(skus: &'a [Sku], region: &str, group: &[&str], usage: &str, prefix: &str) -> Option<&'a Sku> {
    skus.iter()
        .filter(|s| {
            s.category.usage_type == usage
                && group.contains(&s.category.resource_group.as_str())
                && s.service_regions.iter().any(|r| r == region)
                && s.description
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
        .min_by(|a, b| a.sku_id.cmp(&b.sku_id))
}

/// The term a usage type commits to.
fn term(usage: &str) -> Option<(PurchaseOption, u32)> {
    match usage {
        "OnDemand" => Some((PurchaseOption::OnDemand, 0)),
        "Commit1Yr" => Some((PurchaseOption::Reserved1y, 12)),
        "Commit3Yr" => Some((PurchaseOption::Reserved3y, 36)),
        _ => None,
    }
}

fn later(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

/// A machine type's schedule under one usage type: vCPU × core rate + GiB × RAM rate.
fn machine_schedule(
    skus: &[Sku],
    selection: &Selection,
    machine: &MachineType,
    region: &str,
    usage: &str,
    source_url: &str,
    retrieved: NaiveDate,
) -> Result<Option<PriceSchedule>, String> {
    let Some(family) = selection.families.get(&machine.family) else { return Ok(None) };
    let Some((option, term_months)) = term(usage) else { return Ok(None) };
    let (cpu_prefix, ram_prefix) = match option {
        PurchaseOption::OnDemand => (Some(family.cpu.as_str()), Some(family.ram.as_str())),
        _ => (family.commitment_cpu.as_deref(), family.commitment_ram.as_deref()),
    };
    let (Some(cpu_prefix), Some(ram_prefix)) = (cpu_prefix, ram_prefix) else { return Ok(None) };
    let cpu = find(skus, region, &["CPU"], usage, cpu_prefix);
    let ram = find(skus, region, &["RAM"], usage, ram_prefix);
    let (Some(cpu), Some(ram)) = (cpu, ram) else { return Ok(None) };
    let cpu = rate(cpu, "h", &selection.currency)?;
    let ram = rate(ram, "GiBy.h", &selection.currency)?;
    let vcpu = Decimal::from(machine.vcpu);
    let hourly = money::mul(vcpu, cpu.price)
        .and_then(|c| money::mul(machine.memory_gib, ram.price).and_then(|r| money::add(c, r)))
        .map_err(|e| e.to_string())?
        .normalize();
    let note = format!(
        "{} per hour = {vcpu} vCPU × {} (SKU {} `{}`) + {} GiB × {} (SKU {} `{}`), {usage} rates of the Cloud \
         Billing Catalog API",
        hourly,
        cpu.price.normalize(),
        cpu.sku.sku_id,
        cpu.sku.description,
        machine.memory_gib.normalize(),
        ram.price.normalize(),
        ram.sku.sku_id,
        ram.sku.description,
    );
    let committed = option != PurchaseOption::OnDemand;
    let billing = if committed { Billing::Monthly } else { Billing::Usage };
    let mut s = schedule(option, committed.then_some(Payment::NoUpfront), billing);
    s.unit_price = Some(hourly);
    s.term_months = committed.then_some(term_months);
    s.provenance = Some(derived_provenance(source_url, later(cpu.date, ram.date), retrieved, note));
    Ok(Some(s))
}

fn disk_schedule(
    skus: &[Sku],
    selection: &Selection,
    disk: &Disk,
    region: &str,
    source_url: &str,
    retrieved: NaiveDate,
) -> Result<Option<PriceSchedule>, String> {
    let Some(sku) = find(skus, region, &["SSD", "PDStandard"], "OnDemand", &disk.description) else {
        return Ok(None);
    };
    let rate = rate(sku, "GiBy.mo", &selection.currency)?;
    let note = format!("SKU {} `{}`", sku.sku_id, sku.description);
    let mut s = schedule(PurchaseOption::OnDemand, None, Billing::Usage);
    s.unit = Unit::GibMonth;
    s.unit_price = Some(rate.price.normalize());
    s.provenance = Some(vendor_provenance(source_url, rate.date, retrieved, Some(note)));
    Ok(Some(s))
}

/// What the SKUs give for `selection`, merged into `existing` (or into a new file).
pub fn price_file(
    skus: &[Sku],
    selection: &Selection,
    existing: Option<PriceFile>,
    retrieved: NaiveDate,
    copy_note: Option<&str>,
) -> Result<PriceFile, String> {
    selection.check()?;
    let currency = Currency::from_str(&selection.currency).map_err(|e| e.to_string())?;
    let source_url = format!("{API_URL}/{}/skus?currencyCode={}", selection.service, selection.currency);
    let mut produced: BTreeMap<String, (Offering, Vec<PriceSchedule>)> = BTreeMap::new();
    for region in &selection.regions {
        for machine in &selection.machine_types {
            let mut schedules = Vec::new();
            for usage in ["OnDemand", "Commit1Yr", "Commit3Yr"] {
                if let Some(s) =
                    machine_schedule(skus, selection, machine, region, usage, &source_url, retrieved)?
                {
                    schedules.push(s);
                }
            }
            if !schedules.is_empty() {
                let offering = new_machine(machine, region, &source_url, retrieved);
                produced.insert(offering.id.clone(), (offering, schedules));
            }
        }
        for disk in &selection.disks {
            if let Some(s) = disk_schedule(skus, selection, disk, region, &source_url, retrieved)? {
                let offering = new_disk(disk, region, &source_url, retrieved);
                produced.insert(offering.id.clone(), (offering, vec![s]));
            }
        }
    }
    let mut file = existing.unwrap_or_else(|| PriceFile {
        schema: Some("../schema/price-file.schema.json".into()),
        title: "Google Cloud: Compute Engine machine types and Persistent Disk (Cloud Billing Catalog API)".into(),
        publisher: "Google Cloud (Cloud Billing Catalog API)".into(),
        currency: currency.clone(),
        reviewed: retrieved,
        source: API_URL.into(),
        tax: Some(Tax {
            included: false,
            rate: None,
            note: Some("Cloud Billing Catalog list prices are net of tax: Google adds VAT, GST or sales tax on the invoice by the buyer's location, so the rate is not known here.".into()),
        }),
        notes: None,
        offerings: Vec::new(),
        pue_presets: Vec::new(),
    });
    let mut offerings: BTreeMap<String, Offering> =
        file.offerings.drain(..).map(|o| (o.id.clone(), o)).collect();
    for (id, (new, mut schedules)) in produced {
        for schedule in &mut schedules {
            if currency != file.currency {
                schedule.currency = Some(currency.clone());
            }
            if let (Some(copy), Some(p)) = (copy_note, schedule.provenance.as_mut()) {
                p.note = Some(format!("{}. {copy}.", p.note.as_deref().unwrap_or_default()));
            }
        }
        let mut offering = offerings.remove(&id).unwrap_or(new);
        merge_schedules(&mut offering, schedules);
        offerings.insert(id, offering);
    }
    file.offerings = offerings.into_values().collect();
    Ok(file)
}

fn new_machine(machine: &MachineType, region: &str, source_url: &str, retrieved: NaiveDate) -> Offering {
    let mut specs =
        Specs { vcpu: Some(machine.vcpu), memory_gib: Some(machine.memory_gib), ..Specs::default() };
    specs.architecture = Some("x86_64".into());
    Offering {
        id: format!("gcp/compute-engine/{region}/{}", machine.name),
        name: format!("Google Compute Engine {} ({region})", machine.name),
        name_zh: None,
        provider: "gcp".into(),
        category: Category::Compute,
        region: Some(region.to_string()),
        market: Some(Market::Global),
        description: None,
        specs,
        hardware: None,
        labor: None,
        sizing: Vec::new(),
        provenance: vendor_provenance(source_url, None, retrieved, None),
        prices: Vec::new(),
    }
}

fn new_disk(disk: &Disk, region: &str, source_url: &str, retrieved: NaiveDate) -> Offering {
    Offering {
        id: format!("gcp/persistent-disk/{region}/{}", disk.name),
        name: format!("Google Persistent Disk {} ({region})", disk.name),
        name_zh: None,
        provider: "gcp".into(),
        category: Category::Storage,
        region: Some(region.to_string()),
        market: Some(Market::Global),
        description: None,
        specs: Specs::default(),
        hardware: None,
        labor: None,
        sizing: Vec::new(),
        provenance: vendor_provenance(source_url, None, retrieved, None),
        prices: Vec::new(),
    }
}

/// The page URL: the service's SKUs in the selection's currency, 5,000 a page.
pub fn page_url(base: &str, selection: &Selection, token: Option<&str>) -> String {
    let mut url = format!(
        "{}/{}/skus?currencyCode={}&pageSize=5000",
        base.trim_end_matches('/'),
        selection.service,
        selection.currency
    );
    if let Some(token) = token {
        url.push_str("&pageToken=");
        url.extend(form_urlencoded::byte_serialize(token.as_bytes()));
    }
    url
}

/// The `gcp` importer.
pub struct Gcp;

impl Importer for Gcp {
    fn name(&self) -> &'static str {
        "gcp"
    }

    fn default_url(&self) -> &'static str {
        API_URL
    }

    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError> {
        let selection: Selection = ctx.checked_selection(Selection::check)?;
        let skus = match ctx.upstream(API_URL) {
            Location::File(path) => {
                let (bytes, name) = ctx.read_local(path)?;
                parse_page(&bytes, &name)?.skus
            }
            Location::Url(base) => fetch_all(ctx, &base, &selection)?,
        };
        let existing = ctx.existing_prices(&selection.output)?;
        let copy_note = ctx.copy_note(API_URL);
        let file = price_file(&skus, &selection, existing, ctx.retrieved(), copy_note.as_deref())
            .map_err(|detail| ImportError::format(&ctx.upstream(API_URL).display(), FORMAT, detail))?;
        Ok(Imported::prices(&selection.output, file))
    }
}

/// Every SKU of the service, following `nextPageToken`, with the API key from the environment.
fn fetch_all(ctx: &mut Context<'_>, base: &str, selection: &Selection) -> Result<Vec<Sku>, ImportError> {
    let key = std::env::var(API_KEY_ENV).ok().filter(|k| !k.trim().is_empty()).ok_or_else(|| {
        ImportError::Config(format!(
            "the Cloud Billing Catalog API needs an API key: set {API_KEY_ENV} (or use --from with a file)"
        ))
    })?;
    ctx.secret_header("x-goog-api-key", &key)?;
    let mut skus = Vec::new();
    let bar = ctx.progress().items("Cloud Billing Catalog SKUs", None);
    let mut token: Option<String> = None;
    let mut seen = BTreeSet::new();
    loop {
        let url = page_url(base, selection, token.as_deref());
        if !seen.insert(url.clone()) || seen.len() > MAX_PAGES {
            return Err(ImportError::format(&url, FORMAT, "nextPageToken loops (or pages never end)"));
        }
        let bytes = ctx.fetch(&Location::Url(url.clone()), false)?.unwrap_or_default();
        let page = parse_page(&bytes, &url)?;
        bar.inc(page.skus.len() as u64);
        skus.extend(page.skus);
        token = page.next_page_token.filter(|t| !t.is_empty());
        if token.is_none() {
            break;
        }
    }
    bar.finish();
    Ok(skus)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sku(
        id: &str,
        description: &str,
        group: &str,
        usage: &str,
        unit: &str,
        units: &str,
        nanos: i64,
    ) -> String {
        format!(
            r#"{{"name":"services/6F81-5844-456A/skus/{id}","skuId":"{id}","description":"{description}",
            "category":{{"serviceDisplayName":"Compute Engine","resourceFamily":"Compute","resourceGroup":"{group}","usageType":"{usage}"}},
            "serviceRegions":["us-east1"],"pricingInfo":[{{"summary":"","pricingExpression":{{"usageUnit":"{unit}",
            "displayQuantity":1,"tieredRates":[{{"startUsageAmount":0,"unitPrice":{{"currencyCode":"USD","units":"{units}","nanos":{nanos}}}}}],
            "usageUnitDescription":"hour","baseUnit":"s","baseUnitDescription":"second","baseUnitConversionFactor":3600}},
            "currencyConversionRate":1,"effectiveTime":"2026-11-20T08:12:05.000Z"}}],"serviceProviderName":"Google",
            "geoTaxonomy":{{"type":"MULTI_REGIONAL","regions":["us-east1"]}}}}"#
        )
    }

    fn selection() -> Selection {
        serde_json::from_str(
            r#"{"regions": ["us-east1"],
                "families": {"e2": {"cpu": "E2 Instance Core", "ram": "E2 Instance Ram",
                                    "commitment_cpu": "Commitment v1: E2 Cpu", "commitment_ram": "Commitment v1: E2 Ram"}},
                "machine_types": [{"name": "e2-standard-2", "family": "e2", "vcpu": 2, "memory_gib": "8"}],
                "disks": [{"name": "pd-balanced", "description": "Balanced PD Capacity"}]}"#,
        )
        .expect("selection")
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn google_money_adds_units_and_nanos_exactly() {
        let m = |units: Option<&str>, nanos| GoogleMoney {
            currency_code: "USD".into(),
            units: units.map(Into::into),
            nanos,
        };
        assert_eq!(m(Some("0"), 21_811_590).amount(), Ok(dec!(0.02181159)));
        assert_eq!(m(Some("1"), 500_000_000).amount(), Ok(dec!(1.5)));
        assert_eq!(m(None, 1).amount(), Ok(dec!(0.000000001)));
        assert!(m(Some("0"), 1_000_000_000).amount().is_err());
    }

    #[test]
    fn a_machine_type_is_its_cores_plus_its_memory_and_disks_are_per_gib_month() {
        let page = format!(
            r#"{{"skus":[{},{},{},{},{},{}],"nextPageToken":""}}"#,
            sku(
                "CF4E-A0C7-E3BF",
                "E2 Instance Core running in Americas",
                "CPU",
                "OnDemand",
                "h",
                "0",
                21_811_590
            ),
            sku(
                "F268-6CB0-5C7E",
                "E2 Instance Ram running in Americas",
                "RAM",
                "OnDemand",
                "GiBy.h",
                "0",
                2_923_530
            ),
            sku(
                "9D3F-8C0E-07F7",
                "Spot Preemptible E2 Instance Core running in Americas",
                "CPU",
                "OnDemand",
                "h",
                "0",
                6_543_000
            ),
            sku(
                "7C11-1A2B-3C4D",
                "Commitment v1: E2 Cpu in Americas for 1 Year",
                "CPU",
                "Commit1Yr",
                "h",
                "0",
                13_741_300
            ),
            sku(
                "7C11-1A2B-3C4E",
                "Commitment v1: E2 Ram in Americas for 1 Year",
                "RAM",
                "Commit1Yr",
                "GiBy.h",
                "0",
                1_841_820
            ),
            sku("3BE5-0A7F-19D3", "Balanced PD Capacity", "SSD", "OnDemand", "GiBy.mo", "0", 100_000_000),
        );
        let page = parse_page(page.as_bytes(), "page").expect("parses");
        let file = price_file(&page.skus, &selection(), None, date("2026-12-01"), None).expect("builds");
        let ids: Vec<&str> = file.offerings.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(
            ids,
            ["gcp/compute-engine/us-east1/e2-standard-2", "gcp/persistent-disk/us-east1/pd-balanced"]
        );
        let vm = &file.offerings[0];
        // 2 × 0.02181159 + 8 × 0.00292353 = 0.04362318 + 0.02338824 = 0.06701142 an hour (Spot SKU ignored).
        let rows: Vec<_> =
            vm.prices.iter().map(|s| (s.purchase_option, s.unit_price, s.term_months)).collect();
        assert_eq!(
            rows,
            vec![
                (PurchaseOption::OnDemand, Some(dec!(0.06701142)), None),
                // 2 × 0.0137413 + 8 × 0.00184182 = 0.0274826 + 0.01473456 = 0.04221716.
                (PurchaseOption::Reserved1y, Some(dec!(0.04221716)), Some(12)),
            ]
        );
        let p = vm.provenance_of(&vm.prices[0]);
        assert_eq!((p.basis, p.price_date), (crate::catalog::Basis::Derived, Some(date("2026-11-20"))));
        assert!(p
            .note
            .as_deref()
            .is_some_and(|n| n.contains("SKU CF4E-A0C7-E3BF") && n.contains("2 vCPU × 0.02181159")));
        let disk = &file.offerings[1];
        assert_eq!(disk.prices[0].unit_price, Some(dec!(0.1)));
        assert_eq!(disk.provenance_of(&disk.prices[0]).basis, crate::catalog::Basis::VendorList);
    }

    #[test]
    fn a_sku_in_an_unexpected_unit_or_currency_is_refused() {
        let page = format!(
            r#"{{"skus":[{},{}]}}"#,
            sku("CF4E-A0C7-E3BF", "E2 Instance Core running in Americas", "CPU", "OnDemand", "mo", "0", 1),
            sku("F268-6CB0-5C7E", "E2 Instance Ram running in Americas", "RAM", "OnDemand", "GiBy.h", "0", 1),
        );
        let page = parse_page(page.as_bytes(), "page").expect("parses");
        let error = price_file(&page.skus, &selection(), None, date("2026-12-01"), None).expect_err("unit");
        assert!(error.contains("priced per `mo`, expected `h`"), "{error}");
    }

    #[test]
    fn a_wrong_schema_is_named_by_its_path() {
        let error = parse_page(br#"{"items": []}"#, "page").expect_err("skus is required");
        assert!(error.to_string().contains("missing field `skus`"), "{error}");
        let bad = sku("X", "E2 Instance Core", "CPU", "OnDemand", "h", "0", 1)
            .replace(r#""nanos":1"#, r#""nanos":"x""#);
        let error = parse_page(format!(r#"{{"skus":[{bad}]}}"#).as_bytes(), "page").expect_err("nanos");
        assert!(
            error
                .to_string()
                .contains("skus[0].pricingInfo[0].pricingExpression.tieredRates[0].unitPrice.nanos"),
            "{error}"
        );
        let error = parse_page(br#"{"skus": [{"skuId": "X""#, "page").expect_err("cut short");
        assert!(error.to_string().contains("truncated"), "{error}");
    }

    #[test]
    fn page_urls_carry_no_key_and_encode_the_token() {
        let url = page_url("http://127.0.0.1:9/v1/services/", &selection(), Some("a b/c"));
        assert_eq!(url, "http://127.0.0.1:9/v1/services/6F81-5844-456A/skus?currencyCode=USD&pageSize=5000&pageToken=a+b%2Fc");
        assert!(!url.contains("key="));
    }
}
