//! Tencent Cloud CVM API `DescribeZoneInstanceConfigInfos` → `pricing-data/cloud/tencent.json`.
//!
//! One signed POST (TC3-HMAC-SHA256, see [`tc3`]) per selected region and charge type to
//! `https://cvm.tencentcloudapi.com/` (China site, CNY) or `https://cvm.intl.tencentcloudapi.com/`
//! (international site, USD), `Version 2017-03-12`, filtered by the region's zones, the selected
//! instance families (and types) and `instance-charge-type`. Credentials come from the environment
//! (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, the names Tencent's own CLI and SDKs read),
//! are checked before any request, and are never logged, put in a URL or written.
//!
//! Each answer's `InstanceTypeQuotaSet[]` entry carries a `Price` (`ItemPrice`). The API answers with
//! the caller's discount applied in the `*Discount*` fields; only the list figures are read:
//!
//! | entry | schedule |
//! |---|---|
//! | `POSTPAID_BY_HOUR`, `Price.UnitPrice` > 0, `ChargeUnit` `HOUR` | `on_demand`, `usage`, per `hour` |
//! | `PREPAID`, `Price.OriginalPrice` > 0 (one month) | `monthly_subscription`, per `month` |
//! | `PREPAID`, `Price.OriginalPriceOneYear` / `ThreeYear` > 0 | `reserved_1y` / `reserved_3y`, `all_upfront`, `upfront` = the figure |
//!
//! A zero or missing figure is no price (never a free one). Per region, instance type and charge
//! type the first zone of the selection's list that sells it (`Status` `SELL`) gives the price; the
//! note names the zone. The API gives no price date: `price_date` stays unknown, `retrieved` is the
//! run's date. China-site prices are taken as including 6 % VAT; international ones are net of tax.
//!
//! Merging is Azure's: produced schedules replace the same purchase choice of the same offering
//! (`tencent/cvm/<region>/<instance type, lower case>`), nothing else is touched.

use super::http::Post;
use super::sign::{credentials_from_env, hmac_sha256, sha256_hex, Credentials};
use super::{vendor_provenance, Context, ImportError, Imported, Importer, Location};
use crate::catalog::{
    Billing, Offering, Payment, PriceFile, PriceSchedule, PurchaseOption, Specs, Tax, Unit,
};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// The China site's CVM endpoint.
pub const CHINA_URL: &str = "https://cvm.tencentcloudapi.com/";
/// The international site's CVM endpoint.
pub const INTL_URL: &str = "https://cvm.intl.tencentcloudapi.com/";
pub const ACTION: &str = "DescribeZoneInstanceConfigInfos";
pub const VERSION: &str = "2017-03-12";
/// The service in the credential scope (the endpoint's first label).
pub const SERVICE: &str = "cvm";
pub const CONTENT_TYPE: &str = "application/json; charset=utf-8";
pub const ID_VAR: &str = "TENCENTCLOUD_SECRET_ID";
pub const KEY_VAR: &str = "TENCENTCLOUD_SECRET_KEY";
/// The API's documentation page, cited in the file header.
pub const DOC_URL: &str = "https://www.tencentcloud.com/document/api/213/33254";

const FORMAT: &str = "Tencent Cloud DescribeZoneInstanceConfigInfos response";

pub const HELP: &str = "\
Tencent Cloud CVM price API → cloud/tencent.json (instance prices per region and instance type).

Calls DescribeZoneInstanceConfigInfos (CVM API 2017-03-12) with signed requests (TC3-HMAC-SHA256) on
https://cvm.tencentcloudapi.com/ (China site, CNY, taken as including 6 % VAT) or
https://cvm.intl.tencentcloudapi.com/ (international site, USD, net of tax), one request per region and
charge type. Credentials from the environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY
(a CAM key allowed cvm:DescribeZoneInstanceConfigInfos); never logged or written. With --from: another
base URL (a mirror, a mock; still signed), or a local file holding one saved response (no credentials).

