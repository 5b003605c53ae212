//! Catalogue endpoints: what the price book holds, listings with filters and pages, one offering.

use super::extract::Query;
use super::http_cache::{conditional, conditional_response, Cacheable};
use super::negotiate::{csv_response, negotiate, OutputFormat};
use super::problem::{ApiError, CommonErrors, FieldError, Problem};
use crate::catalog::attributes::OfferingAttributes;
use crate::catalog::query::{self, CatalogStats, Cursor, Filter, Order, QueryError, ReferencePrice};
use crate::catalog::{Basis, Catalog, Category, FileSummary, Market, Offering, PurchaseOption, Unit};
use crate::import::refresh::{RefreshStatus, SourceStatus};
use crate::money::Currency;
use crate::report;
use crate::store::CatalogStore;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

const DEFAULT_PAGE: usize = 50;
const MAX_PAGE: usize = 1000;
const MAX_CSV_PAGE: usize = 1000;

#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogInfo {
    pub catalog_version: String,
    pub stats: CatalogStats,
    /// Every price file with its publisher, source and review date.
    pub sources: Vec<FileSummary>,
    pub fx: FxInfo,
    /// Power usage effectiveness presets usable in on-prem options.
    pub pue_presets: Vec<crate::catalog::PuePreset>,
    /// With `serve --refresh-every`: each configured importer's newest price date, when it last read
    /// its upstream and its last refresh's outcome. Empty when refresh is off.
    pub imports: Vec<SourceStatus>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FxInfo {
    pub base: Currency,
    /// Units of each currency per one base unit, with date and source.
    pub rates: Vec<crate::catalog::FxRate>,
    /// The oldest rate's price date (absent if any rate is undated).
    #[schema(value_type = Option<String>, format = Date)]
    pub price_date: Option<NaiveDate>,
}

/// What the catalogue holds: version, counts by category, provider and basis, price dates, sources, FX.
#[utoipa::path(
    tag = "catalog",
    operation_id = "get_catalog",
    responses(
        (status = 200, description = "Catalogue summary", body = CatalogInfo),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        CommonErrors
    )
)]
#[get("/v1/catalog")]
pub async fn get_catalog(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    refresh: web::Data<RefreshStatus>,
) -> HttpResponse {
    let catalog = store.snapshot();
    // The refresh status changes apart from the catalogue: its generation is part of the ETag.
    let variant = format!("refresh:{}", refresh.generation());
    conditional(&req, Cacheable::new(&catalog.version, &variant), || CatalogInfo {
        catalog_version: catalog.version.clone(),
        stats: query::stats(&catalog),
        sources: catalog.files.clone(),
        fx: FxInfo {
            base: catalog.fx.base.clone(),
            rates: catalog.fx.rates.values().cloned().collect(),
            price_date: catalog
                .fx
                .rates
                .values()
                .map(|r| r.provenance.price_date)
                .collect::<Option<Vec<_>>>()
                .and_then(|dates| dates.into_iter().min()),
        },
        pue_presets: catalog.pue_presets.values().cloned().collect(),
        imports: refresh.sources(),
    })
}

