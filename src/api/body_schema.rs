//! Request bodies are checked against the OpenAPI document before they are read into Rust types, so the
//! document is what the server accepts: whatever the document forbids (a wrong type, an unknown member,
//! a number out of range, a string off its pattern, both or neither of an "exactly one of" pair) is a
//! 422 naming each member, and serde's own leniencies (a struct given as an array) never get through.
//!
//! Validation uses the `jsonschema` crate (JSON Schema 2020-12, the dialect of OpenAPI 3.1).

use super::problem::{ApiError, FieldError};
use crate::text::Text;
use serde_json::{json, Value};
use std::collections::HashMap;

/// At most this many problems are listed (a wrong body can break hundreds of rules).
const MAX_ERRORS: usize = 10;
/// Messages quote the offending value; long values are cut.
const MAX_MESSAGE: usize = 300;

/// One validator per operation with a JSON body, by method and route pattern (`POST /v1/sweeps`).
#[derive(Default)]
pub struct BodySchemas {
    by_route: HashMap<(String, String), Route>,
}

struct Route {
    whole: jsonschema::Validator,
}

impl std::fmt::Debug for BodySchemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodySchemas").field("routes", &self.by_route.keys().collect::<Vec<_>>()).finish()
    }
}

impl BodySchemas {
    /// Validators for every `application/json` request body of the document (its JSON form).
    pub fn from_document(document: &Value) -> Result<Self, String> {
        let components = document.get("components").cloned().unwrap_or_else(|| json!({}));
        let mut by_route = HashMap::new();
        for (path, item) in document.get("paths").and_then(Value::as_object).into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") else {
                    continue;
                };
                let build = |schema: &Value| {
                    let root = json!({
                        "$schema": "https://json-schema.org/draft/2020-12/schema",
                        "components": components,
                        "allOf": [schema],
                    });
                    jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft202012)
                        .build(&root)
                        .map_err(|e| format!("request schema of {method} {path}: {e}"))
                };
                let route = Route { whole: build(schema)? };
                by_route.insert((method.to_ascii_uppercase(), path.clone()), route);
            }
        }
        Ok(BodySchemas { by_route })
    }

    /// Checks `body` against the schema of `method pattern`; routes without one pass.
    pub fn check(&self, method: &str, pattern: &str, body: &Value) -> Result<(), ApiError> {
        let Some(route) = self.by_route.get(&(method.to_string(), pattern.to_string())) else {
            return Ok(());
        };
        if route.whole.is_valid(body) {
            return Ok(());
        }
        let errors = errors_of(&route.whole, body);
        let first = &errors[0];
        // Every problem an over-long or over-large member: the request is over a limit.
        let over_a_limit = |e: &FieldError| {
            matches!(e.detail, Text::Message { id: "api-schema-too-long" | "api-schema-too-many-items", .. })
        };
        if errors.iter().all(over_a_limit) {
            return Err(ApiError::LimitExceeded {
                detail: t!("body-over-limit", pointer = @display(&first.pointer), detail = @first.detail.clone()),
                errors,
            });
        }
        Err(ApiError::unprocessable(
            t!("api-body-off-schema", pointer = @display(&first.pointer), detail = @first.detail.clone()),
            errors,
        ))
    }
}

/// Each problem at the member it is about: a missing or unexpected member is named in the pointer, and
/// a value that fits no shape of a `oneOf` (nullable members are `oneOf` null and the shape) is told
/// what is wrong against the shape it comes closest to.
fn errors_of(validator: &jsonschema::Validator, body: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for error in validator.iter_errors(body) {
        push_error(&mut errors, &error);
        if errors.len() >= MAX_ERRORS {
            break;
        }
    }
    errors.truncate(MAX_ERRORS);
    errors
}

