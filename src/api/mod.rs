//! The HTTP shell: routes, documented and registered in one place (`configure`), so the OpenAPI
//! document is generated from the very handlers that serve requests.

pub mod analysis;
pub mod auth;
pub mod body_schema;
pub mod catalog;
pub mod comparisons;
pub mod connection;
pub mod extract;
pub mod health;
pub mod http_cache;
pub mod limits;
pub mod middleware;
pub mod negotiate;
pub mod paths;
pub mod price_book;
pub mod prices;
pub mod problem;
pub mod rate_limit;
pub mod refine;
pub mod scorecards;
pub mod templates;
pub mod uncertainty;

use actix_web::{web, HttpRequest, HttpResponse};
use problem::ApiError;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Breakeven",
        description = "Rent or own? Compares pay-as-you-go (SaaS, cloud) against owning (hardware, self-hosted \
software) over a horizon: cash and P&L views, NPV and break-even, with every price traceable to a dated source.\n\n\
Errors are `application/problem+json` (RFC 9457) with a JSON pointer per invalid field. Every response carries \
`X-Request-Id` and `X-Catalog-Version`.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    modifiers(&SecuritySchemes),
    security((), ("bearer" = []), ("api_key_header" = []), ("api_key_query" = [])),
    tags(
        (name = "catalog", description = "The price book: offerings, price schedules and their provenance"),
        (name = "comparisons", description = "Rent against own: scenarios in, month-by-month breakdowns out"),
        (name = "templates", description = "Scenarios kept as data: say your need, not SKUs"),
        (name = "analysis", description = "Sweeps and crossovers (at what scale does owning win?), tornado sensitivity, amortization schedules"),
        (name = "ops", description = "Health, readiness and this document"),
    )
)]
struct ApiDoc;

/// API keys are optional (off unless configured); when on, any one of these carries the key. The
/// query form works for read-only keys only.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Authorization: Bearer <key>"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key_header",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-Key"))),
        );
        components.add_security_scheme(
            "api_key_query",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "api_key",
                "Read-only keys only, for spreadsheet clients that cannot set headers",
            ))),
        );
    }
}

/// Registers every documented route. The same function builds the served app and the document.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(health::healthz)
        .service(health::readyz)
        .service(health::openapi_json)
        .service(catalog::get_catalog)
        .service(catalog::list_offerings)
        .service(catalog::get_offering)
        .service(price_book::get_price_book)
        .service(prices::create_price_quote)
        .service(comparisons::create_comparison)
        .service(comparisons::get_comparison_value)
        .service(comparisons::get_comparison)
        .service(comparisons::create_amortization)
        .service(analysis::create_sweep)
        .service(analysis::get_sweep)
        .service(analysis::create_tornado)
        .service(analysis::get_tornado)
        .service(paths::optimize_path_switch)
        .service(paths::get_optimize_path_switch)
        .service(uncertainty::create_uncertainty)
        .service(uncertainty::get_uncertainty_value)
        .service(uncertainty::get_uncertainty)
        .service(scorecards::create_scorecard)
        .service(scorecards::get_scorecard)
        .service(templates::list_templates)
        .service(templates::get_template)
        .service(health::reload_catalog);
}

/// The OpenAPI document, generated from `configure`'s handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    let (_, document) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(configure)
        .split_for_parts();
    document
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a trailing newline.
/// The derived document is refined (`refine`) on its JSON form, which is what is served and committed.
pub fn openapi_text(document: &utoipa::openapi::OpenApi) -> String {
    let mut json = serde_json::to_value(document).unwrap_or_default();
    refine::refine(&mut json);
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}

/// The rendered document, shared with the `/openapi.json` handler.
#[derive(Debug, Clone)]
pub struct OpenApiDocument(pub String);

/// Which methods each documented path template allows, for 405 answers.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl RouteTable {
    pub fn from_openapi(document: &utoipa::openapi::OpenApi) -> Self {
        let routes = document
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template.trim_matches('/').split('/').map(str::to_string).collect();
                let mut methods: Vec<String> = [
                    (item.get.is_some(), "GET"),
                    (item.get.is_some(), "HEAD"),
                    (item.post.is_some(), "POST"),
                    (item.put.is_some(), "PUT"),
                    (item.patch.is_some(), "PATCH"),
                    (item.delete.is_some(), "DELETE"),
                ]
                .into_iter()
                .filter(|(present, _)| *present)
                .map(|(_, m)| m.to_string())
                .collect();
                methods.sort();
                (segments, methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// The methods allowed on `path`, if any documented template matches it. A trailing `{param}`
    /// matches the rest of the path (offering ids contain slashes).
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.routes.iter().find_map(|(template, methods)| {
            let last_is_param = template.last().is_some_and(|s| s.starts_with('{'));
            let length_ok =
                if last_is_param { parts.len() >= template.len() } else { parts.len() == template.len() };
            let matches = length_ok && template.iter().zip(&parts).all(|(t, p)| t.starts_with('{') || t == p);
            matches.then(|| methods.clone())
        })
    }
}

/// Answers requests no route took: 405 with `Allow` for a known path, else 404.
pub async fn fallback(req: HttpRequest, routes: web::Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    Err(match routes.allowed(req.path()) {
        Some(allow) => ApiError::MethodNotAllowed { allow },
        None => ApiError::NotFound { detail: t!("route-not-found", path = req.path()), suggestions: vec![] },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_table_matches_templates_and_catch_all_ids() {
        let mut table = RouteTable::default();
        table.routes.push((vec!["v1".into(), "offerings".into(), "{id}".into()], vec!["GET".into()]));
        table.routes.push((vec!["healthz".into()], vec!["GET".into()]));
        assert_eq!(table.allowed("/v1/offerings/aws/ec2/us-east-1/m7i.large"), Some(vec!["GET".to_string()]));
        assert_eq!(table.allowed("/healthz"), Some(vec!["GET".to_string()]));
        assert_eq!(table.allowed("/v1/offerings"), None);
        assert_eq!(table.allowed("/nope"), None);
    }
}
