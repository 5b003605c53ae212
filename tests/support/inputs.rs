//! Arbitrary and mutated request inputs for the no-panic property tests (`tests/no_panic.rs` calls the
//! handlers' functions directly; `tests/api/fuzz.rs` sends a few through the real server).
//!
//! Seeds are the bundled examples: `examples/*.json`, a request per template and market built from
//! `pricing-data/templates/*.json` (defaults, minima and maxima of its drivers and parameters), and the
//! request examples of `openapi/openapi.json`. A case is a seed with up to six mutations — numbers to
//! extremes, strings to long, unicode or empty ones, fields dropped, duplicated or added (with names
//! from the schemas), values of the wrong type, arrays emptied or repeated, subtrees swapped between
//! seeds — then written as JSON text (duplicate keys included) and sometimes damaged byte-wise; or
//! arbitrary JSON of any shape.
#![allow(dead_code)] // shared by two test binaries, each using part of it

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The request a case is for: the POST bodies and the flat GET form of comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Comparison,
    ComparisonQuery,
    Amortization,
    Sweep,
    Tornado,
    Price,
}

impl Endpoint {
    pub const ALL: [Endpoint; 6] = [
        Endpoint::Comparison,
        Endpoint::ComparisonQuery,
        Endpoint::Amortization,
        Endpoint::Sweep,
        Endpoint::Tornado,
        Endpoint::Price,
    ];

    /// Method and path on the server.
    pub fn route(self) -> (&'static str, &'static str) {
        match self {
            Endpoint::Comparison => ("POST", "/v1/comparisons"),
            Endpoint::ComparisonQuery => ("GET", "/v1/comparisons"),
            Endpoint::Amortization => ("POST", "/v1/amortization"),
            Endpoint::Sweep => ("POST", "/v1/sweeps"),
            Endpoint::Tornado => ("POST", "/v1/tornado"),
            Endpoint::Price => ("POST", "/v1/prices"),
        }
    }

    /// The OpenAPI component of the request body (the GET form takes a template request's members).
    fn schema(self) -> &'static str {
        match self {
            Endpoint::Comparison => "ComparisonRequest",
            Endpoint::ComparisonQuery => "TemplateRequest",
            Endpoint::Amortization => "AssetInput",
            Endpoint::Sweep => "SweepRequest",
            Endpoint::Tornado => "TornadoRequest",
            Endpoint::Price => "PriceRequest",
        }
    }
}

/// One input: for the POST endpoints the body's bytes (not always valid JSON or UTF-8), for the GET form
/// a query string.
#[derive(Debug, Clone)]
pub struct Case {
    pub endpoint: Endpoint,
    pub bytes: Vec<u8>,
}

impl Case {
    /// The input as text (lossy), to print a failing case.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seeds and the schema member names, read once.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub seeds: Vec<(Endpoint, Value)>,
    /// Every property name in each endpoint's request schema (recursively), for added fields.
    names: Vec<(Endpoint, Vec<String>)>,
}

