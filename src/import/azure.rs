//! Azure Retail Prices API → `pricing-data/cloud/azure.json` (virtual machines).
//!
//! Queries `https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview&$filter=…` (no
//! credentials; the preview api-version is the one that carries savings-plan rates), one query per
//! selected region with the selected SKUs OR-ed, following `NextPageLink` to the last page. A local
//! file (`--from`) may be one envelope page or a bare array of `Items` (how stored copies keep them).
//!
//! Every item is also filtered here (a copy may hold anything): the selected `serviceName`, region and
//! `armSkuName`, primary meter regions only; `DevTestConsumption` is always skipped; Windows, Spot and
//! Low Priority meters only when selected. What lands, per `azure/vm/<region>/<sku lower case>`:
//!
//! | item | schedule |
//! |---|---|
//! | `Consumption`, `1 Hour` | `on_demand`, `usage`, per `hour`, `unit_price` = `unitPrice` |
//! | `Reservation`, `1 Year` / `3 Years` | `reserved_1y`/`reserved_3y`, `all_upfront`, `upfront` = `unitPrice` (the whole term), `unit_price` 0 |
//! | the same, paid monthly | `reserved_1y`/`reserved_3y`, `no_upfront`, `monthly`, per `hour`, `unit_price` = `unitPrice` ÷ (term months × 730) to 10 decimals, `derived` (Microsoft: monthly payments cost the same in total) |
//! | `savingsPlan[]` on a Consumption item, `1 Year` / `3 Years` | `reserved_1y`/`reserved_3y`, `no_upfront`, `commitment: compute_savings_plan`, `monthly`, per `hour`, `unit_price` = the plan's `unitPrice` |
//! | Spot (and Low Priority, when selected) | `spot`, `usage`, per `hour` |
//!
//! Of several items for one schedule the one with the latest `effectiveStartDate` wins (then the
//! smallest `skuId`, so the choice is deterministic). `price_date` = its `effectiveStartDate`.
//!
//! Merging into an existing file: offerings and schedules the run does not produce are kept as they
//! are (an import never deletes); a produced offering keeps its name, specs and description, its
//! produced schedules are replaced, and its other schedules keep their old provenance explicitly.

use super::merge::{merge_schedules as merge, rank, schedule, Rank};
use super::{provenance, vendor_provenance, Context, ImportError, Imported, Importer, Location};
use crate::catalog::{
    Basis, Billing, Category, Commitment, Market, Offering, Payment, PriceFile, PriceSchedule,
    PurchaseOption, Specs, Tax,
};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// Microsoft's statement that a reservation paid monthly costs the same in total as one paid up front.
pub const MONTHLY_PAYMENTS_URL: &str =
    "https://learn.microsoft.com/en-us/azure/cost-management-billing/reservations/prepare-buy-reservation#buy-reservations-with-monthly-payments";
/// Decimals of the hourly rate of a reservation paid monthly (the error over a 3-year term stays
/// below a millionth of a cent an hour × 26,280 h).
pub const RATE_DECIMALS: u32 = 10;

/// The API's address.
pub const API_URL: &str = "https://prices.azure.com/api/retail/prices";
/// The api-version queried: the one with savings plans.
pub const API_VERSION: &str = "2023-01-01-preview";

const FORMAT: &str = "Azure Retail Prices API page";
/// Pages followed at most per query (a loop guard: 100 items a page).
const MAX_PAGES: usize = 5000;
/// SKUs OR-ed into one `$filter`.
const SKUS_PER_QUERY: usize = 20;

pub const HELP: &str = "\
Azure Retail Prices API → cloud/azure.json (virtual machines).

Reads https://prices.azure.com/api/retail/prices (no credentials) with api-version=2023-01-01-preview
(the version with savings-plan rates), one $filter query per region, following NextPageLink. With
--from: another base URL (a mirror, a mock), or a local file holding one page or a bare array of Items.