/// Filters, ordering and paging of `GET /v1/offerings`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OfferingsQuery {
    /// Provider, e.g. `aws`, `tencent`, `dell`.
    pub provider: Option<String>,
    pub category: Option<Category>,
    /// Vendor region code, e.g. `us-east-1`, `cn-shanghai`.
    pub region: Option<String>,
    pub market: Option<Market>,
    /// Offerings with at least one price of this basis.
    pub basis: Option<Basis>,
    /// Offerings with at least one price in this unit.
    pub unit: Option<Unit>,
    /// Offerings with this purchase option (also picks the schedule that `sort=price` uses).
    pub purchase_option: Option<PurchaseOption>,
    /// Case-insensitive text in the id, name or description.
    pub q: Option<String>,
    #[param(minimum = 0, maximum = 4294967295u32)]
    pub min_vcpu: Option<u32>,
    #[param(minimum = 0, maximum = 4294967295u32)]
    pub max_vcpu: Option<u32>,
    /// A decimal number of GiB.
    #[param(value_type = Option<String>, example = "8", pattern = "^[0-9]{1,12}(\\.[0-9]{1,12})?$")]
    pub min_memory_gib: Option<Decimal>,
    #[param(value_type = Option<String>, example = "64", pattern = "^[0-9]{1,12}(\\.[0-9]{1,12})?$")]
    pub max_memory_gib: Option<Decimal>,
    /// `id` (default) or `price` (the headline price converted to `currency`; compare within one unit).
    #[param(inline)]
    pub sort: Option<SortKey>,
    /// `asc` (default) or `desc`; applies to `sort=price`.
    #[param(inline)]
    pub order: Option<SortOrder>,
    /// Currency for `sort=price` and the `reference_price` of each item (default USD; empty is the
    /// default too); one with an exchange rate in the catalogue (see `GET /v1/catalog`), else a 400
    /// naming `/currency`.
    #[param(value_type = Option<String>, example = "CNY")]
    #[serde(default, deserialize_with = "empty_as_none")]
    pub currency: Option<Currency>,
    /// Page size, 1 to 1,000 (default 50; for CSV 1,000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page; absent or empty for the first page.
    #[param(pattern = "^(i\\..*|p\\.(-|-?[0-9]+(_[0-9]+)?)\\..*)?$")]
    pub cursor: Option<String>,
    /// `json` (default) or `csv` (one row per price schedule; also chosen by `Accept: text/csv`).
    /// CSV pages default to 1,000 offerings; the next cursor is in the `X-Next-Cursor` header.
    #[param(inline)]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    Id,
    Price,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferingList {
    pub catalog_version: String,
    /// Offerings matching the filters, over all pages.
    pub total: usize,
    pub count: usize,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    pub items: Vec<OfferingItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferingItem {
    #[serde(flatten)]
    pub offering: Offering,
    /// The headline price converted to the requested currency (when `currency` or `sort=price` is given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_price: Option<ReferencePrice>,
}

/// Lists offerings with filters, sorting by id or price, and cursor pagination (stable, no duplicates
/// or gaps across pages of one catalogue version).
#[utoipa::path(
    tag = "catalog",
    operation_id = "list_offerings",
    params(OfferingsQuery),
    responses(
        (status = 200, description = "One page of offerings", content(
            (OfferingList = "application/json"),
            (String = "text/csv", example = "id,name,provider,category,...")
        )),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        CommonErrors
    )
)]
#[get("/v1/offerings")]
pub async fn list_offerings(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    params: Query<OfferingsQuery>,
) -> Result<HttpResponse, ApiError> {
    let params = params.0;
    let catalog = store.snapshot();
    let format = negotiate(&req, params.format);
    let limit = page_size(params.limit, format)?;
    let order = order_of(&params);
    let cursor = params.cursor.as_deref().filter(|c| !c.is_empty()).map(decode_cursor).transpose()?;
    let cursor = cursor.map(|c| cursor_for(&catalog, c, &order, params.purchase_option));
    let show_price = params.currency.is_some() || params.sort == Some(SortKey::Price);
    let price_currency = params.currency.clone().unwrap_or_else(Currency::usd);
    check_rate(&catalog, &price_currency)?;
    let page =
        query::list(&catalog, &filter_of(&params), &order, cursor.as_ref(), limit).map_err(query_problem)?;
    let prices = (show_price, params.purchase_option, &price_currency);
    let items = with_reference_prices(&catalog, page.items, prices)?;
    let next_cursor = page.next.map(|c| c.encode());
    if format == OutputFormat::Csv {
        return Ok(csv_page(&req, &catalog.version, &items, next_cursor.as_deref()));
    }
    let list = OfferingList {
        catalog_version: catalog.version.clone(),
        total: page.total,
        count: items.len(),
        next_cursor,
        items,
    };
    Ok(conditional(&req, Cacheable::new(&catalog.version, req.query_string()), || list))
}

/// The page's offerings with their reference price when one is shown (`currency` or `sort=price`):
/// the price the sort already computed, else the offering's reference price in that currency.
fn with_reference_prices(
    catalog: &Catalog,
    page: Vec<(&Offering, Option<ReferencePrice>)>,
    (show_price, purchase_option, currency): (bool, Option<PurchaseOption>, &Currency),
) -> Result<Vec<OfferingItem>, ApiError> {
    page.into_iter()
        .map(|(offering, price)| {
            let reference_price = match (show_price, price) {
                (false, _) => None,
                (true, Some(price)) => Some(price),
                (true, None) => query::reference_price(catalog, offering, purchase_option, currency)
                    .map_err(|e| query_problem(e.into()))?,
            };
            Ok(OfferingItem { offering: offering.clone(), reference_price })
        })
        .collect()
}

/// One page as CSV (a row per price schedule), with its validators and the next page's cursor in
/// `X-Next-Cursor`.
fn csv_page(
    req: &HttpRequest,
    version: &str,
    items: &[OfferingItem],
    next_cursor: Option<&str>,
) -> HttpResponse {
    let key = Cacheable::new(version, &format!("csv?{}", req.query_string()));
    let mut response = conditional_response(req, key, || {
        let rows = items.iter().map(|i| (&i.offering, i.reference_price.as_ref()));
        csv_response(report::catalog::offerings_csv(rows), "offerings.csv")
    });
    if let Some(value) = next_cursor.and_then(|c| HeaderValue::from_str(c).ok()) {
        response.headers_mut().insert(HeaderName::from_static("x-next-cursor"), value);
    }
    response
}