Selection file (default <data dir>/import/tencent.selection.json):
  {
    \"output\": \"cloud/tencent.json\",          the file written (merged into when it exists)
    \"site\": \"china\",                         china (CNY) or intl (USD): the endpoint and currency
    \"regions\": {\"ap-guangzhou\": [\"ap-guangzhou-3\", \"ap-guangzhou-6\"]},
                                             region → zones, in order of preference: the first zone
                                             that sells a type gives its price
    \"families\": [\"S5\"],                      InstanceFamily values (at least one)
    \"instance_types\": [\"S5.MEDIUM8\", …],     only these types (empty: every type of the families)
    \"charge_types\": [\"POSTPAID_BY_HOUR\", \"PREPAID\"],
    \"include_sold_out\": false                types not on sale (Status other than SELL) too
  }
POSTPAID_BY_HOUR Price.UnitPrice → on_demand per hour; PREPAID Price.OriginalPrice → monthly_subscription;
PREPAID OriginalPriceOneYear/ThreeYear → reserved_1y/3y all_upfront. List prices only: the discounted
fields (DiscountPrice, UnitPriceDiscount: the caller's account discount) are never stored.
Offerings and schedules the run does not produce are kept (an import never deletes).";

/// `pricing-data/import/tencent.selection.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default = "default_output")]
    pub output: String,
    pub site: Site,
    pub regions: BTreeMap<String, Vec<String>>,
    pub families: Vec<String>,
    #[serde(default)]
    pub instance_types: Vec<String>,
    #[serde(default = "default_charge_types")]
    pub charge_types: Vec<String>,
    #[serde(default)]
    pub include_sold_out: bool,
}

use super::site::NewVm;
pub use super::site::Site;

/// The site's endpoint.
pub fn site_url(site: Site) -> &'static str {
    site.pick(CHINA_URL, INTL_URL)
}

fn site_tax(site: Site) -> Tax {
    site.tax(site.pick("cvm.tencentcloudapi.com", "cvm.intl.tencentcloudapi.com"))
}

fn default_output() -> String {
    "cloud/tencent.json".into()
}
fn default_charge_types() -> Vec<String> {
    vec!["POSTPAID_BY_HOUR".into(), "PREPAID".into()]
}