Selection file (default <data dir>/import/azure.selection.json):
  {
    \"output\": \"cloud/azure.json\",        the file written (merged into when it exists)
    \"service_name\": \"Virtual Machines\",  serviceName (only Virtual Machines is supported)
    \"regions\": [\"eastus\", …],            armRegionName values
    \"skus\": [\"Standard_D2s_v5\", …],      armSkuName values (case-sensitive)
    \"price_types\": [\"Consumption\", \"Reservation\"],   priceType values; DevTestConsumption is refused
    \"savings_plans\": true,               savings-plan rates of Consumption items
    \"windows\": false,                    Windows meters (ids azure/vm-windows/…) instead of Linux
    \"spot\": false, \"low_priority\": false,   Spot / Low Priority meters as `spot` schedules
    \"currency\": \"USD\",                   currencyCode (USD is Azure's pricing currency)
    \"specs\": {\"Standard_D2s_v5\": {\"vcpu\": 2, \"memory_gib\": \"8\"}}   optional: what the API does not say
  }
Consumption → on_demand per hour; Reservation (unitPrice is the whole 1- or 3-year term) →
reserved_1y/3y all_upfront with upfront = unitPrice, and the same paid monthly (no_upfront, derived:
unitPrice ÷ (term months × 730) per hour, Azure charging no more for monthly payment); savings plans → reserved_1y/3y no_upfront with
commitment compute_savings_plan, per hour.
Offerings and schedules the run does not produce are kept (an import never deletes).";

/// `pricing-data/import/azure.selection.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default = "default_output")]
    pub output: String,
    #[serde(default = "default_service")]
    pub service_name: String,
    pub regions: Vec<String>,
    pub skus: Vec<String>,
    #[serde(default = "default_price_types")]
    pub price_types: Vec<String>,
    #[serde(default = "yes")]
    pub savings_plans: bool,
    #[serde(default)]
    pub windows: bool,
    #[serde(default)]
    pub spot: bool,
    #[serde(default)]
    pub low_priority: bool,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// What the API does not say: vCPUs, memory and architecture per `armSkuName`, for offerings the
    /// run creates (or whose specs are still empty). Optional.
    #[serde(default)]
    pub specs: BTreeMap<String, Specs>,
}

fn default_output() -> String {
    "cloud/azure.json".into()
}
fn default_service() -> String {
    "Virtual Machines".into()
}
fn default_price_types() -> Vec<String> {
    vec!["Consumption".into(), "Reservation".into()]
}
fn yes() -> bool {
    true
}
fn default_currency() -> String {
    "USD".into()
}

impl Selection {
    fn check(&self) -> Result<(), String> {
        if self.service_name != "Virtual Machines" {
            return Err(format!(
                "service_name: `{}` is not supported (only Virtual Machines)",
                self.service_name
            ));
        }
        if self.regions.is_empty() {
            return Err("regions: name at least one armRegionName".into());
        }
        if self.skus.is_empty() {
            return Err("skus: name at least one armSkuName".into());
        }
        for (i, kind) in self.price_types.iter().enumerate() {
            if !matches!(kind.as_str(), "Consumption" | "Reservation") {
                return Err(format!("price_types[{i}]: `{kind}` (Consumption or Reservation; DevTestConsumption is never imported)"));
            }
        }
        for (field, values) in [("regions", &self.regions), ("skus", &self.skus)] {
            if let Some((i, bad)) = values
                .iter()
                .enumerate()
                .find(|(_, v)| !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            {
                return Err(format!("{field}[{i}]: `{bad}` has characters no Azure name has"));
            }
        }
        Currency::from_str(&self.currency).map_err(|e| format!("currency: {e}"))?;
        Ok(())
    }
}

/// One page of the API: the documented envelope.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Page {
    #[serde(default)]
    pub billing_currency: Option<String>,
    #[serde(default)]
    pub customer_entity_id: Option<String>,
    #[serde(default)]
    pub customer_entity_type: Option<String>,
    pub items: Vec<Item>,
    #[serde(default)]
    pub next_page_link: Option<String>,
    #[serde(default)]
    pub count: Option<u64>,
}

/// One price record (the fields this importer reads; others are ignored).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub currency_code: String,
    #[serde(deserialize_with = "decimal")]
    pub unit_price: Decimal,
    pub arm_region_name: String,
    pub effective_start_date: String,
    #[serde(default)]
    pub effective_end_date: Option<String>,
    #[serde(default)]
    pub meter_id: Option<String>,
    pub meter_name: String,
    pub product_name: String,
    pub sku_id: String,
    pub sku_name: String,
    pub service_name: String,
    pub unit_of_measure: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default = "yes")]
    pub is_primary_meter_region: bool,
    pub arm_sku_name: String,
    #[serde(default)]
    pub reservation_term: Option<String>,
    #[serde(default)]
    pub savings_plan: Vec<SavingsPlan>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavingsPlan {
    #[serde(deserialize_with = "decimal")]
    pub unit_price: Decimal,
    pub term: String,
}

