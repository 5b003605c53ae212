//! Huawei Cloud BSS `ListOnDemandResourceRatings` → `pricing-data/cloud/huawei.json`.
//!
//! Huawei has no bulk price listing: the price API prices an explicit list of products. The selection
//! file therefore enumerates regions × ECS flavours; each becomes one `DemandProductInfo`
//! (`cloud_service_type` `hws.service.type.ec2`, `resource_type` `hws.resource.type.vm`,
//! `resource_spec` `<flavour>.linux`, `usage_factor` `Duration`, `usage_value` 1, `usage_measure_id` 4 =
//! hour, `subscription_num` 1), and they are sent in batches of at most [`BATCH`] products per signed
//! `POST /v2/bills/ratings/on-demand-resources` to `https://bss.myhuaweicloud.com` (China site, CNY) or
//! `https://bss-intl.myhuaweicloud.com` (international site, USD).
//!
//! Credentials come from the environment, under the names Huawei's SDKs read
//! (`EnvCredentialHelper` of huaweicloud-sdk-python-v3 and its Go/Java siblings): `HUAWEICLOUD_SDK_AK`,
//! `HUAWEICLOUD_SDK_SK` and `HUAWEICLOUD_SDK_PROJECT_ID` (the body's required `project_id`: any valid
//! project of the account, unrelated to the priced region, so it is not committed in the selection).
//! They are checked before any request and never logged, put in a URL or written.
//!
//! Requests are signed with SDK-HMAC-SHA256 ([`sdk_hmac`]). Each answer's
//! `product_rating_results[]` entry carries `official_website_amount` (the list price, 官网价) beside
//! `amount` and `discount_amount` (the account's price after its discounts): only
//! `official_website_amount` is read. The entry's `id` is the request's, `<region>/<flavour>`, which is
//! how an answer (also a saved one, `--from answer.json`) maps back to an offering
//! `huawei/ecs/<region>/<flavour>`. A zero or missing figure is no price. `measure_id` 1 = yuan (the
//! currency's unit; 2 = jiao and 3 = fen are scaled). The API states no price date: `price_date` stays
//! unknown, `retrieved` is the run's date. China-site prices are taken as including 6 % VAT
//! (an empty `currency` means CNY, as the API reference says); international ones as USD net of tax.
//!
//! Merging is Tencent's: the produced on-demand schedule replaces the same purchase choice of the same
//! offering, nothing else is touched.

use super::http::Post;
use super::sign::{credentials_from_env, hmac_sha256, sha256_hex, Credentials};
use super::{vendor_provenance, Context, ImportError, Imported, Importer, Location};
use crate::catalog::{Billing, Offering, PriceFile, PriceSchedule, PurchaseOption, Specs, Tax, Unit};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// The China site's BSS endpoint ("全局Endpoint，中国站所有区域均可使用").
pub const CHINA_URL: &str = "https://bss.myhuaweicloud.com";
/// The international site's BSS endpoint.
pub const INTL_URL: &str = "https://bss-intl.myhuaweicloud.com";
pub const PATH: &str = "/v2/bills/ratings/on-demand-resources";
pub const ACTION: &str = "ListOnDemandResourceRatings";
pub const CONTENT_TYPE: &str = "application/json";
pub const AK_VAR: &str = "HUAWEICLOUD_SDK_AK";
pub const SK_VAR: &str = "HUAWEICLOUD_SDK_SK";
pub const PROJECT_VAR: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// At most this many products per request.
pub const BATCH: usize = 100;
/// The API's documentation page ("查询按需产品价格"), cited as every figure's source.
pub const DOC_URL: &str = "https://support.huaweicloud.com/api-oce/bcloud_01001.html";

const FORMAT: &str = "Huawei Cloud ListOnDemandResourceRatings response";
const SERVICE_TYPE: &str = "hws.service.type.ec2";
const RESOURCE_TYPE: &str = "hws.resource.type.vm";
/// `usage_measure_id` 4 = hour.
const HOUR: u32 = 4;

pub const HELP: &str = "\
Huawei Cloud BSS price API → cloud/huawei.json (ECS on-demand prices per region and flavour).