fn plain(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl Selection {
    fn check(&self) -> Result<(), String> {
        if self.regions.is_empty() {
            return Err("regions: name at least one region with its zones".into());
        }
        for (region, zones) in &self.regions {
            if !plain(region) {
                return Err(format!("regions: `{region}` is not a Tencent region name"));
            }
            if zones.is_empty() {
                return Err(format!("regions.{region}: name at least one zone"));
            }
            if let Some(zone) = zones.iter().find(|z| !z.starts_with(&format!("{region}-")) || !plain(z)) {
                return Err(format!("regions.{region}: `{zone}` is not a zone of {region}"));
            }
        }
        if self.families.is_empty() {
            return Err("families: name at least one InstanceFamily".into());
        }
        for (field, values) in [("families", &self.families), ("instance_types", &self.instance_types)] {
            if let Some((i, bad)) = values.iter().enumerate().find(|(_, v)| !plain(v)) {
                return Err(format!("{field}[{i}]: `{bad}` has characters no Tencent name has"));
            }
        }
        if self.charge_types.is_empty() {
            return Err("charge_types: name POSTPAID_BY_HOUR, PREPAID or both".into());
        }
        for (i, kind) in self.charge_types.iter().enumerate() {
            if !matches!(kind.as_str(), "POSTPAID_BY_HOUR" | "PREPAID") {
                return Err(format!("charge_types[{i}]: `{kind}` (POSTPAID_BY_HOUR or PREPAID)"));
            }
        }
        Ok(())
    }

    fn wants_type(&self, quota: &Quota) -> bool {
        self.families.contains(&quota.instance_family)
            && (self.instance_types.is_empty() || self.instance_types.contains(&quota.instance_type))
    }
}

/// TC3-HMAC-SHA256, as Tencent's "Signature v3" documents it: a canonical request
/// (method, URI `/`, query, the signed headers `content-type;host`, hex SHA-256 of the payload), a
/// string to sign naming the algorithm, the timestamp and the credential scope `<UTC date>/<service>/
/// tc3_request`, and a key derived by HMAC-SHA256 chained over `"TC3" + key`, the date, the service and
/// `tc3_request`.
pub mod tc3 {
    use super::{hmac_sha256, sha256_hex};

    pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
    pub const SIGNED_HEADERS: &str = "content-type;host";

    /// The UTC date of a Unix timestamp, `YYYY-MM-DD` (the credential scope's date).
    pub fn date(timestamp: i64) -> String {
        chrono::DateTime::from_timestamp(timestamp, 0)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "1970-01-01".into())
    }

    /// The canonical request of a POST to `/` with no query string.
    pub fn canonical_request(content_type: &str, host: &str, payload: &[u8]) -> String {
        format!(
            "POST\n/\n\ncontent-type:{}\nhost:{}\n\n{SIGNED_HEADERS}\n{}",
            content_type.trim().to_ascii_lowercase(),
            host.trim().to_ascii_lowercase(),
            sha256_hex(payload)
        )
    }

    pub fn string_to_sign(timestamp: i64, service: &str, canonical_request: &str) -> String {
        format!(
            "{ALGORITHM}\n{timestamp}\n{}/{service}/tc3_request\n{}",
            date(timestamp),
            sha256_hex(canonical_request.as_bytes())
        )
    }

    /// The hex signature of `string_to_sign`.
    pub fn signature(secret_key: &str, timestamp: i64, service: &str, string_to_sign: &str) -> String {
        let secret_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), date(timestamp).as_bytes());
        let secret_service = hmac_sha256(&secret_date, service.as_bytes());
        let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
        hex::encode(hmac_sha256(&secret_signing, string_to_sign.as_bytes()))
    }

    /// The `Authorization` header value.
    #[allow(clippy::too_many_arguments)]
    pub fn authorization(
        secret_id: &str,
        secret_key: &str,
        service: &str,
        host: &str,
        content_type: &str,
        payload: &[u8],
        timestamp: i64,
    ) -> String {
        let canonical = canonical_request(content_type, host, payload);
        let to_sign = string_to_sign(timestamp, service, &canonical);
        let signature = signature(secret_key, timestamp, service, &to_sign);
        format!(
            "{ALGORITHM} Credential={secret_id}/{}/{service}/tc3_request, SignedHeaders={SIGNED_HEADERS}, Signature={signature}",
            date(timestamp)
        )
    }
}

/// The JSON body of one request.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct RequestBody {
    filters: Vec<Filter>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Filter {
    name: &'static str,
    values: Vec<String>,
}

/// The request body for one region and charge type.
pub fn request_body(selection: &Selection, zones: &[String], charge_type: &str) -> Vec<u8> {
    let mut filters = vec![
        Filter { name: "zone", values: zones.to_vec() },
        Filter { name: "instance-family", values: selection.families.clone() },
        Filter { name: "instance-charge-type", values: vec![charge_type.to_string()] },
    ];
    if !selection.instance_types.is_empty() {
        filters.push(Filter { name: "instance-type", values: selection.instance_types.clone() });
    }
    serde_json::to_vec(&RequestBody { filters }).unwrap_or_default()
}