/// A JSON number (or numeric string) as a `Decimal`, through its shortest decimal text (never f64
/// arithmetic): `0.497297` stays 0.497297.
fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let text = match &value {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => return Err(serde::de::Error::custom(format!("expected a number, found {other}"))),
    };
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|e| serde::de::Error::custom(format!("`{text}` is not a decimal: {e}")))
}

/// Parses one page, or a bare array of items (a stored copy without its envelope).
pub fn parse_page(bytes: &[u8], source_name: &str) -> Result<Page, ImportError> {
    let bad = |detail: String| ImportError::format(source_name, FORMAT, detail);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let located = |e: serde_path_to_error::Error<serde_json::Error>| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_eof() {
            bad(format!("the JSON ends early (truncated): {inner}"))
        } else if path == "." {
            bad(inner.to_string())
        } else {
            bad(format!("{path}: {inner}"))
        }
    };
    match first {
        Some(b'[') => {
            let items: Vec<Item> = serde_path_to_error::deserialize(&mut deserializer).map_err(located)?;
            Ok(Page {
                billing_currency: None,
                customer_entity_id: None,
                customer_entity_type: None,
                count: Some(items.len() as u64),
                items,
                next_page_link: None,
            })
        }
        Some(b'{') => serde_path_to_error::deserialize(&mut deserializer).map_err(located),
        _ => Err(bad("not JSON (expected the envelope object with `Items`, or an array of items)".into())),
    }
}

/// The `$filter` of one query: the service, a region, some SKUs, the price types.
pub fn filter(selection: &Selection, region: &str, skus: &[String]) -> String {
    let or = |field: &str, values: &[String]| {
        let terms: Vec<String> = values.iter().map(|v| format!("{field} eq '{v}'")).collect();
        if terms.len() == 1 {
            terms.join("")
        } else {
            format!("({})", terms.join(" or "))
        }
    };
    let mut parts = vec![
        format!("serviceName eq '{}'", selection.service_name),
        format!("armRegionName eq '{region}'"),
        or("armSkuName", skus),
    ];
    if !selection.price_types.is_empty() {
        parts.push(or("priceType", &selection.price_types));
    }
    parts.join(" and ")
}

/// The query URL for `filter` on the API at `base`.
pub fn query_url(base: &str, selection: &Selection, filter: &str) -> Result<String, ImportError> {
    let mut url = reqwest::Url::parse(base).map_err(|e| ImportError::Config(format!("{base}: {e}")))?;
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("api-version", API_VERSION);
        if selection.currency != "USD" {
            query.append_pair("currencyCode", &selection.currency);
        }
        query.append_pair("$filter", filter);
    }
    Ok(url.to_string())
}

/// Schedules of one offering, keyed by (purchase option, payment), each with the item it came from.
#[derive(Debug, Default)]
struct Found<'a> {
    schedules: BTreeMap<Rank, (PriceSchedule, &'a Item, String, Basis)>,
}

fn term(text: &str) -> Option<(PurchaseOption, u32)> {
    match text {
        "1 Year" => Some((PurchaseOption::Reserved1y, 12)),
        "3 Years" => Some((PurchaseOption::Reserved3y, 36)),
        _ => None,
    }
}

