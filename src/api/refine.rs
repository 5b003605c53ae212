//! The last step of building the OpenAPI document: shapes utoipa's derive cannot state exactly.
//!
//! - `#[serde(flatten)]` comes out as `allOf` of the flattened type and the rest; when the flattened type
//!   denies unknown members, the two conflict (no value satisfies both) and the combined object documents
//!   nothing about its own members. Those are merged into one closed object here.
//! - "Exactly one of" rules the handlers enforce (`template` or `scenario`, `values` or `range`, `step` or
//!   `points`) become `oneOf`: named variants for the target, required-member alternatives for the rest.
//!
//! Works on the JSON form of the document, which is what is served and committed.

use serde_json::{json, Map, Value};

/// Applies every refinement to the document's JSON.
pub fn refine(document: &mut Value) {
    language_parameters(document);
    let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return;
    };
    for name in [
        "OfferingItem",
        "OfferingDetail",
        "TemplateDetail",
        "SweepRequest",
        "TornadoRequest",
        "UncertaintyRequest",
        "ScorecardRequest",
        "SwitchRequest",
        "OfferingAttributes",
    ] {
        merge_all_of(schemas, name);
    }
    split_target(schemas, "SweepRequest", "TemplateSweep", "ScenarioSweep");
    split_target(schemas, "TornadoRequest", "TemplateTornado", "ScenarioTornado");
    split_target(schemas, "UncertaintyRequest", "TemplateUncertaintyRequest", "ScenarioUncertaintyRequest");
    split_target(schemas, "ScorecardRequest", "TemplateScorecardRequest", "ScenarioScorecardRequest");
    split_target(schemas, "SwitchRequest", "TemplateSwitchRequest", "ScenarioSwitchRequest");
    for variant in ["TemplateSweep", "ScenarioSweep"] {
        exactly_one_of(
            schemas,
            variant,
            &[("values", json!({"type": "array"})), ("range", json!({"$ref": "#/components/schemas/Range"}))],
        );
    }
    close_tagged_variants(schemas);
    exactly_one_of(
        schemas,
        "Range",
        &[("step", json!({"type": "string"})), ("points", json!({"type": "integer"}))],
    );
}

/// Every `/v1` operation answers in English or Simplified Chinese: `lang` in the query (for spreadsheets)
/// or `Accept-Language` (`middleware::speak_language`), documented once as shared parameters.
fn language_parameters(document: &mut Value) {
    let Some(document) = document.as_object_mut() else { return };
    let components = document.entry("components").or_insert_with(|| json!({}));
    if let Some(components) = components.as_object_mut() {
        let parameters = components.entry("parameters").or_insert_with(|| json!({}));
        if let Some(parameters) = parameters.as_object_mut() {
            parameters.insert(
                "Lang".into(),
                json!({
                    "name": "lang", "in": "query", "required": false,
                    "description": "The answer's language (wins over `Accept-Language`): messages, warnings, \
problem titles and details, template and option names, CSV headers, workbook sheets and columns.",
                    "schema": {"type": "string", "enum": ["en", "zh-CN"]}
                }),
            );
            parameters.insert(
                "AcceptLanguage".into(),
                json!({
                    "name": "Accept-Language", "in": "header", "required": false,
                    "description": "`zh-CN` (or `zh`, `zh-Hans`) for Simplified Chinese; English otherwise (a \
preference: a value naming no language of ours is English, never an error).",
                    "schema": {"type": "string"}
                }),
            );
        }
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        if !path.starts_with("/v1/") {
            continue;
        }
        let Some(item) = item.as_object_mut() else { continue };
        for (method, operation) in item.iter_mut() {
            if !["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let Some(operation) = operation.as_object_mut() else { continue };
            let parameters = operation.entry("parameters").or_insert_with(|| json!([]));
            if let Some(parameters) = parameters.as_array_mut() {
                parameters.push(json!({"$ref": "#/components/parameters/Lang"}));
                parameters.push(json!({"$ref": "#/components/parameters/AcceptLanguage"}));
            }
        }
    }
}

/// `allOf` of component references and inline objects, merged into one object that allows no other
/// members (the server writes, and reads, exactly these).
fn merge_all_of(schemas: &mut Map<String, Value>, name: &str) {
    let Some(members) = schemas.get(name).and_then(|s| s.get("allOf")).and_then(Value::as_array).cloned()
    else {
        return;
    };
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut description = None;
    for member in members {
        let member = match member.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = reference.trim_start_matches("#/components/schemas/");
                schemas.get(target).cloned().unwrap_or_default()
            }
            None => member,
        };
        if let Some(p) = member.get("properties").and_then(Value::as_object) {
            properties.extend(p.clone());
        }
        for r in member.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
        description = description.or_else(|| member.get("description").cloned());
    }
    let Some(Value::Object(schema)) = schemas.get_mut(name) else { return };
    schema.remove("allOf");
    schema.insert("type".into(), json!("object"));
    if !schema.contains_key("description") {
        if let Some(description) = description {
            schema.insert("description".into(), description);
        }
    }
    schema.insert("required".into(), Value::Array(required));
    schema.insert("properties".into(), Value::Object(properties));
    schema.insert("additionalProperties".into(), json!(false));
}