/// `host[:port]` of a URL, as the Host header (and the signature) carry it.
fn host_of(url: &str) -> Result<String, ImportError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| ImportError::Config(format!("{url}: {e}")))?;
    let host = parsed.host_str().ok_or_else(|| ImportError::Config(format!("{url}: no host")))?;
    Ok(match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// The signed request for `body` to `url` in `region` at `timestamp`.
pub fn signed_post(
    url: &str,
    region: &str,
    body: Vec<u8>,
    credentials: &Credentials,
    timestamp: i64,
) -> Result<Post, ImportError> {
    let host = host_of(url)?;
    let authorization = tc3::authorization(
        &credentials.id,
        credentials.secret.expose(),
        SERVICE,
        &host,
        CONTENT_TYPE,
        &body,
        timestamp,
    );
    let headers = vec![
        ("Authorization".to_string(), authorization),
        ("Content-Type".to_string(), CONTENT_TYPE.to_string()),
        ("Host".to_string(), host),
        ("X-TC-Action".to_string(), ACTION.to_string()),
        ("X-TC-Timestamp".to_string(), timestamp.to_string()),
        ("X-TC-Version".to_string(), VERSION.to_string()),
        ("X-TC-Region".to_string(), region.to_string()),
    ];
    Ok(Post { headers, body })
}

/// The answer: `{"Response": {…}}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Envelope {
    pub response: ResponseBody,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResponseBody {
    #[serde(default)]
    pub instance_type_quota_set: Option<Vec<Quota>>,
    #[serde(default)]
    pub error: Option<ApiError>,
    #[serde(default)]
    pub request_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiError {
    pub code: String,
    #[serde(default)]
    pub message: String,
}

/// One `InstanceTypeQuotaItem` (the fields read; others are ignored).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Quota {
    pub zone: String,
    pub instance_type: String,
    pub instance_family: String,
    #[serde(default)]
    pub type_name: Option<String>,
    pub instance_charge_type: String,
    #[serde(default)]
    pub cpu: Option<u32>,
    #[serde(default, deserialize_with = "decimal")]
    pub memory: Option<Decimal>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub price: Option<ItemPrice>,
}

/// `ItemPrice`: list and discounted figures; only the list ones are read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemPrice {
    #[serde(default, deserialize_with = "decimal")]
    pub unit_price: Option<Decimal>,
    #[serde(default)]
    pub charge_unit: Option<String>,
    #[serde(default, deserialize_with = "decimal")]
    pub original_price: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal")]
    pub discount: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal")]
    pub unit_price_second_step: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal")]
    pub unit_price_third_step: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal")]
    pub original_price_one_year: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal")]
    pub original_price_three_year: Option<Decimal>,
}

/// A JSON number, numeric string or null as a `Decimal`, through the number's shortest decimal text.
fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let text = match &value {
        serde_json::Value::Null => return Ok(None),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => return Err(serde::de::Error::custom(format!("expected a number, found {other}"))),
    };
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map(|d| Some(d.normalize()))
        .map_err(|e| serde::de::Error::custom(format!("`{text}` is not a decimal: {e}")))
}

/// Parses one answer: its `InstanceTypeQuotaSet`, or the API's `Error` as a clear error naming its code.
pub fn parse_response(bytes: &[u8], source_name: &str) -> Result<Vec<Quota>, ImportError> {
    let bad = |detail: String| ImportError::format(source_name, FORMAT, detail);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let envelope: Envelope = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_eof() {
            bad(format!("the JSON ends early (truncated): {inner}"))
        } else if path == "." {
            bad(inner.to_string())
        } else {
            bad(format!("{path}: {inner}"))
        }
    })?;
    let response = envelope.response;
    if let Some(error) = response.error {
        return Err(ImportError::Upstream {
            url: source_name.to_string(),
            detail: format!(
                "Tencent Cloud API error {}: {} (RequestId {})",
                error.code,
                error.message,
                response.request_id.as_deref().unwrap_or("none")
            ),
        });
    }
    response
        .instance_type_quota_set
        .ok_or_else(|| bad("Response: missing field `InstanceTypeQuotaSet` (and no `Error`)".into()))
}

fn positive(value: Option<Decimal>) -> Option<Decimal> {
    value.filter(|v| *v > Decimal::ZERO)
}

fn schedule(option: PurchaseOption, billing: Billing, unit: Unit) -> PriceSchedule {
    PriceSchedule {
        purchase_option: option,
        payment: None,
        commitment: None,
        billing,
        currency: None,
        unit,
        unit_price: None,
        base_fee: None,
        included_quantity: None,
        block_size: None,
        tier_mode: None,
        tiers: Vec::new(),
        upfront: None,
        term_months: None,
        min_quantity: None,
        max_quantity: None,
        provenance: None,
        tax: None,
        includes: Vec::new(),
        included_power_kw: None,
        range: None,
    }
}

