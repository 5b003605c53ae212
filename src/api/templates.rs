//! Templates: list them, read one (drivers, defaults, ranges, options, sources).

use super::http_cache::{conditional, Cacheable};
use super::problem::{ApiError, CommonErrors, Problem};
use crate::scenario::template::{DriverInput, Parameter, Template, TemplateSource};
use crate::store::CatalogStore;
use crate::text::{Language, Text};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateList {
    pub catalog_version: String,
    pub templates: Vec<TemplateSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateSummary {
    pub id: String,
    /// In the answer's language (Chinese where the template has it), as is `question`.
    #[schema(value_type = String)]
    pub title: Text,
    #[schema(value_type = String)]
    pub question: Text,
    pub markets: Vec<String>,
    pub drivers: BTreeMap<String, DriverInput>,
    pub parameters: BTreeMap<String, Parameter>,
    /// A flat GET URL that compares with the defaults.
    pub example_url: String,
    pub sources: Vec<TemplateSource>,
}

impl TemplateSummary {
    fn of(template: &Template) -> Self {
        let drivers: Vec<String> =
            template.drivers.iter().map(|(name, d)| format!("{name}={}", d.default)).collect();
        TemplateSummary {
            id: template.id.clone(),
            title: Text::Name { en: template.title.clone(), zh: template.title_zh.clone() },
            question: Text::Name { en: template.question.clone(), zh: template.question_zh.clone() },
            markets: template.markets.keys().cloned().collect(),
            drivers: template.drivers.clone(),
            parameters: template.parameters.clone(),
            example_url: format!("/v1/comparisons?template={}&{}", template.id, drivers.join("&")),
            sources: template.sources.clone(),
        }
    }
}

/// Lists the comparison templates with their drivers, ranges and an example URL.
#[utoipa::path(
    tag = "templates",
    operation_id = "list_templates",
    responses(
        (status = 200, description = "The templates", body = TemplateList),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        CommonErrors
    )
)]
#[get("/v1/templates")]
pub async fn list_templates(req: HttpRequest, store: web::Data<CatalogStore>) -> HttpResponse {
    let snapshot = store.current();
    conditional(&req, Cacheable::new(&snapshot.catalog.version, "templates"), || TemplateList {
        catalog_version: snapshot.catalog.version.clone(),
        templates: snapshot.templates.values().map(TemplateSummary::of).collect(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDetail {
    pub catalog_version: String,
    #[serde(flatten)]
    pub template: Template,
}

/// One template in full: drivers, parameters, derived drivers, defaults, each market's options and sizing
/// rules, and sources.
#[utoipa::path(
    tag = "templates",
    operation_id = "get_template",
    params(("id" = String, Path, description = "Template id (at most 200 characters)", example = "team-im", max_length = 200)),
    responses(
        (status = 200, description = "The template", body = TemplateDetail),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 404, description = "Unknown template; `suggestions` lists the closest ids", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An id over 200 characters (`/problems/limit-exceeded`, pointer `/id`)", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[get("/v1/templates/{id}")]
pub async fn get_template(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = store.current();
    super::limits::check_length("/id", &id, crate::catalog::MAX_ID_LENGTH)?;
    let template = find(&snapshot.templates, &id)?;
    Ok(conditional(&req, Cacheable::new(&snapshot.catalog.version, &format!("template/{id}")), || {
        // The file's `$schema` pointer means nothing to API clients and is not part of the response.
        let template = in_language(Template { schema: None, ..template.clone() }, crate::text::current());
        TemplateDetail { catalog_version: snapshot.catalog.version.clone(), template }
    }))
}

/// A Chinese answer shows the template's Chinese title, question and description, and its drivers'
/// and parameters' descriptions, where it has them (the `_zh` fields stay, so a client sees both).
fn in_language(template: Template, language: Language) -> Template {
    if language != Language::ZhCn {
        return template;
    }
    let pick = |zh: &Option<String>, en: String| zh.clone().unwrap_or(en);
    Template {
        title: pick(&template.title_zh, template.title.clone()),
        question: pick(&template.question_zh, template.question.clone()),
        description: pick(&template.description_zh, template.description.clone()),
        drivers: (template.drivers.iter())
            .map(|(id, d)| {
                let description = pick(&d.description_zh, d.description.clone());
                (id.clone(), DriverInput { description, ..d.clone() })
            })
            .collect(),
        parameters: (template.parameters.iter())
            .map(|(id, p)| {
                let description = pick(&p.description_zh, p.description.clone());
                (id.clone(), Parameter { description, ..p.clone() })
            })
            .collect(),
        ..template
    }
}

/// The template with this id, or a 404 naming the closest ones (a 422 when `template` is longer than any
/// id may be).
pub fn find<'a>(
    templates: &'a crate::scenario::template::Templates,
    id: &str,
) -> Result<&'a Template, ApiError> {
    super::limits::check_length("/template", id, crate::catalog::MAX_ID_LENGTH)?;
    templates.get(id).ok_or_else(|| ApiError::NotFound {
        detail: t!("template-not-found", id = id),
        suggestions: crate::catalog::query::closest(id, templates.keys().map(String::as_str), 3),
    })
}
