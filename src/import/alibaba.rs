//! Alibaba Cloud BSS OpenAPI `QuerySkuPriceList` → `pricing-data/cloud/alibaba.json` (ECS instance
//! types, pay-as-you-go hourly list prices).
//!
//! One signed (ACS3-HMAC-SHA256, see [`acs3`]) RPC-style GET per page, its parameters in the query
//! string (as the vendor's Go SDK sends this API: `position:"Query"`, `requests.GET`), to
//! `https://business.aliyuncs.com/` (China site, CNY, `CommodityCode` `ecs`) or
//! `https://business.ap-southeast-1.aliyuncs.com/` (international site, USD, `ecs_intl`), version
//! `2017-12-14`, `PriceEntityCode` `instance_type`, `PageSize` 50, following `NextPageToken` until it
//! is empty, filtered by `PriceFactorConditionMap` (regions, instance types, OS; a JSON object of
//! lists, the SDKs' `json` shrink style). Credentials from the environment
//! (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, the names Alibaba's CLI and SDKs
//! read), checked before any request.
//!
//! Each `SkuPriceList[]` entry names its factors in `SkuFactorMap` (`vm_region_no`, `instance_type`,
//! `vm_os_kind`) and carries `CskuPriceList[]` prices as strings. These are list prices (the API is the
//! price list, not an account's quote). `PriceType` `hourPrice` becomes `on_demand` per hour; other
//! price types are not mapped (not documented with an example). `price_date` stays unknown.
//!
//! Errors come back as HTTP 4xx with `{"RequestId", "HostId", "Code", "Message", "Recommend"}`
//! (`SignatureDoesNotMatch`, `InvalidAccessKeyId.NotFound`, …), or as a 200 with `Success` false:
//! both become errors naming the code. The nonce (`x-acs-signature-nonce`) differs per request; under
//! `--signing-time` it is derived from that time and the page, so a replay signs the same bytes.

use super::http::Post;
use super::sign::{credentials_from_env, hmac_sha256, sha256_hex, Credentials};
use super::{vendor_provenance, Context, ImportError, Imported, Importer, Location};
use crate::catalog::{Billing, Offering, PriceFile, PriceSchedule, PurchaseOption, Tax, Unit};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

pub const CHINA_URL: &str = "https://business.aliyuncs.com/";
pub const INTL_URL: &str = "https://business.ap-southeast-1.aliyuncs.com/";
pub const ACTION: &str = "QuerySkuPriceList";
pub const VERSION: &str = "2017-12-14";
pub const ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
pub const KEY_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
pub const DOC_URL: &str =
    "https://www.alibabacloud.com/help/en/user-center/developer-reference/api-bssopenapi-2017-12-14-queryskupricelist";
pub const PAGE_SIZE: u32 = 50;
const MAX_PAGES: usize = 2000;
const FORMAT: &str = "Alibaba Cloud QuerySkuPriceList response";

pub const HELP: &str = "\
Alibaba Cloud BSS OpenAPI QuerySkuPriceList → cloud/alibaba.json (ECS instance types, hourly list prices).

Signed GET requests (ACS3-HMAC-SHA256) to https://business.aliyuncs.com/ (China site, CNY, CommodityCode ecs,
taken as including 6 % VAT) or https://business.ap-southeast-1.aliyuncs.com/ (international, USD,
ecs_intl, net of tax), PriceEntityCode instance_type, 50 SKUs a page, NextPageToken followed. Credentials
from the environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (a RAM key allowed
bss:DescribeProduct); never logged or written. With --from: another base URL (still signed), or a local
file holding one saved response page (no credentials).

Selection file (default <data dir>/import/alibaba.selection.json):
  {
    \"output\": \"cloud/alibaba.json\",     the file written (merged into when it exists)
    \"site\": \"china\",                    china (CNY, ecs) or intl (USD, ecs_intl)
    \"regions\": [\"cn-hangzhou\"],          vm_region_no values
    \"instance_types\": [\"ecs.g7.large\"],  instance_type values
    \"os\": \"linux\"                       vm_os_kind
  }