impl Corpus {
    /// The seeds, plus `extra` ones (e.g. price requests for offerings of the loaded catalogue).
    pub fn load(extra: Vec<(Endpoint, Value)>) -> Corpus {
        let openapi = read_json(&root().join("openapi/openapi.json"));
        let schemas = &openapi["components"]["schemas"];
        let example = |name: &str| -> Option<Value> {
            let s = &schemas[name];
            s.get("example").cloned().or_else(|| s["examples"].get(0).cloned())
        };
        let mut seeds = Vec::new();
        for name in ["ComparisonRequest", "TemplateRequest", "Scenario"] {
            seeds.extend(example(name).map(|v| (Endpoint::Comparison, v)));
        }
        for (endpoint, name) in [
            (Endpoint::Amortization, "AssetInput"),
            (Endpoint::Sweep, "SweepRequest"),
            (Endpoint::Tornado, "TornadoRequest"),
            (Endpoint::Price, "PriceRequest"),
        ] {
            seeds.extend(example(name).map(|v| (endpoint, v)));
        }
        let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
            .expect("examples/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        examples.sort();
        for path in examples {
            let scenario = read_json(&path);
            // The example scenario as a comparison, as a sweep and tornado target, and its assets alone.
            seeds.push((Endpoint::Comparison, scenario.clone()));
            seeds.push((
                Endpoint::Sweep,
                json!({"scenario": scenario, "variable": "discount_rate", "values": ["0", "0.08", "0.2"]}),
            ));
            seeds.push((Endpoint::Tornado, json!({"scenario": scenario, "option": "1", "versus": "2"})));
        }
        let mut templates: Vec<PathBuf> = std::fs::read_dir(root().join("pricing-data/templates"))
            .expect("templates/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        templates.sort();
        for path in templates {
            seeds.extend(template_requests(&read_json(&path)));
        }
        // The financing and depreciation variants the schemas name, on the AssetInput example.
        if let Some(asset) = example("AssetInput") {
            for (depreciation, financing) in [
                (json!("straight_line"), json!("cash")),
                (json!("sum_of_years_digits"), json!({"lease": {"monthly_rate": "0.03", "term_months": 24}})),
                (
                    json!({"declining_balance": {"rate": "0.3"}}),
                    json!({"loan": {"rate": "0", "term_months": 1}}),
                ),
                (json!({"declining_balance": {}}), json!({"lease": {"monthly_rate": "0.02"}})),
            ] {
                let mut a = asset.clone();
                a["depreciation"] = depreciation;
                a["financing"] = financing;
                seeds.push((Endpoint::Amortization, a));
            }
        }
        seeds.extend(extra);
        let names = Endpoint::ALL
            .iter()
            .map(|e| {
                let mut found = BTreeSet::new();
                collect_names(schemas, &schemas[e.schema()], &mut found, &mut BTreeSet::new());
                (*e, found.into_iter().collect())
            })
            .collect();
        Corpus { seeds, names }
    }

    fn names(&self, endpoint: Endpoint) -> &[String] {
        self.names.iter().find(|(e, _)| *e == endpoint).map_or(&[], |(_, n)| n.as_slice())
    }

    /// Cases: mostly mutated seeds, some arbitrary JSON for every endpoint.
    pub fn cases(&self) -> impl Strategy<Value = Case> {
        let corpus = self.clone();
        let seeds = self.seeds.len();
        // Each endpoint as often as the others, whatever its number of seeds.
        let mutated = (
            prop::sample::select(Endpoint::ALL.to_vec()),
            any::<usize>(),
            prop::collection::vec(mutation(), 0..6),
            0..seeds,
            any::<u8>(),
            any::<u64>(),
        )
            .prop_map(move |(endpoint, seed, mutations, donor, damage, at)| {
                let own: Vec<&Value> =
                    corpus.seeds.iter().filter(|(e, _)| *e == endpoint).map(|(_, v)| v).collect();
                let mut value = own.get(seed % own.len().max(1)).map_or(Value::Null, |v| (*v).clone());
                let donor = &corpus.seeds[donor].1;
                let mut duplicate = None;
                for m in &mutations {
                    apply(&mut value, m, donor, corpus.names(endpoint), &mut duplicate);
                }
                let mut bytes = if endpoint == Endpoint::ComparisonQuery {
                    query_string(&value, duplicate.as_ref()).into_bytes()
                } else {
                    let mut out = String::new();
                    write_json(&value, &mut Vec::new(), duplicate.as_ref(), &mut out);
                    out.into_bytes()
                };
                damage_bytes(&mut bytes, damage, at);
                Case { endpoint, bytes }
            });
        let arbitrary =
            (prop::sample::select(Endpoint::ALL.to_vec()), arbitrary_json()).prop_map(|(endpoint, value)| {
                let bytes = if endpoint == Endpoint::ComparisonQuery {
                    query_string(&value, None).into_bytes()
                } else {
                    value.to_string().into_bytes()
                };
                Case { endpoint, bytes }
            });
        prop_oneof![9 => mutated, 1 => arbitrary]
    }
}

/// A template's requests, per market: defaults, then every driver and parameter at its minimum and at
/// its maximum; each as a POST body, a flat GET query, a sweep over its first driver and a tornado.
fn template_requests(template: &Value) -> Vec<(Endpoint, Value)> {
    let id = template["id"].clone();
    let inputs = |key: &str, bound: &str| -> Map<String, Value> {
        template[key]
            .as_object()
            .map(|m| {
                m.iter().filter_map(|(name, spec)| Some((name.clone(), spec.get(bound)?.clone()))).collect()
            })
            .unwrap_or_default()
    };
    let first_driver = template["drivers"].as_object().and_then(|m| m.keys().next().cloned());
    let markets: Vec<String> =
        template["markets"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let mut out = Vec::new();
    for market in markets {
        for bound in ["default", "min", "max"] {
            let request = json!({
                "template": id,
                "drivers": inputs("drivers", bound),
                "parameters": inputs("parameters", bound),
                "settings": {"market": market}
            });
            out.push((Endpoint::Comparison, request.clone()));
            out.push((Endpoint::ComparisonQuery, flatten(&request)));
            if bound == "default" {
                let mut tornado = request.clone();
                tornado["option"] = json!("1");
                tornado["versus"] = json!("2");
                out.push((Endpoint::Tornado, tornado));
                if let Some(driver) = &first_driver {
                    let mut sweep = request.clone();
                    sweep["variable"] = json!(driver);
                    let spec = &template["drivers"][driver];
                    sweep["range"] =
                        json!({"from": spec["min"], "to": spec["max"], "points": 5, "scale": "log"});
                    out.push((Endpoint::Sweep, sweep));
                }
            }
        }
    }
    out
}

/// A template request as the flat GET form's parameters: `{"template": …, "users": …, "market": …}`.
fn flatten(request: &Value) -> Value {
    let mut flat = Map::new();
    flat.insert("template".into(), request["template"].clone());
    for group in ["drivers", "parameters", "settings"] {
        if let Some(m) = request[group].as_object() {
            flat.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    Value::Object(flat)
}

fn collect_names(schemas: &Value, schema: &Value, out: &mut BTreeSet<String>, seen: &mut BTreeSet<String>) {
    match schema {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                let name = r.rsplit('/').next().unwrap_or_default().to_string();
                if seen.insert(name.clone()) {
                    collect_names(schemas, &schemas[&name], out, seen);
                }
            }
            if let Some(props) = m.get("properties").and_then(Value::as_object) {
                out.extend(props.keys().cloned());
            }
            for v in m.values() {
                collect_names(schemas, v, out, seen);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_names(schemas, v, out, seen)),
        _ => {}
    }
}

/// One mutation: what to do, where (an index into the value's nodes) and a random number for details.
#[derive(Debug, Clone)]
pub struct Mutation {
    op: u8,
    at: usize,
    x: u64,
    text: String,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (any::<u8>(), any::<usize>(), any::<u64>(), "\\PC{0,12}").prop_map(|(op, at, x, text)| Mutation {
        op,
        at,
        x,
        text,
    })
}

/// Numbers at the edges: zero, signs, the limits of every range the API states, integer and Decimal
/// bounds, huge, tiny and fractional values.
const EXTREME_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "12",
    "13",
    "199",
    "200",
    "201",
    "239",
    "240",
    "241",
    "600",
    "601",
    "1000000000",
    "1000000001",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "1e9",
    "1e28",
    "1e29",
    "1e308",
    "-1e308",
    "1e-30",
    "0.5",
    "0.999999",
    "1.000001",
    "0.0000000000000000000000000001",
    "3.5",
    "-0.99",
    "10",
    "100",
    "1e400",
];

/// Strings at the edges: empty, blank, numbers written oddly, dates and months out of range, ids with
/// odd characters, unicode, control characters and very long ones.
fn extreme_string(x: u64, text: &str) -> String {
    let fixed: &[&str] = &[
        "",
        " ",
        "0",
        "-0",
        "1e30",
        "-1",
        "NaN",
        "inf",
        "0x10",
        "1_000",
        " 1",
        "1 ",
        "1,5",
        "١٢٣",
        "1e-30",
        "79228162514264337593543950336",
        "0.00000000000000000000000000001",
        "2026-13",
        "0000-01",
        "9999-12",
        "10000-01",
        "2026-1",
        "aws/ec2/us-east-1/m7i.xlarge",
        "team-im",
        "../../etc/passwd",
        "%00",
        "用户",
        "🙂🙃",
        "\u{0}",
        "\u{202e}gnp",
        "a\nb",
        "USD",
        "JPY",
        "XXX",
        "cash",
        "lease",
        "log",
        "linear",
    ];
    match x % 5 {
        // Long: usually up to 300 characters, one time in 16 10,000 (ids that long make the suggestion
        // search slow, which is a matter of limits, not panics).
        0 => "x".repeat(if (x >> 3) % 16 == 0 { 10_000 } else { 1 + (x as usize >> 7) % 300 }),
        1 => "🙂".repeat(1 + (x as usize >> 3) % 2_000),
        2 => text.to_string(),
        _ => fixed[(x as usize >> 3) % fixed.len()].to_string(),
    }
}

/// A path into a JSON value.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn paths(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(Seg::Key(k.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                prefix.push(Seg::Index(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::Index(i) => v.get_mut(*i),
    })
}