/// The schedules an item gives (none when the selection leaves it out), each with a note on its origin.
fn schedules_of(item: &Item, selection: &Selection) -> Vec<(PriceSchedule, String, Basis)> {
    let windows = item.product_name.contains("Windows");
    let spot = item.sku_name.contains("Spot") || item.meter_name.contains("Spot");
    let low_priority = item.sku_name.contains("Low Priority") || item.meter_name.contains("Low Priority");
    let wanted = item.service_name == selection.service_name
        && item.is_primary_meter_region
        && selection.regions.contains(&item.arm_region_name)
        && selection.skus.contains(&item.arm_sku_name)
        && selection.price_types.contains(&item.kind)
        && item.unit_of_measure == "1 Hour"
        && (!spot || selection.spot)
        && (!low_priority || selection.low_priority);
    if !wanted {
        return Vec::new();
    }
    let meter = format!(
        "Retail Prices API item skuId {} (meter `{}`, {}), effective {}{}",
        item.sku_id,
        item.meter_name,
        item.product_name,
        date_part(&item.effective_start_date),
        item.effective_end_date.as_deref().map(|d| format!(" until {}", date_part(d))).unwrap_or_default()
    );
    let mut out = Vec::new();
    match item.kind.as_str() {
        "Consumption" if windows == selection.windows => {
            let mut s = schedule(
                if spot || low_priority { PurchaseOption::Spot } else { PurchaseOption::OnDemand },
                None,
                Billing::Usage,
            );
            s.unit_price = Some(item.unit_price.normalize());
            out.push((s, meter.clone(), Basis::VendorList));
            if selection.savings_plans && !spot && !low_priority {
                for plan in &item.savings_plan {
                    let Some((option, months)) = term(&plan.term) else { continue };
                    let mut s = schedule(option, Some(Payment::NoUpfront), Billing::Monthly);
                    s.commitment = Some(Commitment::ComputeSavingsPlan);
                    s.unit_price = Some(plan.unit_price.normalize());
                    s.term_months = Some(months);
                    out.push((
                        s,
                        format!("{} savings plan (hourly commitment rate) of the {meter}", plan.term),
                        Basis::VendorList,
                    ));
                }
            }
        }
        // Reservations price the compute; the Windows licence is billed apart, so they go to Linux only.
        "Reservation" if !selection.windows => {
            if let Some((option, months)) = item.reservation_term.as_deref().and_then(term) {
                let mut s = schedule(option, Some(Payment::AllUpfront), Billing::Monthly);
                s.unit_price = Some(Decimal::ZERO);
                s.upfront = Some(item.unit_price.normalize());
                s.term_months = Some(months);
                let term_name = item.reservation_term.as_deref().unwrap_or_default();
                out.push((
                    s,
                    format!("reservation: unitPrice is the whole {term_name} term, paid up front; {meter}"),
                    Basis::VendorList,
                ));
                if let Some(hourly) = monthly_reservation_rate(item.unit_price, months) {
                    let mut s = schedule(option, Some(Payment::NoUpfront), Billing::Monthly);
                    s.unit_price = Some(hourly);
                    s.term_months = Some(months);
                    out.push((
                        s,
                        format!(
                            "reservation paid monthly: unitPrice {} (the whole {term_name} term) ÷ ({months} months × 730 h), \
                             rounded to {RATE_DECIMALS} decimals; Microsoft: \"The total cost of up-front and monthly \
                             reservations is the same\" ({MONTHLY_PAYMENTS_URL}); {meter}",
                            item.unit_price.normalize()
                        ),
                        Basis::Derived,
                    ));
                }
            }
        }
        _ => {}
    }
    out
}

/// The hourly rate of a reservation paid monthly: the whole term's price spread evenly over its
/// months of 730 hours (Azure charges no more for paying monthly), rounded to [`RATE_DECIMALS`].
fn monthly_reservation_rate(term_price: Decimal, months: u32) -> Option<Decimal> {
    let hours = Decimal::from(months).checked_mul(Decimal::from(730))?;
    let rate = term_price.checked_div(hours)?;
    Some(
        rate.round_dp_with_strategy(RATE_DECIMALS, rust_decimal::RoundingStrategy::MidpointNearestEven)
            .normalize(),
    )
}

fn date_part(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

fn parse_date(timestamp: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date_part(timestamp), "%Y-%m-%d").ok()
}

/// Offering id of a region and SKU.
pub fn offering_id(selection: &Selection, region: &str, sku: &str) -> String {
    let product = if selection.windows { "vm-windows" } else { "vm" };
    format!("azure/{product}/{}/{}", region.to_lowercase(), sku.to_lowercase())
}

/// The offering URL cited as `source_url`: the API filtered to this SKU in this region.
fn source_url(selection: &Selection, region: &str, sku: &str) -> String {
    let filter = format!(
        "serviceName eq '{}' and armRegionName eq '{region}' and armSkuName eq '{sku}'",
        selection.service_name
    );
    query_url(API_URL, selection, &filter).unwrap_or_else(|_| API_URL.to_string())
}