CskuPriceList PriceType hourPrice → on_demand per hour (Price, a string). Other price types are not mapped.
Offerings and schedules the run does not produce are kept (an import never deletes).";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default = "default_output")]
    pub output: String,
    pub site: Site,
    pub regions: Vec<String>,
    pub instance_types: Vec<String>,
    #[serde(default = "default_os")]
    pub os: String,
}

fn default_output() -> String {
    "cloud/alibaba.json".into()
}
fn default_os() -> String {
    "linux".into()
}

use super::site::NewVm;
pub use super::site::Site;

/// The site's endpoint.
pub fn site_url(site: Site) -> &'static str {
    site.pick(CHINA_URL, INTL_URL)
}

fn site_tax(site: Site) -> Tax {
    site.tax(site.pick("business.aliyuncs.com", "business.ap-southeast-1.aliyuncs.com"))
}
/// The site's ECS commodity code.
fn commodity(site: Site) -> &'static str {
    site.pick("ecs", "ecs_intl")
}

fn plain(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl Selection {
    fn check(&self) -> Result<(), String> {
        for (field, values) in [("regions", &self.regions), ("instance_types", &self.instance_types)] {
            if values.is_empty() {
                return Err(format!("{field}: name at least one"));
            }
            if let Some((i, bad)) = values.iter().enumerate().find(|(_, v)| !plain(v)) {
                return Err(format!("{field}[{i}]: `{bad}` has characters no Alibaba name has"));
            }
        }
        if !plain(&self.os) {
            return Err(format!("os: `{}`", self.os));
        }
        Ok(())
    }
}

/// ACS3-HMAC-SHA256, as Alibaba Cloud's "V3 request structure and signature" documents it: a canonical
/// request (method, URI `/`, the sorted RFC 3986-encoded query, the lowercase `host`, `x-acs-*` and
/// `content-type` headers sorted, their names, the hex SHA-256 of the body), a string to sign naming
/// the algorithm and the canonical request's hex SHA-256, and its HMAC-SHA256 under the secret.
pub mod acs3 {
    use super::{hmac_sha256, sha256_hex};
    use std::collections::BTreeMap;

    pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

    /// RFC 3986 percent-encoding: unreserved characters stay, every other byte is `%XX`.
    pub fn percent_encode(text: &str) -> String {
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

    /// `k=v&…`, encoded, sorted by encoded name.
    pub fn canonical_query(params: &BTreeMap<String, String>) -> String {
        let mut pairs: Vec<(String, String)> =
            params.iter().map(|(k, v)| (percent_encode(k), percent_encode(v))).collect();
        pairs.sort();
        pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }

    /// The signed headers (lowercase name → value) joined by `;`.
    pub fn signed_headers(headers: &BTreeMap<String, String>) -> String {
        headers.keys().cloned().collect::<Vec<_>>().join(";")
    }

    pub fn canonical_request(
        method: &str,
        params: &BTreeMap<String, String>,
        headers: &BTreeMap<String, String>,
        payload: &[u8],
    ) -> String {
        let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{}\n", v.trim())).collect();
        format!(
            "{method}\n/\n{}\n{canonical_headers}\n{}\n{}",
            canonical_query(params),
            signed_headers(headers),
            sha256_hex(payload)
        )
    }

    pub fn authorization(
        access_key_id: &str,
        secret: &str,
        method: &str,
        params: &BTreeMap<String, String>,
        headers: &BTreeMap<String, String>,
        payload: &[u8],
    ) -> String {
        let canonical = canonical_request(method, params, headers, payload);
        let to_sign = format!("{ALGORITHM}\n{}", sha256_hex(canonical.as_bytes()));
        let signature = hex::encode(hmac_sha256(secret.as_bytes(), to_sign.as_bytes()));
        format!(
            "{ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={signature}",
            signed_headers(headers)
        )
    }
}

/// The query parameters of one page.
pub fn params(selection: &Selection, token: Option<&str>) -> BTreeMap<String, String> {
    let conditions = serde_json::json!({
        "vm_region_no": selection.regions,
        "instance_type": selection.instance_types,
        "vm_os_kind": [selection.os],
    });
    let mut params = BTreeMap::from([
        ("CommodityCode".to_string(), commodity(selection.site).to_string()),
        ("PriceEntityCode".to_string(), "instance_type".to_string()),
        ("PageSize".to_string(), PAGE_SIZE.to_string()),
        ("Lang".to_string(), "en".to_string()),
        ("PriceFactorConditionMap".to_string(), conditions.to_string()),
    ]);
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        params.insert("NextPageToken".to_string(), token.to_string());
    }
    params
}

/// The signed GET for one page (parameters in the query, no body): its URL and its headers.
pub fn signed_request(
    base: &str,
    params: &BTreeMap<String, String>,
    credentials: &Credentials,
    at: chrono::DateTime<chrono::Utc>,
    nonce: &str,
) -> Result<(String, Post), ImportError> {
    let url = reqwest::Url::parse(base).map_err(|e| ImportError::Config(format!("{base}: {e}")))?;
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        (None, _) => return Err(ImportError::Config(format!("{base}: no host"))),
    };
    let headers = BTreeMap::from([
        ("host".to_string(), host),
        ("x-acs-action".to_string(), ACTION.to_string()),
        ("x-acs-content-sha256".to_string(), sha256_hex(b"")),
        ("x-acs-date".to_string(), at.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        ("x-acs-signature-nonce".to_string(), nonce.to_string()),
        ("x-acs-version".to_string(), VERSION.to_string()),
    ]);
    let authorization =
        acs3::authorization(&credentials.id, credentials.secret.expose(), "GET", params, &headers, b"");
    let mut sent: Vec<(String, String)> = headers.into_iter().collect();
    sent.push(("authorization".to_string(), authorization));
    let full = format!("{}?{}", base.trim_end_matches('?'), acs3::canonical_query(params));
    Ok((full, Post { headers: sent, body: Vec::new() }))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Response {
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub success: Option<bool>,
    #[serde(default)]
    pub data: Option<Data>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Data {
    pub sku_price_page: SkuPricePage,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SkuPricePage {
    #[serde(default)]
    pub next_page_token: Option<String>,
    #[serde(default)]
    pub total_count: Option<u64>,
    pub sku_price_list: Vec<Sku>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Sku {
    pub sku_code: String,
    pub sku_factor_map: BTreeMap<String, String>,
    pub csku_price_list: Vec<CskuPrice>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CskuPrice {
    #[serde(default)]
    pub csku_code: Option<String>,
    pub currency: String,
    /// A string, e.g. `"0.523"`.
    pub price: String,
    #[serde(default)]
    pub price_mode: Option<String>,
    pub price_type: String,
    #[serde(default)]
    pub price_unit: Option<String>,
    #[serde(default)]
    pub usage_unit: Option<String>,
}

/// One page: its SKUs and the next token; an unsuccessful answer as an error naming its code.
pub fn parse_page(bytes: &[u8], source_name: &str) -> Result<SkuPricePage, ImportError> {
    let bad = |detail: String| ImportError::format(source_name, FORMAT, detail);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let response: Response = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
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
    if response.success == Some(false) || (response.data.is_none() && response.code.is_some()) {
        return Err(ImportError::Upstream {
            url: source_name.to_string(),
            detail: format!(
                "Alibaba Cloud API error {}: {} (RequestId {})",
                response.code.as_deref().unwrap_or("unknown"),
                response.message.as_deref().unwrap_or(""),
                response.request_id.as_deref().unwrap_or("none")
            ),
        });
    }
    response.data.map(|d| d.sku_price_page).ok_or_else(|| bad("missing field `Data`".into()))
}

pub fn offering_id(region: &str, instance_type: &str) -> String {
    format!("alibaba/ecs/{}/{}", region.to_lowercase(), instance_type.to_lowercase())
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
    let site = selection.site;
    let currency = Currency::from_str(site.currency()).map_err(|e| e.to_string())?;
    // (region, type) → (price, sku code, csku code); the smallest SkuCode wins when several match.
    let mut found: BTreeMap<(String, String), (Decimal, String, String)> = BTreeMap::new();
    for sku in skus {
        let factor = |k: &str| sku.sku_factor_map.get(k).map(String::as_str).unwrap_or("");
        let (region, kind) = (factor("vm_region_no"), factor("instance_type"));
        let os_ok = sku.sku_factor_map.get("vm_os_kind").is_none_or(|os| *os == selection.os);
        if !os_ok
            || !selection.regions.iter().any(|r| r == region)
            || !selection.instance_types.iter().any(|t| t == kind)
        {
            continue;
        }
        for csku in sku.csku_price_list.iter().filter(|c| c.price_type == "hourPrice") {
            if csku.currency != site.currency() {
                return Err(format!(
                    "SKU {}: price in {}, the {:?} site is {}",
                    sku.sku_code,
                    csku.currency,
                    site,
                    site.currency()
                ));
            }
            let price = Decimal::from_str(csku.price.trim())
                .map_err(|e| format!("SKU {}: Price `{}` is not a decimal: {e}", sku.sku_code, csku.price))?
                .normalize();
            if price <= Decimal::ZERO {
                continue;
            }
            let key = (region.to_string(), kind.to_string());
            let better = found.get(&key).is_none_or(|(_, held, _)| sku.sku_code < *held);
            if better {
                found.insert(key, (price, sku.sku_code.clone(), csku.csku_code.clone().unwrap_or_default()));
            }
        }
    }

    let mut file = existing.unwrap_or_else(|| PriceFile {
        schema: Some("../schema/price-file.schema.json".into()),
        title: "Alibaba Cloud: ECS instances (QuerySkuPriceList)".into(),
        publisher: "Alibaba Cloud (BSS OpenAPI)".into(),
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
    let mut new: Vec<Offering> = Vec::new();
    let mut seen = BTreeSet::new();
    for ((region, kind), (price, sku_code, csku_code)) in found {
        let id = offering_id(&region, &kind);
        seen.insert(id.clone());
        let url =
            format!("{DOC_URL}#CommodityCode={}&vm_region_no={region}&instance_type={kind}", commodity(site));
        let mut note = format!(
            "Alibaba Cloud BSS {ACTION} ({VERSION}), CommodityCode {}, SkuCode {sku_code}{}: PriceType hourPrice, Price \"{price}\" {} per hour, the list price",
            commodity(site),
            if csku_code.is_empty() { String::new() } else { format!(", CskuCode {csku_code}") },
            site.currency()
        );
        note.push_str(&copy_note.map(|c| format!(". {c}.")).unwrap_or_else(|| ".".into()));
        let mut schedule = PriceSchedule {
            purchase_option: PurchaseOption::OnDemand,
            payment: None,
            commitment: None,
            billing: Billing::Usage,
            currency: Some(currency.clone()),
            unit: Unit::Hour,
            unit_price: Some(price),
            base_fee: None,
            included_quantity: None,
            block_size: None,
            tier_mode: None,
            tiers: Vec::new(),
            upfront: None,
            term_months: None,
            min_quantity: None,
            max_quantity: None,
            provenance: Some(vendor_provenance(&url, None, retrieved, Some(note))),
            tax: None,
            includes: Vec::new(),
            included_power_kw: None,
            range: None,
        };
        if !same_tax {
            schedule.tax = Some(site_tax.clone());
        }
        if let Some(existing) = file.offerings.iter_mut().find(|o| o.id == id) {
            super::merge::merge_schedules(existing, vec![schedule]);
            continue;
        }
        let offering = NewVm {
            id,
            name: format!("Alibaba Cloud ECS {kind} ({region})"),
            provider: "alibaba",
            region: &region,
            site,
            description: None,
            specs: Default::default(),
            provenance: vendor_provenance(DOC_URL, None, retrieved, None),
        };
        new.push(offering.with(vec![schedule]));
    }
    file.offerings.extend(new);
    Ok(file)
}

pub struct Alibaba;

impl Importer for Alibaba {
    fn name(&self) -> &'static str {
        "alibaba"
    }

    fn default_url(&self) -> &'static str {
        CHINA_URL
    }

    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError> {
        let selection: Selection = ctx.checked_selection(Selection::check)?;
        let vendor_url = site_url(selection.site);
        let (skus, source_name) = match ctx.upstream(vendor_url) {
            Location::File(path) => {
                let (bytes, name) = ctx.read_local(path)?;
                (parse_page(&bytes, &name)?.sku_price_list, name)
            }
            Location::Url(base) => {
                let credentials = credentials_from_env("alibaba", ID_VAR, KEY_VAR)?;
                (fetch_all(ctx, &base, &selection, &credentials)?, base)
            }
        };
        let existing = ctx.existing_prices(&selection.output)?;
        let copy_note = ctx.copy_note(vendor_url);
        let file = price_file(&skus, &selection, existing, ctx.retrieved(), copy_note.as_deref())
            .map_err(|detail| ImportError::format(&source_name, FORMAT, detail))?;
        Ok(Imported::prices(&selection.output, file))
    }
}

fn fetch_all(
    ctx: &mut Context<'_>,
    base: &str,
    selection: &Selection,
    credentials: &Credentials,
) -> Result<Vec<Sku>, ImportError> {
    let mut skus = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens = BTreeSet::new();
    let fixed_time = ctx.options().signing_time.is_some();
    for page in 0..MAX_PAGES {
        let at = ctx.signing_time();
        let nonce = nonce(at, page, token.as_deref(), fixed_time);
        let (url, call) =
            signed_request(base, &params(selection, token.as_deref()), credentials, at, &nonce)?;
        let what = format!("{base} ({ACTION} page {})", page + 1);
        ctx.progress().log(&what);
        let bytes = ctx.signed_get(&url, &call).map_err(|e| vendor_error(e, &what))?;
        let page = parse_page(&bytes, &what)?;
        skus.extend(page.sku_price_list);
        match page.next_page_token.filter(|t| !t.is_empty()) {
            None => return Ok(skus),
            Some(next) => {
                if !tokens.insert(next.clone()) {
                    return Err(ImportError::format(base, FORMAT, "NextPageToken repeats"));
                }
                token = Some(next);
            }
        }
    }
    Err(ImportError::format(base, FORMAT, "pages never end"))
}

/// `x-acs-signature-nonce`: 32 hex digits, different for every request of a run (the API refuses a
/// reused one). With `--signing-time` (`fixed_time`) it depends only on that time, the page and its
/// token, so a replay signs the same bytes; otherwise the clock's nanoseconds and the process id make
/// it unique across runs too.
pub fn nonce(
    at: chrono::DateTime<chrono::Utc>,
    page: usize,
    token: Option<&str>,
    fixed_time: bool,
) -> String {
    let salt = if fixed_time {
        String::new()
    } else {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        format!(":{nanos}:{}", std::process::id())
    };
    let digest = sha256_hex(format!("{}:{page}:{}{salt}", at.timestamp(), token.unwrap_or("")).as_bytes());
    digest.get(..32).unwrap_or(&digest).to_string()
}

/// The value of `"name": "…"` in a JSON text that may be cut short (an error excerpt).
fn json_field(text: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\"");
    let rest = text.get(text.find(&key)? + key.len()..)?.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.extend(chars.next()),
            c => value.push(c),
        }
    }
    (!value.is_empty()).then(|| format!("{value}…"))
}

/// An HTTP error answer in Alibaba's shape (`Code`, `Message`, `RequestId`) as an error naming the
/// code; any other error as it is.
fn vendor_error(error: ImportError, what: &str) -> ImportError {
    match error {
        ImportError::Status { status, excerpt, url } => match json_field(&excerpt, "Code") {
            Some(code) => ImportError::Upstream {
                url: what.to_string(),
                detail: format!(
                    "Alibaba Cloud API error {code}: {} (HTTP {status}, RequestId {})",
                    json_field(&excerpt, "Message").unwrap_or_default(),
                    json_field(&excerpt, "RequestId").unwrap_or_else(|| "none".into())
                ),
            },
            None => ImportError::Status { status, excerpt, url },
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Alibaba's published V3 example ("V3 request structure and signature",
    /// https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature:
    /// RunInstances on ecs.cn-shanghai.aliyuncs.com, 2023-10-26T10:22:32Z, nonce 3156853299f3…):
    /// the canonical request, its hash and the signature as the document prints them.
    #[test]
    fn acs3_matches_alibaba_s_published_example() {
        let params = BTreeMap::from([
            ("ImageId".to_string(), "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".to_string()),
            ("RegionId".to_string(), "cn-shanghai".to_string()),
        ]);
        let headers = BTreeMap::from([
            ("host".to_string(), "ecs.cn-shanghai.aliyuncs.com".to_string()),
            ("x-acs-action".to_string(), "RunInstances".to_string()),
            ("x-acs-content-sha256".to_string(), sha256_hex(b"")),
            ("x-acs-date".to_string(), "2023-10-26T10:22:32Z".to_string()),
            ("x-acs-signature-nonce".to_string(), "3156853299f313e23d1673dc12e1703d".to_string()),
            ("x-acs-version".to_string(), "2014-05-26".to_string()),
        ]);
        let canonical = acs3::canonical_request("POST", &params, &headers, b"");
        assert_eq!(
            canonical,
            "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(canonical.as_bytes()),
            "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
            "the document's HashedCanonicalRequest"
        );
        assert_eq!(
            acs3::authorization("YourAccessKeyId", "YourAccessKeySecret", "POST", &params, &headers, b""),
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        assert_eq!(acs3::percent_encode("a b*c~d/é+="), "a%20b%2Ac~d%2F%C3%A9%2B%3D");
    }

    #[test]
    fn an_unsuccessful_answer_names_its_code() {
        let error = parse_page(
            br#"{"RequestId":"r","Code":"NotAuthorized","Message":"no permission","Success":false}"#,
            "answer",
        )
        .expect_err("an error");
        assert!(error.to_string().contains("Alibaba Cloud API error NotAuthorized"), "{error}");
    }

    #[test]
    fn a_page_request_is_a_signed_get_with_the_selection_in_the_query() {
        let selection = Selection {
            output: default_output(),
            site: Site::China,
            regions: vec!["cn-hangzhou".into()],
            instance_types: vec!["ecs.g7.large".into()],
            os: default_os(),
        };
        let credentials = Credentials { id: "AKID".into(), secret: super::super::sign::Secret::new("s") };
        let at = chrono::DateTime::from_timestamp(1796126400, 0).expect("time");
        let (url, call) = signed_request(
            "https://business.aliyuncs.com/",
            &params(&selection, Some("t 2")),
            &credentials,
            at,
            "n",
        )
        .expect("signed");
        assert_eq!(
            url,
            "https://business.aliyuncs.com/?CommodityCode=ecs&Lang=en&NextPageToken=t%202&PageSize=50&PriceEntityCode=instance_type&PriceFactorConditionMap=%7B%22vm_region_no%22%3A%5B%22cn-hangzhou%22%5D%2C%22instance_type%22%3A%5B%22ecs.g7.large%22%5D%2C%22vm_os_kind%22%3A%5B%22linux%22%5D%7D"
        );
        assert!(call.body.is_empty());
        let header = |name: &str| call.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(header("x-acs-date"), Some("2026-12-01T12:00:00Z"));
        assert_eq!(header("x-acs-action"), Some(ACTION));
        assert!(header("authorization").is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256 Credential=AKID,")));
        // Deterministic under --signing-time, different per page; unique otherwise.
        assert_eq!(nonce(at, 0, None, true), nonce(at, 0, None, true));
        assert_ne!(nonce(at, 0, None, true), nonce(at, 1, Some("t"), true));
        assert_eq!(nonce(at, 0, None, true).len(), 32);
        assert_ne!(nonce(at, 0, None, false), nonce(at, 0, None, false));
    }

    #[test]
    fn an_http_error_in_alibaba_s_shape_names_its_code_even_when_cut_short() {
        let error = vendor_error(
            ImportError::Status {
                url: "u".into(),
                status: 400,
                excerpt: r#"{ "RequestId": "R1", "HostId": "business.aliyuncs.com", "Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calc"#.into(),
            },
            "page 1",
        );
        assert_eq!(
            error.to_string(),
            "page 1: Alibaba Cloud API error SignatureDoesNotMatch: Specified signature is not matched with our calc… (HTTP 400, RequestId R1)"
        );
        let other = vendor_error(
            ImportError::Status { url: "u".into(), status: 502, excerpt: "bad gateway".into() },
            "p",
        );
        assert_eq!(other.to_string(), "u: HTTP 502: bad gateway");
    }
}