/// The schedules of one quota entry, each with the note on where its figure came from.
fn schedules_of(quota: &Quota, currency: &str) -> Vec<(PriceSchedule, String)> {
    let Some(price) = &quota.price else { return Vec::new() };
    let origin = format!(
        "Tencent Cloud CVM API {ACTION} ({VERSION}), zone {}, {} {}",
        quota.zone, quota.instance_type, quota.instance_charge_type
    );
    let discount = price
        .discount
        .filter(|d| *d > Decimal::ZERO && *d != Decimal::ONE_HUNDRED)
        .map(|d| format!("; the caller's Discount ({d} %) and the discounted fields are not used"))
        .unwrap_or_default();
    let mut out = Vec::new();
    match quota.instance_charge_type.as_str() {
        "POSTPAID_BY_HOUR" => {
            let hourly = price.charge_unit.as_deref().is_some_and(|u| u.eq_ignore_ascii_case("HOUR"));
            if let (true, Some(unit_price)) = (hourly, positive(price.unit_price)) {
                let steps = match (positive(price.unit_price_second_step), positive(price.unit_price_third_step)) {
                    (None, None) => String::new(),
                    (second, third) => format!(
                        "; later hourly steps (UnitPriceSecondStep {}, UnitPriceThirdStep {}) are not modelled: the first-step rate is stored",
                        second.map(|d| d.to_string()).unwrap_or_else(|| "none".into()),
                        third.map(|d| d.to_string()).unwrap_or_else(|| "none".into())
                    ),
                };
                let mut s = schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::Hour);
                s.unit_price = Some(unit_price);
                let note = format!("{origin}: Price.UnitPrice {unit_price} {currency} per HOUR, the list price{steps}{discount}");
                out.push((s, note));
            }
        }
        "PREPAID" => {
            if let Some(month) = positive(price.original_price) {
                let mut s = schedule(PurchaseOption::MonthlySubscription, Billing::Monthly, Unit::Month);
                s.unit_price = Some(month);
                let note = format!("{origin}: Price.OriginalPrice {month} {currency} for one month, the list price{discount}");
                out.push((s, note));
            }
            for (figure, option, months, field) in [
                (price.original_price_one_year, PurchaseOption::Reserved1y, 12, "OriginalPriceOneYear"),
                (price.original_price_three_year, PurchaseOption::Reserved3y, 36, "OriginalPriceThreeYear"),
            ] {
                if let Some(total) = positive(figure) {
                    let mut s = schedule(option, Billing::Monthly, Unit::Hour);
                    s.payment = Some(Payment::AllUpfront);
                    s.unit_price = Some(Decimal::ZERO);
                    s.upfront = Some(total);
                    s.term_months = Some(months);
                    let note = format!("{origin}: Price.{field} {total} {currency} paid up front for {months} months, the list price{discount}");
                    out.push((s, note));
                }
            }
        }
        _ => {}
    }
    out
}

/// Offering id of a region and instance type: `tencent/cvm/ap-guangzhou/s5.medium8`.
pub fn offering_id(region: &str, instance_type: &str) -> String {
    format!("tencent/cvm/{}/{}", region.to_lowercase(), instance_type.to_lowercase())
}

fn source_url(site: Site, region: &str, quota: &Quota) -> String {
    format!(
        "{}?Action={ACTION}&Version={VERSION}&Region={region}&Zone={}&InstanceType={}&InstanceChargeType={}",
        site_url(site),
        quota.zone,
        quota.instance_type,
        quota.instance_charge_type
    )
}

/// The region a zone belongs to in the selection, and the zone's place in its preference list.
fn place(selection: &Selection, zone: &str) -> Option<(String, usize)> {
    selection
        .regions
        .iter()
        .find_map(|(region, zones)| zones.iter().position(|z| z == zone).map(|i| (region.clone(), i)))
}