Calls ListOnDemandResourceRatings (POST /v2/bills/ratings/on-demand-resources) with signed requests
(SDK-HMAC-SHA256) on https://bss.myhuaweicloud.com (China site, CNY, taken as including 6 % VAT) or
https://bss-intl.myhuaweicloud.com (international site, USD, net of tax). Huawei has no bulk price list:
the API prices the products it is sent, so the selection file lists every region and flavour, and they
are sent in batches of at most 100 products per request (each priced for 1 hour, Linux). Credentials
from the environment, the names Huawei's SDKs read: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (an
AK/SK allowed the BSS price inquiry) and HUAWEICLOUD_SDK_PROJECT_ID (any valid project id of the
account, sent as the body's required project_id; it need not be in the priced region); never logged
or written. With --from: another base URL (a mirror, a mock; still signed), or a local file holding one
saved response (no credentials; its product ids must be <region>/<flavour> as this importer sends them).

Selection file (default <data dir>/import/huawei.selection.json):
  {
    \"output\": \"cloud/huawei.json\",          the file written (merged into when it exists)
    \"site\": \"china\",                         china (CNY) or intl (USD): the endpoint and currency
    \"regions\": {\"cn-north-4\": [\"s6.large.4\", \"s6.xlarge.4\"]}
                                             region → ECS flavour ids: every pair is priced
  }
official_website_amount (the list price) → on_demand per hour, offering huawei/ecs/<region>/<flavour>.
List prices only: amount and discount_amount (the caller's account price) are never stored.
Offerings and schedules the run does not produce are kept (an import never deletes).";

/// `pricing-data/import/huawei.selection.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default = "default_output")]
    pub output: String,
    pub site: Site,
    pub regions: BTreeMap<String, Vec<String>>,
}

use super::site::NewVm;
pub use super::site::Site;

/// The site's endpoint.
pub fn site_url(site: Site) -> &'static str {
    site.pick(CHINA_URL, INTL_URL)
}

fn site_tax(site: Site) -> Tax {
    site.tax(site.pick("bss.myhuaweicloud.com", "bss-intl.myhuaweicloud.com"))
}

fn default_output() -> String {
    "cloud/huawei.json".into()
}

