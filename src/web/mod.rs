//! The calculator page at `/`: a plain HTML page, one script and one stylesheet, embedded in the
//! binary (no CDN, no web fonts, no framework), talking only to this origin's `/v1` API. Its charts
//! are the API's own `format=svg` answers, inlined, so the page and a portal embedding a chart show
//! the same picture.
//!
//! The page's own words are in `strings.json` (English and Simplified Chinese, the same keys); its
//! default language is the request's (`Accept-Language`, or `lang=`), written into the HTML.

use crate::api::http_cache::{not_modified, with_validators, Cacheable};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

const INDEX: &str = include_str!("index.html");
const SCRIPT: &str = include_str!("app.js");
const STYLE: &str = include_str!("app.css");
/// The page's words, by language.
pub const STRINGS: &str = include_str!("strings.json");

/// Same-origin only: the page loads nothing from elsewhere and sends nothing elsewhere.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// Registers `/` and its assets.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route("/", web::get().to(index))
        .route(
            "/assets/app.js",
            web::get()
                .to(|req: HttpRequest| async move { asset(&req, "text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/assets/app.css",
            web::get().to(|req: HttpRequest| async move { asset(&req, "text/css; charset=utf-8", STYLE) }),
        )
        .route(
            "/assets/strings.json",
            web::get().to(|req: HttpRequest| async move { asset(&req, "application/json", STRINGS) }),
        );
}

/// The page, in the request's language by default.
async fn index(req: HttpRequest) -> HttpResponse {
    let language = crate::text::current().tag();
    let page = INDEX.replace("{{lang}}", language);
    let mut response = asset(&req, "text/html; charset=utf-8", &page);
    if let Ok(value) = header::HeaderValue::from_str(CONTENT_SECURITY_POLICY) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// An embedded file with an ETag of its content (and language), so a reload is a 304.
fn asset(req: &HttpRequest, content_type: &'static str, body: &str) -> HttpResponse {
    let key = Cacheable::new("web", body);
    if let Some(response) = not_modified(req, &key) {
        return response;
    }
    let mut response = HttpResponse::Ok().content_type(content_type).body(body.to_string());
    response
        .headers_mut()
        .insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    with_validators(response, &key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(language: &str) -> BTreeSet<String> {
        let strings: serde_json::Value = serde_json::from_str(STRINGS).expect("strings.json is JSON");
        let table = strings[language].as_object().unwrap_or_else(|| panic!("{language} table"));
        for (key, value) in table {
            let text = value.as_str().unwrap_or_else(|| panic!("{language}.{key} is a string"));
            assert!(!text.trim().is_empty(), "{language}.{key} is empty");
        }
        table.keys().cloned().collect()
    }

    #[test]
    fn both_languages_have_every_string_and_chinese_is_chinese() {
        let (en, zh) = (keys("en"), keys("zh-CN"));
        assert_eq!(en, zh, "the same keys in both languages");
        let strings: serde_json::Value = serde_json::from_str(STRINGS).expect("JSON");
        let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let untranslated: Vec<&String> = zh
            .iter()
            .filter(|k| !chinese(strings["zh-CN"][k.as_str()].as_str().unwrap_or_default()))
            // The toggle names each language in itself.
            .filter(|k| k.as_str() != "lang-en")
            .collect();
        assert!(untranslated.is_empty(), "no Chinese in: {untranslated:?}");
    }

    /// The keys named by `data-t="…"` in the HTML and by calls `t('…')` in the script (a call: `t`
    /// not ending a longer name such as `set('…')`).
    fn named_keys() -> BTreeSet<String> {
        let mut named = BTreeSet::new();
        for part in INDEX.split("data-t=\"").skip(1) {
            named.extend(part.split('"').next().map(str::to_string));
        }
        for (at, _) in SCRIPT.match_indices("t('") {
            let before = SCRIPT[..at].chars().next_back().unwrap_or(' ');
            if !(before.is_alphanumeric() || "_.$".contains(before)) {
                named.extend(SCRIPT[at + 3..].split('\'').next().map(str::to_string));
            }
        }
        named
    }

    #[test]
    fn every_string_the_page_names_exists() {
        let en = keys("en");
        let named = named_keys();
        let missing: Vec<&String> = named.iter().filter(|k| !en.contains(*k)).collect();
        assert!(missing.is_empty(), "named but not in strings.json: {missing:?}");
        let unused: Vec<&String> = en.iter().filter(|k| !named.contains(*k)).collect();
        assert!(unused.is_empty(), "in strings.json but never named: {unused:?}");
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        for source in [INDEX, SCRIPT, STYLE] {
            for scheme in ["http://", "https://", "//cdn", "@import", "fonts.googleapis"] {
                assert!(!source.contains(scheme), "the page names {scheme}");
            }
        }
    }
}