/// What the quota entries give for `selection`, merged into `existing` (or into a new file).
pub fn price_file(
    quotas: &[Quota],
    selection: &Selection,
    existing: Option<PriceFile>,
    retrieved: NaiveDate,
    copy_note: Option<&str>,
) -> Result<PriceFile, String> {
    selection.check()?;
    let site = selection.site;
    let currency = Currency::from_str(site.currency()).map_err(|e| e.to_string())?;
    // (region, type, charge type) → the entry of the most preferred zone that sells it.
    let mut chosen: BTreeMap<(String, String, String), (usize, &Quota)> = BTreeMap::new();
    for quota in quotas {
        let Some((region, rank)) = place(selection, &quota.zone) else { continue };
        let on_sale = quota.status.as_deref() == Some("SELL");
        if !selection.wants_type(quota)
            || !selection.charge_types.contains(&quota.instance_charge_type)
            || (!on_sale && !selection.include_sold_out)
            || schedules_of(quota, site.currency()).is_empty()
        {
            continue;
        }
        let key = (region, quota.instance_type.clone(), quota.instance_charge_type.clone());
        let better = chosen.get(&key).is_none_or(|(held, _)| rank < *held);
        if better {
            chosen.insert(key, (rank, quota));
        }
    }

    let mut file = existing.unwrap_or_else(|| PriceFile {
        schema: Some("../schema/price-file.schema.json".into()),
        title: "Tencent Cloud: CVM instances (DescribeZoneInstanceConfigInfos)".into(),
        publisher: "Tencent Cloud (CVM API)".into(),
        currency: currency.clone(),
        reviewed: retrieved,
        source: DOC_URL.into(),
        tax: Some(site_tax(site)),
        notes: None,
        offerings: Vec::new(),
        pue_presets: Vec::new(),
    });
    let site_tax = site_tax(site);
    let same_tax =
        file.tax.as_ref().is_some_and(|t| t.included == site_tax.included && t.rate == site_tax.rate);

    // (region, type) → produced schedules, in charge-type order.
    let mut produced: BTreeMap<(String, String), (Vec<PriceSchedule>, &Quota)> = BTreeMap::new();
    for ((region, instance_type, _), (_, quota)) in chosen {
        let url = source_url(site, &region, quota);
        let entry = produced.entry((region.clone(), instance_type)).or_insert_with(|| (Vec::new(), quota));
        for (mut s, note) in schedules_of(quota, site.currency()) {
            let note = match copy_note {
                Some(copy) => format!("{note}. {copy}."),
                None => format!("{note}."),
            };
            s.provenance = Some(vendor_provenance(&url, None, retrieved, Some(note)));
            s.currency = Some(currency.clone());
            if !same_tax {
                s.tax = Some(site_tax.clone());
            }
            entry.0.push(s);
        }
    }

    let mut new_offerings: Vec<Offering> = Vec::new();
    for ((region, instance_type), (schedules, quota)) in produced {
        let id = offering_id(&region, &instance_type);
        if let Some(existing) = file.offerings.iter_mut().find(|o| o.id == id) {
            super::merge::merge_schedules(existing, schedules);
            continue;
        }
        let offering = NewVm {
            id,
            name: format!("Tencent Cloud CVM {instance_type} ({region})"),
            provider: "tencent",
            region: &region,
            site,
            description: quota.type_name.clone(),
            specs: Specs { vcpu: quota.cpu, memory_gib: quota.memory, ..Specs::default() },
            provenance: vendor_provenance(DOC_URL, None, retrieved, None),
        };
        new_offerings.push(offering.with(schedules));
    }
    file.offerings.extend(new_offerings);
    Ok(file)
}

/// The `tencent` importer.
pub struct Tencent;

impl Importer for Tencent {
    fn name(&self) -> &'static str {
        "tencent"
    }

    fn default_url(&self) -> &'static str {
        CHINA_URL
    }

    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError> {
        let selection: Selection = ctx.checked_selection(Selection::check)?;
        let vendor_url = site_url(selection.site);
        let (quotas, source_name) = match ctx.upstream(vendor_url) {
            Location::File(path) => {
                let (bytes, name) = ctx.read_local(path)?;
                (parse_response(&bytes, &name)?, name)
            }
            Location::Url(base) => {
                let credentials = credentials_from_env("tencent", ID_VAR, KEY_VAR)?;
                (fetch_all(ctx, &base, &selection, &credentials)?, base)
            }
        };
        let existing = ctx.existing_prices(&selection.output)?;
        let copy_note = ctx.copy_note(vendor_url);
        let file = price_file(&quotas, &selection, existing, ctx.retrieved(), copy_note.as_deref())
            .map_err(|detail| ImportError::format(&source_name, FORMAT, detail))?;
        Ok(Imported::prices(&selection.output, file))
    }
}