fn push_error(errors: &mut Vec<FieldError>, error: &jsonschema::ValidationError<'_>) {
    use jsonschema::error::ValidationErrorKind;
    let at = error.instance_path().to_string();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                errors.push(FieldError::new(format!("{at}/{}", escape(name)), t!("api-schema-not-a-member")));
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            errors.push(FieldError::new(format!("{at}/{}", escape(name)), t!("api-schema-required")));
        }
        ValidationErrorKind::OneOfNotValid { context } => {
            // The closest shape: fewest problems, then the deepest (a wrong member inside an object is
            // closer than "not null").
            let depth =
                |e: &jsonschema::ValidationError<'_>| e.instance_path().to_string().matches('/').count();
            let closest = context
                .iter()
                .filter(|c| !c.is_empty())
                .min_by_key(|c| (c.len(), std::cmp::Reverse(c.iter().map(depth).max().unwrap_or(0))));
            match closest {
                Some(alternative) => alternative.iter().for_each(|e| push_error(errors, e)),
                None => errors.push(FieldError::new(at, t!("api-schema-fits-none"))),
            }
        }
        ValidationErrorKind::MaxLength { limit } => {
            errors.push(FieldError::new(at, t!("api-schema-too-long", limit = limit)))
        }
        ValidationErrorKind::MaxItems { limit } => {
            errors.push(FieldError::new(at, t!("api-schema-too-many-items", limit = limit)))
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            errors.push(FieldError::new(at, t!("api-schema-fits-several")))
        }
        _ => errors.push(FieldError::new(at, rule_text(error))),
    }
}

/// The validator's message: for the common rules a message of ours that renders exactly the validator's
/// English (checked, else not used); for the rest its English as it is (it cannot be translated), inside a
/// translated lead-in.
fn rule_text(error: &jsonschema::ValidationError<'_>) -> Text {
    use jsonschema::error::{TypeKind, ValidationErrorKind};
    let english = error.to_string();
    let value = error.instance().to_string();
    let ours = match error.kind() {
        ValidationErrorKind::Minimum { limit } => {
            Some(t!("api-schema-minimum", value = value, limit = limit))
        }
        ValidationErrorKind::Maximum { limit } => {
            Some(t!("api-schema-maximum", value = value, limit = limit))
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            Some(t!("api-schema-exclusive-minimum", value = value, limit = limit))
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            Some(t!("api-schema-exclusive-maximum", value = value, limit = limit))
        }
        ValidationErrorKind::MinLength { limit } => {
            Some(t!("api-schema-min-length", value = value, limit = limit))
        }
        ValidationErrorKind::MinItems { limit } => {
            Some(t!("api-schema-min-items", value = value, limit = limit))
        }
        ValidationErrorKind::Pattern { pattern } => {
            Some(t!("api-schema-pattern", value = value, pattern = pattern))
        }
        ValidationErrorKind::Type { kind: TypeKind::Single(expected) } => {
            Some(t!("api-schema-type", value = value, expected = expected))
        }
        ValidationErrorKind::Enum { .. } => english
            .strip_prefix(&format!("{value} is not one of "))
            .map(|options| t!("api-schema-enum", value = value, options = options)),
        _ => None,
    };
    match ours {
        Some(text) if english.len() <= MAX_MESSAGE && text.en() == english => text,
        _ => t!("api-schema-rule", message = shorten(english)),
    }
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Where a problem is, for a sentence: the pointer, or "the top level" for the whole body.
fn display(pointer: &str) -> Text {
    if pointer.is_empty() {
        t!("api-schema-top-level")
    } else {
        Text::name(pointer)
    }
}

fn shorten(mut message: String) -> String {
    if message.len() > MAX_MESSAGE {
        let mut end = MAX_MESSAGE;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push('…');
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas() -> BodySchemas {
        let document = json!({
            "paths": {"/things": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
            "components": {"schemas": {"Thing": {
                "type": "object", "required": ["n"], "additionalProperties": false,
                "properties": {"n": {"type": "integer", "minimum": 1}, "s": {"type": "object"}}
            }}}
        });
        BodySchemas::from_document(&document).expect("valid schemas")
    }

    #[test]
    fn bodies_off_the_schema_are_422s_naming_each_member() {
        let schemas = schemas();
        assert!(schemas.check("POST", "/things", &json!({"n": 2})).is_ok());
        match schemas.check("POST", "/things", &json!({"n": 0, "s": [null]})) {
            Err(ApiError::Unprocessable { errors, .. }) => {
                let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
                assert!(pointers.contains(&"/n") && pointers.contains(&"/s"), "{pointers:?}");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(schemas.check("POST", "/elsewhere", &json!([])).is_ok());
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(10_000);
        match schemas().check("POST", "/things", &json!({"n": long})) {
            Err(ApiError::Unprocessable { errors, .. }) => {
                assert!(errors[0].detail.en().len() <= MAX_MESSAGE + 3)
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