/// A request that names either a template (with overrides) or a full scenario, as a `oneOf` of two named
/// closed objects: members of the other kind may only be absent or null.
fn split_target(schemas: &mut Map<String, Value>, name: &str, by_template: &str, by_scenario: &str) {
    let Some(merged) = schemas.get(name).cloned() else { return };
    let Some(properties) = merged.get("properties").and_then(Value::as_object) else { return };
    let required: Vec<Value> = merged
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r != "template" && r != "scenario")
        .collect();
    let null = json!({"type": "null"});
    let mut template_props = properties.clone();
    template_props.insert(
        "template".into(),
        json!({"type": "string", "description": "Template id (see `GET /v1/templates`)."}),
    );
    template_props.insert("scenario".into(), null.clone());
    let mut scenario_props = properties.clone();
    scenario_props.insert("scenario".into(), json!({"$ref": "#/components/schemas/Scenario"}));
    for member in ["template", "drivers", "parameters", "settings"] {
        scenario_props.insert(member.into(), null.clone());
    }
    let variant = |description: &str, first: &str, props: Map<String, Value>| {
        let mut required = required.clone();
        required.insert(0, json!(first));
        json!({
            "type": "object",
            "description": description,
            "required": required,
            "properties": props,
            "additionalProperties": false,
        })
    };
    let template_variant =
        variant(&format!("{name} by template, with overrides."), "template", template_props);
    let scenario_variant = variant(&format!("{name} of a full scenario."), "scenario", scenario_props);
    schemas.insert(by_template.into(), template_variant);
    schemas.insert(by_scenario.into(), scenario_variant);
    let mut one_of = json!({
        "oneOf": [
            {"$ref": format!("#/components/schemas/{by_template}")},
            {"$ref": format!("#/components/schemas/{by_scenario}")},
        ],
    });
    for key in ["description", "example"] {
        if let (Some(value), Some(object)) = (merged.get(key), one_of.as_object_mut()) {
            object.insert(key.into(), value.clone());
        }
    }
    schemas.insert(name.into(), one_of);
}

/// Externally tagged enums (`{"loan": {…}}`) come out as `oneOf` objects with their one member; serde
/// reads exactly one key, so the variant objects allow no other.
fn close_tagged_variants(schemas: &mut Map<String, Value>) {
    for schema in schemas.values_mut() {
        let Some(alternatives) = schema.get_mut("oneOf").and_then(Value::as_array_mut) else { continue };
        for alternative in alternatives.iter_mut().filter_map(Value::as_object_mut) {
            let one_member =
                alternative.get("properties").and_then(Value::as_object).is_some_and(|p| p.len() == 1);
            let required_is_it =
                alternative.get("required").and_then(Value::as_array).is_some_and(|r| r.len() == 1);
            if alternative.get("type") == Some(&json!("object")) && one_member && required_is_it {
                alternative.entry("additionalProperties").or_insert(json!(false));
            }
        }
    }
}

/// Exactly one of two members is given (present and not null), as `if`/`then`/`else`: "if the first is
/// given, the second is not, else the second is". (A `oneOf` of required alternatives says the same,
/// but client generators read every `oneOf` as a union of types and give up on it.)
fn exactly_one_of(schemas: &mut Map<String, Value>, name: &str, members: &[(&str, Value)]) {
    let Some(Value::Object(schema)) = schemas.get_mut(name) else { return };
    let [(first, _), (second, _)] = members else { return };
    let given =
        |member: &str| json!({"required": [member], "properties": {member: {"not": {"type": "null"}}}});
    schema.insert("if".into(), given(first));
    schema.insert("then".into(), json!({"not": given(second)}));
    schema.insert("else".into(), given(second));
}