/// Every quota entry of every (region, charge type) request, each request signed as it is sent.
fn fetch_all(
    ctx: &mut Context<'_>,
    base: &str,
    selection: &Selection,
    credentials: &Credentials,
) -> Result<Vec<Quota>, ImportError> {
    let mut quotas = Vec::new();
    for (region, zones) in &selection.regions {
        for charge_type in &selection.charge_types {
            let body = request_body(selection, zones, charge_type);
            let timestamp = ctx.signing_time().timestamp();
            let post = signed_post(base, region, body, credentials, timestamp)?;
            ctx.progress().log(&format!("{base}: {ACTION} {region} {charge_type}"));
            let bytes = ctx.post(base, &post)?;
            quotas.extend(parse_response(&bytes, &format!("{base} ({ACTION} {region} {charge_type})"))?);
        }
    }
    Ok(quotas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// Tencent's published example (Signature v3 doc, DescribeInstances on cvm.tencentcloudapi.com at
    /// 1551113065): every intermediate value and the signature as the doc prints them.
    #[test]
    fn tc3_matches_tencent_s_published_example() {
        let payload =
            br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        let canonical = tc3::canonical_request(CONTENT_TYPE, "cvm.tencentcloudapi.com", payload);
        assert_eq!(
            canonical,
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        let to_sign = tc3::string_to_sign(1551113065, "cvm", &canonical);
        assert_eq!(
            to_sign,
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        let authorization = tc3::authorization(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
            "Gu5t9xGARNpq86cd98joQYCN3*******",
            "cvm",
            "cvm.tencentcloudapi.com",
            CONTENT_TYPE,
            payload,
            1551113065,
        );
        assert_eq!(
            authorization,
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        );
    }

    fn selection() -> Selection {
        Selection {
            output: default_output(),
            site: Site::China,
            regions: BTreeMap::from([(
                "ap-guangzhou".into(),
                vec!["ap-guangzhou-3".into(), "ap-guangzhou-6".into()],
            )]),
            families: vec!["S5".into()],
            instance_types: vec![],
            charge_types: default_charge_types(),
            include_sold_out: false,
        }
    }

    fn quota(zone: &str, charge: &str, status: &str, price: &str) -> String {
        format!(
            r#"{{"Status":"{status}","Zone":"{zone}","NetworkCard":0,"Price":{price},"InstanceFamily":"S5","Externals":{{}},
            "InstanceType":"S5.MEDIUM8","TypeName":"Standard S5","InstanceChargeType":"{charge}","Memory":8,"LocalDiskTypeList":[],
            "Cpu":2,"SoldOutReason":"","StorageBlockAmount":0,"CpuType":"Intel Xeon Cascade Lake 8255C","InstancePps":30,
            "InstanceBandwidth":1.5,"Gpu":0,"Fpga":0,"Remark":""}}"#
        )
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn list_prices_become_schedules_never_the_discounted_ones() {
        let body = format!(
            r#"{{"Response":{{"InstanceTypeQuotaSet":[{},{},{}],"RequestId":"r"}}}}"#,
            quota(
                "ap-guangzhou-6",
                "POSTPAID_BY_HOUR",
                "SELL",
                r#"{"UnitPrice":0.61,"ChargeUnit":"HOUR","UnitPriceDiscount":0.49,"Discount":80.0}"#
            ),
            quota(
                "ap-guangzhou-3",
                "POSTPAID_BY_HOUR",
                "SELL",
                r#"{"UnitPrice":0.6,"ChargeUnit":"HOUR","UnitPriceDiscount":0.48,"Discount":80.0,"UnitPriceSecondStep":0.0}"#
            ),
            quota(
                "ap-guangzhou-3",
                "PREPAID",
                "SELL",
                r#"{"OriginalPrice":250.0,"DiscountPrice":200.0,"Discount":80.0,"OriginalPriceOneYear":2550.0,"DiscountPriceOneYear":2040.0,"OriginalPriceThreeYear":0.0,"ChargeUnit":null}"#
            ),
        );
        let quotas = parse_response(body.as_bytes(), "answer").expect("parses");
        let file = price_file(&quotas, &selection(), None, date("2026-12-01"), None).expect("builds");
        assert_eq!(file.offerings.len(), 1);
        let offering = &file.offerings[0];
        assert_eq!(offering.id, "tencent/cvm/ap-guangzhou/s5.medium8");
        let rows: Vec<_> = offering
            .prices
            .iter()
            .map(|s| (s.purchase_option.as_str(), s.unit_price, s.upfront, s.term_months))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("on_demand", Some(dec!(0.6)), None, None),
                ("reserved_1y", Some(dec!(0)), Some(dec!(2550)), Some(12)),
                ("monthly_subscription", Some(dec!(250)), None, None),
            ],
            "the preferred zone ap-guangzhou-3 wins; a zero three-year figure is no price"
        );
        assert_eq!(offering.provenance.price_date, None, "the API gives no price date");
        let note = offering.provenance.note.as_deref().unwrap_or_default();
        assert!(note.contains("zone ap-guangzhou-3") && note.contains("Discount (80 %)"), "{note}");
        assert_eq!(file.tax.as_ref().and_then(|t| t.rate), Some(dec!(0.06)));
    }

    #[test]
    fn sold_out_other_families_and_zero_prices_are_left_out() {
        let body = format!(
            r#"{{"Response":{{"InstanceTypeQuotaSet":[{},{},{}],"RequestId":"r"}}}}"#,
            quota(
                "ap-guangzhou-3",
                "POSTPAID_BY_HOUR",
                "SOLD_OUT",
                r#"{"UnitPrice":0.6,"ChargeUnit":"HOUR"}"#
            ),
            quota("ap-guangzhou-3", "POSTPAID_BY_HOUR", "SELL", r#"{"UnitPrice":0.0,"ChargeUnit":"HOUR"}"#),
            quota("ap-guangzhou-3", "POSTPAID_BY_HOUR", "SELL", r#"{"UnitPrice":0.7,"ChargeUnit":"HOUR"}"#)
                .replace(r#""InstanceFamily":"S5""#, r#""InstanceFamily":"SA5""#),
        );
        let quotas = parse_response(body.as_bytes(), "answer").expect("parses");
        let file = price_file(&quotas, &selection(), None, date("2026-12-01"), None).expect("builds");
        assert!(file.offerings.is_empty(), "{:?}", file.offerings);
    }

    #[test]
    fn an_api_error_names_its_code_and_a_wrong_schema_its_path() {
        let error = parse_response(
            br#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"b1"}}"#,
            "answer",
        )
        .expect_err("an error answer");
        assert!(error.to_string().contains("AuthFailure.SignatureFailure"), "{error}");
        let error = parse_response(br#"{"Response":{"InstanceTypeQuotaSet":[{"Zone":1}]}}"#, "answer")
            .expect_err("bad");
        assert!(error.to_string().contains("InstanceTypeQuotaSet[0].Zone"), "{error}");
        let error = parse_response(br#"{"Response":{"RequestId":"x"}}"#, "answer").expect_err("empty");
        assert!(error.to_string().contains("InstanceTypeQuotaSet"), "{error}");
    }

    #[test]
    fn the_request_filters_zones_families_and_charge_type() {
        let s = selection();
        let body = request_body(&s, &s.regions["ap-guangzhou"], "PREPAID");
        assert_eq!(
            String::from_utf8(body).expect("utf-8"),
            r#"{"Filters":[{"Name":"zone","Values":["ap-guangzhou-3","ap-guangzhou-6"]},{"Name":"instance-family","Values":["S5"]},{"Name":"instance-charge-type","Values":["PREPAID"]}]}"#
        );
    }
}