fn pick(v: &Value, x: u64) -> &Value {
    let mut all = Vec::new();
    paths(v, &mut Vec::new(), &mut all);
    let path = &all[(x as usize) % all.len()];
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &v[k.as_str()],
        Seg::Index(i) => &v[*i],
    })
}

fn number(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::String(text.to_string()))
}

/// Applies one mutation; `duplicate` records an object member to write twice.
fn apply(
    value: &mut Value,
    m: &Mutation,
    donor: &Value,
    names: &[String],
    duplicate: &mut Option<(Vec<Seg>, String)>,
) {
    let mut all = Vec::new();
    paths(value, &mut Vec::new(), &mut all);
    let path = all[m.at % all.len()].clone();
    let Some(node) = node_mut(value, &path) else { return };
    let x = m.x;
    match m.op % 12 {
        // A number (or a decimal string) at an extreme, as a JSON number or as a string.
        0 | 1 => {
            let n = EXTREME_NUMBERS[(x as usize) % EXTREME_NUMBERS.len()];
            *node = if m.op % 2 == 0 || node.is_number() { number(n) } else { Value::String(n.into()) };
        }
        2 => *node = Value::String(extreme_string(x, &m.text)),
        // The wrong type.
        3 => {
            *node = match x % 7 {
                0 => Value::Null,
                1 => Value::Bool(x % 2 == 0),
                2 => json!(x),
                3 => json!(-(x as f64) / 3.0),
                4 => json!([]),
                5 => json!({}),
                _ => json!([node.clone()]),
            }
        }
        // Drop a member or an element.
        4 => match node {
            Value::Object(obj) if !obj.is_empty() => {
                let key = obj.keys().nth((x as usize) % obj.len()).cloned().unwrap_or_default();
                obj.remove(&key);
            }
            Value::Array(a) if !a.is_empty() => {
                a.remove((x as usize) % a.len());
            }
            _ => *node = Value::Null,
        },
        // Write a member twice (the second with another value).
        5 => {
            if let Value::Object(obj) = node {
                if let Some(key) = obj.keys().nth((x as usize) % obj.len().max(1)).cloned() {
                    *duplicate = Some((path, key));
                }
            }
        }
        // A member the schema has somewhere (maybe not here), or an unknown one.
        6 => {
            if let Value::Object(obj) = node {
                let key = if names.is_empty() || x % 4 == 0 {
                    m.text.clone()
                } else {
                    names[(x as usize >> 2) % names.len()].clone()
                };
                let v = pick(donor, x >> 8).clone();
                obj.insert(key, v);
            } else {
                *node = pick(donor, x).clone();
            }
        }
        // Arrays: empty, or an element repeated up to 300 times.
        7 => match node {
            Value::Array(a) if !a.is_empty() && x % 2 == 0 => {
                let item = a[(x as usize >> 1) % a.len()].clone();
                let n = 1 + (x as usize >> 8) % 300;
                a.extend(std::iter::repeat_n(item, n));
            }
            Value::Array(a) => a.clear(),
            Value::Object(obj) => obj.clear(),
            _ => *node = json!([node.clone(), node.clone()]),
        },
        // A subtree of another seed.
        8 | 9 => *node = pick(donor, x).clone(),
        // Numbers nudged: ±1, ×10, negated.
        10 => {
            if let Some(s) =
                node.as_str().map(str::to_string).or_else(|| node.as_number().map(|n| n.to_string()))
            {
                let nudged = match x % 4 {
                    0 => format!("-{s}"),
                    1 => format!("{s}0"),
                    2 => format!("{s}.000000001"),
                    _ => format!("{s}e3"),
                };
                *node = if node.is_number() { number(&nudged) } else { Value::String(nudged) };
            }
        }
        // Deep nesting.
        _ => {
            let mut deep = node.clone();
            for _ in 0..(1 + x % 40) {
                deep = json!([deep]);
            }
            *node = deep;
        }
    }
}