/// What the items give for `selection`, merged into `existing` (or into a new file).
pub fn price_file(
    items: &[Item],
    selection: &Selection,
    existing: Option<PriceFile>,
    retrieved: NaiveDate,
    copy_note: Option<&str>,
) -> Result<PriceFile, String> {
    selection.check()?;
    let currency = Currency::from_str(&selection.currency).map_err(|e| e.to_string())?;
    // (region, sku) → schedules, the latest effective start winning, then the smallest skuId.
    let mut found: BTreeMap<(String, String), Found<'_>> = BTreeMap::new();
    for item in items {
        for (schedule, note, basis) in schedules_of(item, selection) {
            if item.currency_code != selection.currency {
                return Err(format!(
                    "item {} is in {}, the selection asks for {}",
                    item.sku_id, item.currency_code, selection.currency
                ));
            }
            let key = rank(&schedule);
            let entry = found.entry((item.arm_region_name.clone(), item.arm_sku_name.clone())).or_default();
            let better = match entry.schedules.get(&key) {
                None => true,
                Some((_, held, _, _)) => {
                    (parse_date(&item.effective_start_date), std::cmp::Reverse(&item.sku_id))
                        > (parse_date(&held.effective_start_date), std::cmp::Reverse(&held.sku_id))
                }
            };
            if better {
                entry.schedules.insert(key, (schedule, item, note, basis));
            }
        }
    }

    let mut file = existing.unwrap_or_else(|| PriceFile {
        schema: Some("../schema/price-file.schema.json".into()),
        title: format!("Microsoft Azure: {} (Retail Prices API)", selection.service_name.to_lowercase()),
        publisher: "Microsoft Azure (Retail Prices API)".into(),
        currency: currency.clone(),
        reviewed: retrieved,
        source: API_URL.into(),
        tax: Some(Tax {
            included: false,
            rate: None,
            note: Some("Retail Prices API list prices are net of tax: Azure adds sales tax, VAT or GST on the invoice by the buyer's location, so the rate is not known here.".into()),
        }),
        notes: None,
        offerings: Vec::new(),
        pue_presets: Vec::new(),
    });
    let file_currency = file.currency.clone();
    // Existing offerings keep their place in the file; new ones follow in id order.
    let mut offerings: BTreeMap<String, Offering> = BTreeMap::new();
    for ((region, sku), found) in found {
        let id = offering_id(selection, &region, &sku);
        let url = source_url(selection, &region, &sku);
        let mut produced: Vec<PriceSchedule> = Vec::new();
        for (_, (mut schedule, item, note, basis)) in found.schedules {
            let note = match copy_note {
                Some(copy) => format!("{note}. {copy}."),
                None => format!("{note}."),
            };
            let price_date = parse_date(&item.effective_start_date);
            schedule.provenance = Some(provenance(basis, &url, price_date, retrieved, Some(note)));
            if currency != file_currency {
                schedule.currency = Some(currency.clone());
            }
            produced.push(schedule);
        }
        let os = if selection.windows { "Windows" } else { "Linux" };
        if let Some(existing) = file.offerings.iter_mut().find(|o| o.id == id) {
            if existing.specs.vcpu.is_none() && existing.specs.memory_gib.is_none() {
                if let Some(specs) = selection.specs.get(&sku) {
                    existing.specs = specs.clone();
                }
            }
            merge(existing, produced);
            continue;
        }
        let mut offering = offerings.remove(&id).unwrap_or_else(|| Offering {
            id: id.clone(),
            name: format!("Azure {sku} {os} ({region})"),
            name_zh: None,
            provider: "azure".into(),
            category: Category::Compute,
            region: Some(region.clone()),
            market: Some(Market::Global),
            description: None,
            specs: selection.specs.get(&sku).cloned().unwrap_or_default(),
            hardware: None,
            labor: None,
            sizing: Vec::new(),
            provenance: vendor_provenance(&url, None, retrieved, None),
            prices: Vec::new(),
        });
        merge(&mut offering, produced);
        offerings.insert(id, offering);
    }
    file.offerings.extend(offerings.into_values());
    Ok(file)
}

/// The `azure` importer.
pub struct Azure;