fn plain(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl Selection {
    fn check(&self) -> Result<(), String> {
        if self.regions.is_empty() {
            return Err("regions: name at least one region with its flavours".into());
        }
        for (region, flavours) in &self.regions {
            if !plain(region) {
                return Err(format!("regions: `{region}` is not a Huawei region name"));
            }
            if flavours.is_empty() {
                return Err(format!("regions.{region}: name at least one flavour"));
            }
            if let Some((i, bad)) = flavours.iter().enumerate().find(|(_, f)| !plain(f)) {
                return Err(format!("regions.{region}[{i}]: `{bad}` has characters no flavour id has"));
            }
            if let Some(bad) = flavours.iter().find(|f| f.ends_with(".linux") || f.ends_with(".win")) {
                return Err(format!(
                    "regions.{region}: `{bad}`: give the flavour id alone (`.linux` is added)"
                ));
            }
            for (i, f) in flavours.iter().enumerate() {
                if flavours[..i].contains(f) {
                    return Err(format!("regions.{region}: `{f}` is listed twice"));
                }
            }
        }
        Ok(())
    }

    /// Every (region, flavour) pair, regions in name order, flavours as listed.
    pub fn products(&self) -> Vec<(String, String)> {
        self.regions
            .iter()
            .flat_map(|(region, flavours)| flavours.iter().map(move |f| (region.clone(), f.clone())))
            .collect()
    }
}

/// SDK-HMAC-SHA256, Huawei's AK/SK signature ("API签名指南"; `core/auth/signer` of the SDKs): a
/// canonical request (method, the URI with each segment percent-encoded and a trailing `/`, the sorted
/// query, the signed headers lower-cased `name:value` lines, their names joined by `;`, the hex SHA-256
/// of the body), the string to sign `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical
/// request>`, and its HMAC-SHA256 under the SK itself (no derived key), in hex.
pub mod sdk_hmac {
    use super::{hmac_sha256, sha256_hex};

    pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
    /// The headers this importer signs.
    pub const SIGNED_HEADERS: &str = "content-type;host;x-sdk-date";

    /// `X-Sdk-Date` of a Unix timestamp: `YYYYMMDDTHHMMSSZ` (UTC).
    pub fn date(timestamp: i64) -> String {
        chrono::DateTime::from_timestamp(timestamp, 0)
            .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_else(|| "19700101T000000Z".into())
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters.
    pub fn escape(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    }

    /// The canonical URI: each segment escaped, always ending with `/`.
    pub fn canonical_uri(path: &str) -> String {
        let uri = path.split('/').map(escape).collect::<Vec<_>>().join("/");
        if uri.ends_with('/') {
            uri
        } else {
            format!("{uri}/")
        }
    }

    /// The canonical request. `headers` are the signed ones, `(lower-case name, value)`, in name order.
    pub fn canonical_request(
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        payload: &[u8],
    ) -> String {
        let mut pairs: Vec<(String, String)> = query.iter().map(|(k, v)| (escape(k), escape(v))).collect();
        pairs.sort();
        let query = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let lines: String =
            headers.iter().map(|(name, value)| format!("{name}:{}\n", value.trim())).collect();
        let names = headers.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(";");
        format!(
            "{}\n{}\n{query}\n{lines}\n{names}\n{}",
            method.to_ascii_uppercase(),
            canonical_uri(path),
            sha256_hex(payload)
        )
    }

    pub fn string_to_sign(date: &str, canonical_request: &str) -> String {
        format!("{ALGORITHM}\n{date}\n{}", sha256_hex(canonical_request.as_bytes()))
    }

    /// The hex signature of `string_to_sign` under the secret key.
    pub fn signature(secret_key: &str, string_to_sign: &str) -> String {
        hex::encode(hmac_sha256(secret_key.as_bytes(), string_to_sign.as_bytes()))
    }

    pub fn authorization(access_key: &str, signed_headers: &str, signature: &str) -> String {
        format!("{ALGORITHM} Access={access_key}, SignedHeaders={signed_headers}, Signature={signature}")
    }
}

/// `RateOnDemandReq`.
#[derive(Debug, Serialize)]
struct RequestBody<'a> {
    project_id: &'a str,
    inquiry_precision: u32,
    product_infos: Vec<ProductInfo>,
}

/// `DemandProductInfo`.
#[derive(Debug, Serialize)]
struct ProductInfo {
    id: String,
    cloud_service_type: &'static str,
    resource_type: &'static str,
    resource_spec: String,
    region: String,
    usage_factor: &'static str,
    usage_value: u32,
    usage_measure_id: u32,
    subscription_num: u32,
}

/// The request id of a product: `<region>/<flavour>` (unique in a request, echoed in the answer).
pub fn product_id(region: &str, flavour: &str) -> String {
    format!("{region}/{flavour}")
}

/// The request body for one batch of (region, flavour) pairs.
pub fn request_body(project_id: &str, batch: &[(String, String)]) -> Vec<u8> {
    let product_infos = batch
        .iter()
        .map(|(region, flavour)| ProductInfo {
            id: product_id(region, flavour),
            cloud_service_type: SERVICE_TYPE,
            resource_type: RESOURCE_TYPE,
            resource_spec: format!("{flavour}.linux"),
            region: region.clone(),
            usage_factor: "Duration",
            usage_value: 1,
            usage_measure_id: HOUR,
            subscription_num: 1,
        })
        .collect();
    // Precision 1: up to 10 decimals, the figure as priced.
    serde_json::to_vec(&RequestBody { project_id, inquiry_precision: 1, product_infos }).unwrap_or_default()
}

/// The signed request for `body` to `url` at `timestamp`.
pub fn signed_post(
    url: &str,
    body: Vec<u8>,
    credentials: &Credentials,
    timestamp: i64,
) -> Result<Post, ImportError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| ImportError::Config(format!("{url}: {e}")))?;
    let host = parsed.host_str().ok_or_else(|| ImportError::Config(format!("{url}: no host")))?;
    let host = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    let date = sdk_hmac::date(timestamp);
    let canonical = sdk_hmac::canonical_request(
        "POST",
        parsed.path(),
        &[],
        &[("content-type", CONTENT_TYPE), ("host", &host), ("x-sdk-date", &date)],
        &body,
    );
    let signature =
        sdk_hmac::signature(credentials.secret.expose(), &sdk_hmac::string_to_sign(&date, &canonical));
    let headers = vec![
        (
            "Authorization".to_string(),
            sdk_hmac::authorization(&credentials.id, sdk_hmac::SIGNED_HEADERS, &signature),
        ),
        ("Content-Type".to_string(), CONTENT_TYPE.to_string()),
        ("Host".to_string(), host),
        ("X-Sdk-Date".to_string(), date),
    ];
    Ok(Post { headers, body })
}