/// JSON text of `v`; the member `duplicate` names is written twice (first `null`, then its value).
fn write_json(v: &Value, at: &mut Vec<Seg>, duplicate: Option<&(Vec<Seg>, String)>, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push('{');
            let mut first = true;
            let mut member = |out: &mut String, k: &str, value: &dyn Fn(&mut String)| {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&Value::String(k.to_string()).to_string());
                out.push(':');
                value(out);
            };
            for (k, child) in m {
                if duplicate.is_some_and(|(p, key)| p == at && key == k) {
                    member(out, k, &|out| out.push_str("null"));
                }
                at.push(Seg::Key(k.clone()));
                let mut text = String::new();
                write_json(child, at, duplicate, &mut text);
                at.pop();
                member(out, k, &|out| out.push_str(&text));
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, child) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                at.push(Seg::Index(i));
                write_json(child, at, duplicate, out);
                at.pop();
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The flat GET form of a value: its top-level members as `name=value` pairs (strings bare, anything
/// else as JSON), a duplicated member repeated.
fn query_string(v: &Value, duplicate: Option<&(Vec<Seg>, String)>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if duplicate.is_some_and(|(p, key)| p.is_empty() && key == k) {
                    q.append_pair(k, "1");
                }
                q.append_pair(k, &text(child));
            }
        }
        other => {
            q.append_pair(&text(other), "");
        }
    }
    q.finish()
}

/// Now and then, damage the bytes: cut them short, put in a byte that is not UTF-8, or add trailing
/// garbage.
fn damage_bytes(bytes: &mut Vec<u8>, damage: u8, at: u64) {
    let n = bytes.len().max(1);
    let i = (at as usize) % n;
    match damage {
        0..=3 => bytes.truncate(i),
        4 | 5 => {
            if let Some(b) = bytes.get_mut(i) {
                *b = 0xFF;
            }
        }
        6 => bytes.extend_from_slice(b"}{,"),
        7 => bytes.insert(i.min(bytes.len()), b'\\'),
        _ => {}
    }
}

/// Any JSON: scalars with extreme numbers and odd strings, nested arrays and objects.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(EXTREME_NUMBERS).prop_map(|s| Value::String(s.to_string())),
        "\\PC{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,16}",
                    prop::sample::select(vec![
                        "template",
                        "drivers",
                        "options",
                        "components",
                        "currency",
                        "horizon_months",
                        "variable",
                        "range",
                        "offering",
                        "quantity",
                        "cost",
                        "scenario",
                        "users",
                    ])
                    .prop_map(str::to_string)
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