impl Importer for Azure {
    fn name(&self) -> &'static str {
        "azure"
    }

    fn default_url(&self) -> &'static str {
        API_URL
    }

    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError> {
        let selection: Selection = ctx.checked_selection(Selection::check)?;
        let items = match ctx.upstream(API_URL) {
            Location::File(path) => {
                let (bytes, name) = ctx.read_local(path)?;
                parse_page(&bytes, &name)?.items
            }
            Location::Url(base) => fetch_all(ctx, &base, &selection)?,
        };
        let existing = ctx.existing_prices(&selection.output)?;
        let copy_note = ctx.copy_note(API_URL);
        let file = price_file(&items, &selection, existing, ctx.retrieved(), copy_note.as_deref())
            .map_err(|detail| ImportError::format(&ctx.upstream(API_URL).display(), FORMAT, detail))?;
        Ok(Imported::prices(&selection.output, file))
    }
}

/// Every item of every query for `selection`, following `NextPageLink`.
fn fetch_all(ctx: &mut Context<'_>, base: &str, selection: &Selection) -> Result<Vec<Item>, ImportError> {
    let mut items = Vec::new();
    let parse_bar = ctx.progress().items("Azure Retail Prices API items", None);
    for region in &selection.regions {
        for skus in selection.skus.chunks(SKUS_PER_QUERY) {
            let mut next = Some(query_url(base, selection, &filter(selection, region, skus))?);
            let mut seen = BTreeSet::new();
            while let Some(url) = next.take() {
                if !seen.insert(url.clone()) || seen.len() > MAX_PAGES {
                    return Err(ImportError::format(&url, FORMAT, "NextPageLink loops (or pages never end)"));
                }
                let bytes = ctx.fetch(&Location::Url(url.clone()), false)?.unwrap_or_default();
                let page = parse_page(&bytes, &url)?;
                parse_bar.inc(page.items.len() as u64);
                items.extend(page.items);
                next = page.next_page_link.filter(|link| !link.is_empty());
            }
        }
    }
    parse_bar.finish();
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn selection() -> Selection {
        Selection {
            output: default_output(),
            service_name: default_service(),
            regions: vec!["brazilsouth".into()],
            skus: vec!["Standard_D4as_v7".into()],
            price_types: default_price_types(),
            savings_plans: true,
            windows: false,
            spot: false,
            low_priority: false,
            currency: "USD".into(),
            specs: BTreeMap::new(),
        }
    }

    fn item(kind: &str, price: &str, extra: &str) -> String {
        format!(
            r#"{{"currencyCode":"USD","tierMinimumUnits":0.0,"retailPrice":{price},"unitPrice":{price},
            "armRegionName":"brazilsouth","location":"BR South","effectiveStartDate":"2025-11-01T00:00:00Z",
            "meterId":"00003b45-e996-5b04-b673-a2db710f9237","meterName":"D4as v7","productId":"DZH318Z0TBJJ",
            "skuId":"DZH318Z0TBJJ/0394","productName":"Virtual Machines Dasv7 Series","skuName":"D4as v7",
            "serviceName":"Virtual Machines","serviceId":"DZH313Z7MMC8","serviceFamily":"Compute",
            "unitOfMeasure":"1 Hour","type":"{kind}","isPrimaryMeterRegion":true,"armSkuName":"Standard_D4as_v7"{extra}}}"#
        )
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn consumption_reservations_and_savings_plans_become_schedules() {
        let page = format!(
            r#"{{"BillingCurrency":"USD","CustomerEntityId":"Default","CustomerEntityType":"Retail","Items":[{},{},{},{}],"NextPageLink":null,"Count":4}}"#,
            item(
                "Consumption",
                "0.2",
                r#","savingsPlan":[{"unitPrice":0.154471,"retailPrice":0.154471,"term":"1 Year"},{"unitPrice":0.1032142,"term":"3 Years"}]"#
            ),
            item("Reservation", "1505.0", r#","reservationTerm":"1 Year""#),
            item("Reservation", "2908.0", r#","reservationTerm":"3 Years""#),
            item("DevTestConsumption", "0.1", ""),
        );
        let page = parse_page(page.as_bytes(), "page").expect("parses");
        let file = price_file(&page.items, &selection(), None, date("2026-12-01"), None).expect("builds");
        assert_eq!(file.offerings.len(), 1);
        let offering = &file.offerings[0];
        assert_eq!(offering.id, "azure/vm/brazilsouth/standard_d4as_v7");
        type Row<'a> = (&'a str, Option<&'a str>, Option<Decimal>, Option<Decimal>);
        let rows: Vec<Row<'_>> = offering
            .prices
            .iter()
            .map(|s| (s.purchase_option.as_str(), s.payment.map(Payment::as_str), s.unit_price, s.upfront))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("on_demand", None, Some(dec!(0.2)), None),
                // 1505 ÷ (12 × 730) = 0.17180365296… → 0.1718036530
                ("reserved_1y", Some("no_upfront"), Some(dec!(0.171803653)), None),
                ("reserved_1y", Some("all_upfront"), Some(dec!(0)), Some(dec!(1505.0))),
                ("reserved_1y", Some("no_upfront"), Some(dec!(0.154471)), None),
                // 2908 ÷ (36 × 730) = 0.11065449010… → 0.1106544901
                ("reserved_3y", Some("no_upfront"), Some(dec!(0.1106544901)), None),
                ("reserved_3y", Some("all_upfront"), Some(dec!(0)), Some(dec!(2908.0))),
                ("reserved_3y", Some("no_upfront"), Some(dec!(0.1032142)), None),
            ]
        );
        assert_eq!(offering.prices[3].commitment, Some(Commitment::ComputeSavingsPlan));
        assert_eq!(offering.prices[2].commitment, None, "a reservation is a plain one");
        assert_eq!(offering.prices[1].commitment, None, "paid monthly, still a plain reservation");
        let monthly = offering.prices[1].provenance.as_ref().expect("provenance");
        assert_eq!(monthly.basis, crate::catalog::Basis::Derived);
        assert!(monthly
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("1505 (the whole 1 Year term) ÷ (12 months × 730 h)"));
        assert_eq!(
            offering.prices[2].provenance.as_ref().map(|p| p.basis),
            Some(crate::catalog::Basis::VendorList)
        );
        assert_eq!(offering.provenance.price_date, Some(date("2025-11-01")));
        assert_eq!(offering.provenance.retrieved, date("2026-12-01"));
        assert!(offering.provenance.source_url.starts_with(
            "https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview&%24filter="
        ));
    }

    #[test]
    fn spot_windows_and_other_regions_are_left_out_unless_selected() {
        let windows = item("Consumption", "0.5", "").replace("Dasv7 Series", "Dasv7 Series Windows");
        let spot =
            item("Consumption", "0.05", "").replace(r#""skuName":"D4as v7""#, r#""skuName":"D4as v7 Spot""#);
        let elsewhere = item("Consumption", "0.3", "").replace("brazilsouth", "eastus");
        let page = format!("[{windows},{spot},{elsewhere}]");
        let page = parse_page(page.as_bytes(), "copy").expect("an array of items parses");
        let file = price_file(&page.items, &selection(), None, date("2026-12-01"), None).expect("builds");
        assert!(file.offerings.is_empty(), "{:?}", file.offerings);
        let mut with_spot = selection();
        with_spot.spot = true;
        let file = price_file(&page.items, &with_spot, None, date("2026-12-01"), None).expect("builds");
        assert_eq!(file.offerings[0].prices[0].purchase_option, PurchaseOption::Spot);
    }

    #[test]
    fn a_wrong_schema_is_named_by_its_path() {
        let error = parse_page(br#"{"items": []}"#, "page").expect_err("Items is required");
        assert!(error.to_string().contains("missing field `Items`"), "{error}");
        let bad = format!("[{}]", item("Consumption", "\"x\"", ""));
        let error = parse_page(bad.as_bytes(), "page").expect_err("x is no price");
        assert!(error.to_string().contains("[0].unitPrice"), "{error}");
        let error = parse_page(br#"{"Items": [{"currencyCode": "USD""#, "page").expect_err("cut short");
        assert!(error.to_string().contains("truncated"), "{error}");
    }

    #[test]
    fn the_filter_names_service_region_skus_and_price_types() {
        let mut s = selection();
        s.skus.push("Standard_D2s_v5".into());
        assert_eq!(
            filter(&s, "eastus", &s.skus),
            "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and (armSkuName eq 'Standard_D4as_v7' or armSkuName eq 'Standard_D2s_v5') and (priceType eq 'Consumption' or priceType eq 'Reservation')"
        );
    }
}
