//! Request extractors whose failures are problem+json with a pointer to the offending field.

use super::body_schema::BodySchemas;
use super::problem::{ApiError, FieldError};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

/// Body size limit, registered as app data by `startup`.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON body: 415 unless `application/json` (or `+json`), 413 beyond the limit (checked while
/// streaming, not after), 400 for broken syntax, 422 with a JSON pointer for a wrong shape.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<BodyLimit>().map_or(crate::config::DEFAULT_BODY_LIMIT, |l| l.0);
        let schemas = req.app_data::<web::Data<BodySchemas>>().cloned();
        let route = (req.method().to_string(), req.match_pattern().unwrap_or_default());
        let content_type_ok = is_json(req);
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::UnsupportedMediaType { expected: "application/json" });
            }
            if declared_length.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk =
                    chunk.map_err(|e| ApiError::bad_request(t!("api-body-unreadable", error = e), vec![]))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            let value = parse_syntax(&body)?;
            if let Some(schemas) = schemas {
                schemas.check(&route.0, &route.1, &value)?;
            }
            parse_value(integral_numbers_as_integers(value)).map(JsonBody)
        })
    }
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses JSON into `T`, telling syntax errors (400) from shape errors (422, with a pointer).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    parse_value(parse_syntax(bytes)?)
}

/// `16.0` is the integer 16 to the document (JSON Schema counts a number with no fraction as an
/// integer), so it is to the server too: serde would refuse it for a `u32`. No request member is a
/// fractional JSON number (decimals are strings), so this changes nothing else.
fn integral_numbers_as_integers(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(integral_numbers_as_integers).collect()),
        Value::Object(members) => {
            Value::Object(members.into_iter().map(|(k, v)| (k, integral_numbers_as_integers(v))).collect())
        }
        other => other,
    }
}

/// The first pass: is it JSON at all? (400 if not.)
fn parse_syntax(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(
            t!("api-malformed-json", line = e.line(), column = e.column(), error = strip_location(&e)),
            vec![],
        )
    })
}

/// Converts JSON into `T`; a wrong shape is a 422 whose pointer names the field (serde_path_to_error).
pub fn parse_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let pointer = json_pointer(e.path());
        let detail = explain_decimal(e.inner().to_string());
        ApiError::unprocessable(
            t!("api-body-off-schema", pointer = pointer, detail = @detail.clone()),
            vec![FieldError::new(pointer, detail)],
        )
    })
}

/// Decimals (money, quantities, rates) are JSON strings, never numbers (a number would be read through
/// binary floating point); serde's message says "expected a Decimal type…", which reads better as a hint.
/// Any other message is serde's (or a type's own parser's) English, shown as it is.
fn explain_decimal(detail: String) -> crate::text::Text {
    match detail.split_once(", expected a Decimal type") {
        Some((got, _)) => t!("api-decimal-as-string", got = got),
        None => t!("api-serde-detail", message = detail),
    }
}

fn strip_location(e: &serde_json::Error) -> String {
    e.to_string().replace(&format!(" at line {} column {}", e.line(), e.column()), "")
}

/// RFC 6901 pointer for a serde path (`options[1].components[0].offering` → `/options/1/components/0/offering`).
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

/// Query parameters: 400 naming the parameter on any parse failure.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

/// Parses a query string into `T`, naming the offending parameter.
/// `(the parameters named, everything else)` of a query string, each re-encoded as a query string:
/// flat GET forms read their own parameters and hand the rest to the template.
pub fn split_query(query: &str, names: &[&str]) -> (String, String) {
    let (own, rest): (Vec<_>, Vec<_>) =
        form_urlencoded::parse(query.as_bytes()).partition(|(k, _)| names.contains(&k.as_ref()));
    let encode = |pairs: Vec<(std::borrow::Cow<str>, std::borrow::Cow<str>)>| {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
    };
    (encode(own), encode(rest))
}

/// Query parameters every route takes that belong to the layers around it: `api_key` to
/// authentication, `lang` to the answer's language (`middleware::speak_language`).
pub const NOT_PARAMETERS: &[&str] = &["api_key", super::middleware::LANG_PARAMETER];

/// The `api_key` and `lang` parameters are removed before parsing.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let (_, without_key) = split_query(query, NOT_PARAMETERS);
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(without_key.as_bytes()));
    serde_path_to_error::deserialize::<_, T>(deserializer).map_err(|e| {
        let detail = e.inner().to_string();
        let name = e.path().to_string();
        let name = if name == "." { parameter_in(&detail).unwrap_or_default() } else { name };
        // serde's English (it cannot be translated), inside a translated sentence.
        ApiError::bad_request(
            t!("api-invalid-query-parameter", name = name, error = detail),
            vec![FieldError::new(format!("/{name}"), t!("api-serde-detail", message = detail))],
        )
    })
}

/// The first backquoted name in a serde message ("unknown field `x`, expected …" → "x").
fn parameter_in(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn shape_errors_point_at_the_field() {
        let err = parse_json::<Outer>(br#"{"items":[{"n":1},{"n":"x"}]}"#).expect_err("invalid");
        match err {
            ApiError::Unprocessable { errors, .. } => assert_eq!(errors[0].pointer, "/items/1/n"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_bad_requests() {
        assert!(matches!(parse_json::<Outer>(b"{\"items\": ["), Err(ApiError::BadRequest { .. })));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Params {
        limit: Option<u32>,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        match parse_query::<Params>("limit=abc") {
            Err(ApiError::BadRequest { errors, .. }) => assert_eq!(errors[0].pointer, "/limit"),
            other => panic!("unexpected {other:?}"),
        }
        match parse_query::<Params>("limt=3") {
            Err(ApiError::BadRequest { errors, .. }) => assert_eq!(errors[0].pointer, "/limt"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