/// `ListOnDemandResourceRatingsResponse`, or an error answer (`error_code`, `error_msg`).
#[derive(Debug, Deserialize)]
pub struct Answer {
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub measure_id: Option<i64>,
    #[serde(default)]
    pub product_rating_results: Option<Vec<Rating>>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_msg: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
}

/// `DemandProductRatingResult` (the fields read; `amount`, `discount_amount` and the discount
/// details are the account's price and are not read).
#[derive(Debug, Clone, Deserialize)]
pub struct Rating {
    pub id: String,
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default, deserialize_with = "decimal")]
    pub official_website_amount: Option<Decimal>,
    #[serde(default)]
    pub measure_id: Option<i64>,
}

/// One answer's ratings with the answer's currency and measure.
#[derive(Debug, Clone)]
pub struct Rated {
    pub currency: String,
    pub measure_id: Option<i64>,
    pub ratings: Vec<Rating>,
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

fn vendor_error(
    source_name: &str,
    code: &str,
    message: &str,
    request_id: Option<&str>,
    status: Option<u16>,
) -> ImportError {
    let status = status.map(|s| format!(", HTTP {s}")).unwrap_or_default();
    ImportError::Upstream {
        url: source_name.to_string(),
        detail: format!(
            "Huawei Cloud API error {code}: {message} (request_id {}{status})",
            request_id.unwrap_or("none")
        ),
    }
}

/// A non-2xx answer whose body is Huawei's error JSON, as an error naming its code.
fn status_error(error: ImportError) -> ImportError {
    let ImportError::Status { url, status, excerpt } = &error else { return error };
    match serde_json::from_str::<Answer>(excerpt) {
        Ok(Answer { error_code: Some(code), error_msg, request_id, .. }) => {
            vendor_error(url, &code, error_msg.as_deref().unwrap_or(""), request_id.as_deref(), Some(*status))
        }
        _ => error,
    }
}

/// Parses one answer: its `product_rating_results`, or the API's error as a clear error naming its code.
pub fn parse_response(bytes: &[u8], source_name: &str) -> Result<Rated, ImportError> {
    let bad = |detail: String| ImportError::format(source_name, FORMAT, detail);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let answer: Answer = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
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
    if let Some(code) = answer.error_code.as_deref().filter(|c| *c != "CBC.0000") {
        return Err(vendor_error(
            source_name,
            code,
            answer.error_msg.as_deref().unwrap_or(""),
            answer.request_id.as_deref(),
            None,
        ));
    }
    let ratings = answer
        .product_rating_results
        .ok_or_else(|| bad("missing field `product_rating_results` (and no `error_code`)".into()))?;
    // "值为空代表人民币": an empty currency is CNY.
    let currency = answer.currency.filter(|c| !c.trim().is_empty()).unwrap_or_else(|| "CNY".into());
    Ok(Rated { currency, measure_id: answer.measure_id, ratings })
}

/// The amount in the currency's unit: `measure_id` 1 = yuan (dollar), 2 = jiao, 3 = fen.
fn in_units(amount: Decimal, measure_id: i64) -> Result<Decimal, String> {
    match measure_id {
        1 => Ok(amount),
        2 => Ok(amount / Decimal::TEN),
        3 => Ok(amount / Decimal::ONE_HUNDRED),
        other => Err(format!("measure_id {other} is not a currency unit (1 yuan, 2 jiao, 3 fen)")),
    }
}

/// vCPUs and memory from a flavour id `<family>.<size>.<memory per vCPU>` (Huawei's naming: `large`
/// 2 vCPUs, `xlarge` 4, `<n>xlarge` 4n, `medium` and `small` 1), when it has that form.
pub fn flavour_specs(flavour: &str) -> Option<(u32, Decimal)> {
    let mut parts = flavour.split('.');
    let (_family, size, ratio) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let vcpu = match size {
        "small" | "medium" => 1,
        "large" => 2,
        "xlarge" => 4,
        other => other.strip_suffix("xlarge")?.parse::<u32>().ok()?.checked_mul(4)?,
    };
    let ratio = Decimal::from_str(ratio).ok().filter(|r| *r > Decimal::ZERO)?;
    Some((vcpu, Decimal::from(vcpu) * ratio))
}

/// Offering id of a region and flavour: `huawei/ecs/cn-north-4/s6.large.4`.
pub fn offering_id(region: &str, flavour: &str) -> String {
    format!("huawei/ecs/{}/{}", region.to_lowercase(), flavour.to_lowercase())
}

fn schedule(unit_price: Decimal) -> PriceSchedule {
    let mut s = super::merge::schedule(PurchaseOption::OnDemand, None, Billing::Usage);
    s.unit = Unit::Hour;
    s.unit_price = Some(unit_price);
    s
}

/// What the answers give for `selection`, merged into `existing` (or into a new file).
pub fn price_file(
    answers: &[Rated],
    selection: &Selection,
    existing: Option<PriceFile>,
    retrieved: NaiveDate,
    copy_note: Option<&str>,
) -> Result<PriceFile, String> {
    selection.check()?;
    let site = selection.site;
    let currency = Currency::from_str(site.currency()).map_err(|e| e.to_string())?;
    let wanted: BTreeMap<String, (String, String)> =
        selection.products().into_iter().map(|(r, f)| (product_id(&r, &f), (r, f))).collect();

    // (region, flavour) → (price, note), in the selection's order.
    let mut produced: BTreeMap<(String, String), (Decimal, String)> = BTreeMap::new();
    for answer in answers {
        if answer.currency != site.currency() {
            return Err(format!(
                "the answer is in `{}`, but the {} site's prices are {} (an empty currency means CNY)",
                answer.currency,
                if site == Site::China { "China" } else { "international" },
                site.currency()
            ));
        }
        for (i, rating) in answer.ratings.iter().enumerate() {
            let Some((region, flavour)) = wanted.get(&rating.id) else { continue };
            let Some(amount) = rating.official_website_amount.filter(|a| *a > Decimal::ZERO) else {
                continue;
            };
            let measure = rating.measure_id.or(answer.measure_id).unwrap_or(1);
            let price = in_units(amount, measure)
                .map_err(|e| format!("product_rating_results[{i}]: {e}"))?
                .normalize();
            let product =
                rating.product_id.as_deref().map(|p| format!(", product_id {p}")).unwrap_or_default();
            let scaled =
                if measure == 1 { String::new() } else { format!(" (measure_id {measure}: {amount})") };
            let note = format!(
                "Huawei Cloud BSS {ACTION} (POST {}{PATH}), region {region}, resource_spec {flavour}.linux, 1 hour (usage_measure_id {HOUR}){product}: official_website_amount {price} {} per hour{scaled}, the list price; the account's amount and discount_amount are not used",
                site_url(site),
                answer.currency
            );
            produced.insert((region.clone(), flavour.clone()), (price, note));
        }
    }

    let mut file = existing.unwrap_or_else(|| PriceFile {
        schema: Some("../schema/price-file.schema.json".into()),
        title: "Huawei Cloud: ECS instances (ListOnDemandResourceRatings)".into(),
        publisher: "Huawei Cloud (BSS API)".into(),
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

    let mut new_offerings: Vec<Offering> = Vec::new();
    for (region, flavour) in selection.products() {
        let Some((price, note)) = produced.remove(&(region.clone(), flavour.clone())) else { continue };
        let mut s = schedule(price);
        let note = match copy_note {
            Some(copy) => format!("{note}. {copy}."),
            None => format!("{note}."),
        };
        s.provenance = Some(vendor_provenance(DOC_URL, None, retrieved, Some(note)));
        s.currency = Some(currency.clone());
        if !same_tax {
            s.tax = Some(site_tax.clone());
        }
        let id = offering_id(&region, &flavour);
        if let Some(existing) = file.offerings.iter_mut().find(|o| o.id == id) {
            super::merge::merge_schedules(existing, vec![s]);
            continue;
        }
        let specs = flavour_specs(&flavour);
        let offering = NewVm {
            id,
            name: format!("Huawei Cloud ECS {flavour} ({region})"),
            provider: "huawei",
            region: &region,
            site,
            description: specs
                .map(|_| "vCPUs and memory read from the flavour id (<family>.<size>.<GiB per vCPU>)".into()),
            specs: Specs {
                vcpu: specs.map(|(v, _)| v),
                memory_gib: specs.map(|(_, m)| m),
                ..Specs::default()
            },
            provenance: vendor_provenance(DOC_URL, None, retrieved, None),
        };
        new_offerings.push(offering.with(vec![s]));
    }
    file.offerings.extend(new_offerings);
    Ok(file)
}

/// The `huawei` importer.
pub struct Huawei;

impl Importer for Huawei {
    fn name(&self) -> &'static str {
        "huawei"
    }

    fn default_url(&self) -> &'static str {
        CHINA_URL
    }

    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError> {
        let selection: Selection = ctx.checked_selection(Selection::check)?;
        let vendor_url = site_url(selection.site);
        let (answers, source_name) = match ctx.upstream(vendor_url) {
            Location::File(path) => {
                let (bytes, name) = ctx.read_local(path)?;
                (vec![parse_response(&bytes, &name)?], name)
            }
            Location::Url(base) => {
                let credentials = credentials_from_env("huawei", AK_VAR, SK_VAR)?;
                let project = project_from_env()?;
                (fetch_all(ctx, &base, &selection, &credentials, &project)?, base)
            }
        };
        let existing = ctx.existing_prices(&selection.output)?;
        let copy_note = ctx.copy_note(vendor_url);
        let file = price_file(&answers, &selection, existing, ctx.retrieved(), copy_note.as_deref())
            .map_err(|detail| ImportError::format(&source_name, FORMAT, detail))?;
        Ok(Imported::prices(&selection.output, file))
    }
}

/// `HUAWEICLOUD_SDK_PROJECT_ID`, checked before any request.
fn project_from_env() -> Result<String, ImportError> {
    match std::env::var(PROJECT_VAR).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        Some(project) if plain(&project) => Ok(project),
        Some(_) => Err(ImportError::Config(format!(
            "huawei: {PROJECT_VAR} is not a project id (letters, digits, `-`, `_` only); nothing was requested"
        ))),
        None => Err(ImportError::Config(format!(
            "huawei: the price API needs a project id: set {PROJECT_VAR} in the environment (any valid project of the account; unset or empty); nothing was requested"
        ))),
    }
}