fn page_size(limit: Option<usize>, format: OutputFormat) -> Result<usize, ApiError> {
    let (default, max) = match format {
        OutputFormat::Json => (DEFAULT_PAGE, MAX_PAGE),
        OutputFormat::Csv => (MAX_CSV_PAGE, MAX_CSV_PAGE),
    };
    match limit {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(
            t!("api-limit-out-of-range", limit = n),
            vec![FieldError::new("/limit", t!("api-between", min = 1, max = max))],
        )),
    }
}

/// An empty parameter (`currency=`, as a spreadsheet writes an empty cell) is an absent one.
fn empty_as_none<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Currency>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(code) => code.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// Prices are shown in a currency only when the catalogue has an exchange rate for it.
fn check_rate(catalog: &crate::catalog::Catalog, currency: &Currency) -> Result<(), ApiError> {
    if catalog.fx.has(currency) {
        return Ok(());
    }
    let mut known = vec![catalog.fx.base.code().to_string()];
    known.extend(catalog.fx.rates.keys().map(|c| c.code().to_string()));
    let detail = t!("api-no-exchange-rate", currency = currency.code(), known = known.join(", "));
    Err(ApiError::bad_request(detail.clone(), vec![FieldError::new("/currency", detail)]))
}

/// A listing failure names the parameter it came from: the cursor or the currency.
fn query_problem(error: QueryError) -> ApiError {
    let pointer = match error {
        QueryError::CursorMismatch => "/cursor",
        QueryError::Fx(_) => "/currency",
    };
    ApiError::bad_request(error.text(), vec![FieldError::new(pointer, error.text())])
}

/// A cursor names the last offering of the previous page; under another ordering than the one it came
/// from, the page continues after that offering in the ordering asked for.
fn cursor_for(
    catalog: &crate::catalog::Catalog,
    cursor: Cursor,
    order: &Order,
    option: Option<PurchaseOption>,
) -> Cursor {
    match (cursor, order) {
        (Cursor::AfterPrice { id, .. }, Order::Id) => Cursor::AfterId(id),
        (Cursor::AfterId(id), Order::Price { currency, .. }) => {
            let price = catalog
                .offering(&id)
                .and_then(|o| query::reference_price(catalog, o, option, currency).ok().flatten())
                .map(|p| p.amount);
            Cursor::AfterPrice { price, id }
        }
        (cursor, _) => cursor,
    }
}

fn decode_cursor(text: &str) -> Result<Cursor, ApiError> {
    Cursor::decode(text).ok_or_else(|| {
        ApiError::bad_request(
            t!("api-cursor-unknown"),
            vec![FieldError::new("/cursor", t!("api-cursor-use-next"))],
        )
    })
}

fn order_of(params: &OfferingsQuery) -> Order {
    match params.sort {
        Some(SortKey::Price) => Order::Price {
            currency: params.currency.clone().unwrap_or_else(Currency::usd),
            descending: params.order == Some(SortOrder::Desc),
        },
        _ => Order::Id,
    }
}

fn filter_of(params: &OfferingsQuery) -> Filter {
    Filter {
        provider: params.provider.clone(),
        category: params.category,
        region: params.region.clone(),
        market: params.market,
        basis: params.basis,
        unit: params.unit,
        purchase_option: params.purchase_option,
        text: params.q.clone(),
        min_vcpu: params.min_vcpu,
        max_vcpu: params.max_vcpu,
        min_memory_gib: params.min_memory_gib,
        max_memory_gib: params.max_memory_gib,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferingDetail {
    pub catalog_version: String,
    #[serde(flatten)]
    pub offering: Offering,
    /// Support, SLA, data residency, certifications, deployment, exit and features, each with its
    /// provenance; an attribute left out is unknown (no profile states it), never a default.
    pub attributes: OfferingAttributes,
}

/// One offering with every price schedule and its provenance. The id contains slashes
/// (`provider/product/region/sku`) and goes into the path as is.
#[utoipa::path(
    tag = "catalog",
    operation_id = "get_offering",
    params(("id" = String, Path, description = "Offering id, e.g. `aws/ec2/us-east-1/m7i.xlarge` (at most 200 characters)", example = "aws/ec2/us-east-1/m7i.xlarge", max_length = 200)),
    responses(
        (status = 200, description = "The offering", body = OfferingDetail),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 404, description = "Unknown id; `suggestions` lists the closest ids", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An id over 200 characters (`/problems/limit-exceeded`, pointer `/id`)", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[get("/v1/offerings/{id:.*}")]
pub async fn get_offering(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let catalog = store.snapshot();
    let id = id.into_inner();
    super::limits::check_length("/id", &id, crate::catalog::MAX_ID_LENGTH)?;
    let offering = catalog.offering(&id).ok_or_else(|| ApiError::NotFound {
        detail: t!("offering-not-found", id = id),
        suggestions: catalog.suggest(&id, 5),
    })?;
    Ok(conditional(&req, Cacheable::new(&catalog.version, &id), || OfferingDetail {
        catalog_version: catalog.version.clone(),
        offering: offering.clone(),
        attributes: catalog.attributes_of(&id),
    }))
}