/// The URL of the price API under `base` (the vendor's endpoint, a mirror or a mock).
pub fn api_url(base: &str) -> String {
    format!("{}{PATH}", base.trim_end_matches('/'))
}

/// Every batch's ratings, each request signed as it is sent.
fn fetch_all(
    ctx: &mut Context<'_>,
    base: &str,
    selection: &Selection,
    credentials: &Credentials,
    project: &str,
) -> Result<Vec<Rated>, ImportError> {
    let url = api_url(base);
    let products = selection.products();
    let batches = products.len().div_ceil(BATCH);
    let mut answers = Vec::new();
    for (n, batch) in products.chunks(BATCH).enumerate() {
        let body = request_body(project, batch);
        let post = signed_post(&url, body, credentials, ctx.signing_time().timestamp())?;
        let label = format!("{ACTION} batch {}/{batches}, {} products", n + 1, batch.len());
        ctx.progress().log(&format!("{url}: {label}"));
        let bytes = ctx.post(&url, &post).map_err(status_error)?;
        answers.push(parse_response(&bytes, &format!("{url} ({label})"))?);
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The fixed vectors of huaweicloud-sdk-go-v3 `core/auth/signer/signer_test.go` (`TestSigner_Sign`:
    /// AK `AccessKey`, SK `SecretKey`, X-Sdk-Date `20060102T150405Z`, only `x-sdk-date` signed).
    #[test]
    fn the_signature_matches_the_sdk_s_published_vectors() {
        let date = "20060102T150405Z";
        // test1: GET /path?limit=1, no body.
        let canonical =
            sdk_hmac::canonical_request("GET", "/path", &[("limit", "1")], &[("x-sdk-date", date)], b"");
        assert_eq!(
            canonical,
            "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let signature = sdk_hmac::signature("SecretKey", &sdk_hmac::string_to_sign(date, &canonical));
        assert_eq!(
            sdk_hmac::authorization("AccessKey", "x-sdk-date", &signature),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
        );
        // test2: POST /path?key=value with the body Go's JSON encoder writes for {Name: "test", Id: 1}.
        let canonical = sdk_hmac::canonical_request(
            "POST",
            "/path",
            &[("key", "value")],
            &[("x-sdk-date", date)],
            b"{\"Name\":\"test\",\"Id\":1}\n",
        );
        assert_eq!(
            sdk_hmac::signature("SecretKey", &sdk_hmac::string_to_sign(date, &canonical)),
            "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
        );
    }

    /// This importer's own request shape, against a value computed independently with python3:
    /// ```text
    /// import hashlib, hmac
    /// body = b'{"project_id":"p1"}'
    /// cr = ("POST\n/v2/bills/ratings/on-demand-resources/\n\ncontent-type:application/json\n"
    ///       "host:bss.myhuaweicloud.com\nx-sdk-date:20261201T120000Z\n\ncontent-type;host;x-sdk-date\n"
    ///       + hashlib.sha256(body).hexdigest())
    /// sts = "SDK-HMAC-SHA256\n20261201T120000Z\n" + hashlib.sha256(cr.encode()).hexdigest()
    /// print(hmac.new(b"testSK", sts.encode(), hashlib.sha256).hexdigest())
    /// ```
    #[test]
    fn a_signed_post_carries_the_signature_python_computes() {
        let credentials =
            Credentials { id: "testAK".into(), secret: super::super::sign::Secret::new("testSK") };
        let post =
            signed_post(&api_url(CHINA_URL), br#"{"project_id":"p1"}"#.to_vec(), &credentials, 1796126400)
                .expect("signed");
        let header = |name: &str| post.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        assert_eq!(header("X-Sdk-Date").as_deref(), Some("20261201T120000Z"));
        assert_eq!(header("Host").as_deref(), Some("bss.myhuaweicloud.com"));
        assert_eq!(
            header("Authorization").as_deref(),
            Some("SDK-HMAC-SHA256 Access=testAK, SignedHeaders=content-type;host;x-sdk-date, Signature=4d2b67a76b790535b8cbff47fb4efe1aa4e0e644d41661a961dd4f3e91340ebb")
        );
    }

    fn selection() -> Selection {
        Selection {
            output: default_output(),
            site: Site::China,
            regions: BTreeMap::from([("cn-north-4".into(), vec!["s6.large.4".into(), "s6.xlarge.4".into()])]),
        }
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_request_lists_every_product_for_one_hour() {
        let body = request_body("p1", &selection().products()[..1]);
        assert_eq!(
            String::from_utf8(body).expect("utf-8"),
            r#"{"project_id":"p1","inquiry_precision":1,"product_infos":[{"id":"cn-north-4/s6.large.4","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"s6.large.4.linux","region":"cn-north-4","usage_factor":"Duration","usage_value":1,"usage_measure_id":4,"subscription_num":1}]}"#
        );
    }

    #[test]
    fn list_prices_become_hourly_schedules_never_the_discounted_ones() {
        let body = br#"{"amount":0.52,"discount_amount":0.13,"official_website_amount":0.65,"measure_id":1,"currency":"",
            "product_rating_results":[
              {"id":"cn-north-4/s6.large.4","product_id":"P1","amount":0.52,"discount_amount":0.13,"official_website_amount":0.65,"measure_id":1,"discount_rating_results":[]},
              {"id":"cn-north-4/s6.xlarge.4","product_id":"P2","amount":0,"discount_amount":0,"official_website_amount":0,"measure_id":1},
              {"id":"cn-east-3/s6.large.4","official_website_amount":0.7,"measure_id":1}
            ]}"#;
        let rated = parse_response(body, "answer").expect("parses");
        assert_eq!(rated.currency, "CNY", "an empty currency is CNY");
        let file = price_file(&[rated], &selection(), None, date("2026-12-01"), None).expect("builds");
        assert_eq!(file.offerings.len(), 1, "a zero figure is no price; an unselected region is skipped");
        let offering = &file.offerings[0];
        assert_eq!(offering.id, "huawei/ecs/cn-north-4/s6.large.4");
        assert_eq!(offering.prices[0].unit_price, Some(dec!(0.65)));
        assert_eq!(offering.prices[0].purchase_option, PurchaseOption::OnDemand);
        assert_eq!(offering.specs.vcpu, Some(2));
        assert_eq!(offering.specs.memory_gib, Some(dec!(8)));
        assert_eq!(offering.provenance.price_date, None);
        assert_eq!(offering.provenance.source_url, DOC_URL);
        let note = offering.provenance.note.as_deref().unwrap_or_default();
        assert!(
            note.contains("official_website_amount 0.65 CNY") && note.contains("product_id P1"),
            "{note}"
        );
        assert!(!note.contains("0.52"), "{note}");
    }

    #[test]
    fn fen_are_scaled_and_other_measures_refused() {
        let body = br#"{"currency":"CNY","product_rating_results":[{"id":"cn-north-4/s6.large.4","official_website_amount":65,"measure_id":3}]}"#;
        let file = price_file(
            &[parse_response(body, "a").expect("parses")],
            &selection(),
            None,
            date("2026-12-01"),
            None,
        )
        .expect("builds");
        assert_eq!(file.offerings[0].prices[0].unit_price, Some(dec!(0.65)));
        let body = br#"{"currency":"CNY","product_rating_results":[{"id":"cn-north-4/s6.large.4","official_website_amount":65,"measure_id":4}]}"#;
        let error = price_file(
            &[parse_response(body, "a").expect("parses")],
            &selection(),
            None,
            date("2026-12-01"),
            None,
        )
        .expect_err("hours are no currency");
        assert!(error.contains("measure_id 4"), "{error}");
        let body = br#"{"currency":"USD","product_rating_results":[]}"#;
        let error = price_file(
            &[parse_response(body, "a").expect("parses")],
            &selection(),
            None,
            date("2026-12-01"),
            None,
        )
        .expect_err("wrong currency");
        assert!(error.contains("`USD`"), "{error}");
    }

    #[test]
    fn an_api_error_names_its_code_and_a_wrong_schema_its_path() {
        let error = parse_response(br#"{"error_code":"CBC.99006006","error_msg":"not found"}"#, "answer")
            .expect_err("an error answer");
        assert!(error.to_string().contains("Huawei Cloud API error CBC.99006006: not found"), "{error}");
        let error = parse_response(br#"{"product_rating_results":[{"id":7}]}"#, "answer").expect_err("bad");
        assert!(error.to_string().contains("product_rating_results[0].id"), "{error}");
        let error = parse_response(br#"{"currency":"CNY"}"#, "answer").expect_err("empty");
        assert!(error.to_string().contains("product_rating_results"), "{error}");
        let status = ImportError::Status {
            url: "u".into(),
            status: 401,
            excerpt: r#"{"error_msg":"Incorrect IAM authentication information","error_code":"APIGW.0301","request_id":"r1"}"#.into(),
        };
        let error = status_error(status).to_string();
        assert!(error.contains("Huawei Cloud API error APIGW.0301") && error.contains("HTTP 401"), "{error}");
    }

    #[test]
    fn flavour_names_give_vcpus_and_memory() {
        assert_eq!(flavour_specs("s6.large.4"), Some((2, dec!(8))));
        assert_eq!(flavour_specs("s6.4xlarge.4"), Some((16, dec!(64))));
        assert_eq!(flavour_specs("c7.2xlarge.2"), Some((8, dec!(16))));
        assert_eq!(flavour_specs("s6.small.1"), Some((1, dec!(1))));
        assert_eq!(flavour_specs("odd"), None);
        assert_eq!(flavour_specs("x.huge.2"), None);
    }

    #[test]
    fn batches_hold_at_most_a_hundred_products() {
        let mut s = selection();
        s.regions.insert("cn-east-3".into(), (0..150).map(|i| format!("t{i}.large.2")).collect());
        let products = s.products();
        assert_eq!(products.len(), 152);
        let sizes: Vec<usize> = products.chunks(BATCH).map(<[_]>::len).collect();
        assert_eq!(sizes, vec![100, 52]);
    }
}
