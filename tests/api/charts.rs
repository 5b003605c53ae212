//! `format=svg`: charts that are well-formed SVG documents, whose stated figures are the JSON answer's
//! for the same query, and whose lines are the options' (one polyline each).

use crate::helpers::{assert_problem, spawn_app, TestApp};
use quick_xml::events::Event;
use serde_json::Value;

const TEAM_IM: &str = "/v1/comparisons?template=team-im&users=137";
const SWEEP: &str = "/v1/sweeps?template=team-im&variable=users&from=10&to=5000&points=24&scale=log";

/// The parts of a chart the tests read: root attributes, `<title>`, `<desc>`, the `<metadata>` JSON
/// and how many polylines it draws.
#[derive(Debug, Default)]
struct Chart {
    root: Vec<(String, String)>,
    title: String,
    desc: String,
    data: Value,
    /// Polylines of more than two points: the data lines.
    polylines: usize,
}

/// Parses the whole document with an XML parser (any malformed markup fails the test).
fn parse_chart(svg: &str) -> Chart {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut chart = Chart::default();
    let mut inside = String::new();
    let mut text = String::new();
    let mut depth = 0;
    loop {
        match reader.read_event().expect("the chart is well-formed XML") {
            Event::Start(element) => {
                let name = String::from_utf8_lossy(element.name().as_ref()).into_owned();
                if depth == 0 {
                    assert_eq!(name, "svg", "the root element");
                    chart.root = element
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attribute");
                            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                            (
                                key,
                                a.normalized_value(quick_xml::XmlVersion::default())
                                    .expect("value")
                                    .into_owned(),
                            )
                        })
                        .collect();
                }
                depth += 1;
                inside = name;
                text.clear();
            }
            // Grid, axes and legend keys are two-point polylines; a data line has a point per month or value.
            Event::Empty(element) if element.name().as_ref() == b"polyline" => {
                let points = element.try_get_attribute("points").expect("attribute").expect("points");
                if String::from_utf8_lossy(&points.value).split_whitespace().count() > 2 {
                    chart.polylines += 1;
                }
            }
            Event::Text(part) => text.push_str(&part.decode().expect("text")),
            // quick-xml reports each entity (`&quot;`) as its own event.
            Event::GeneralRef(entity) => {
                let name = entity.decode().expect("entity");
                let wrapped = format!("&{name};");
                text.push_str(&quick_xml::escape::unescape(&wrapped).expect("a known entity"));
            }
            Event::End(_) => {
                match inside.as_str() {
                    "title" if chart.title.is_empty() => chart.title = text.clone(),
                    "desc" => chart.desc = text.clone(),
                    "metadata" => chart.data = serde_json::from_str(&text).expect("metadata is JSON"),
                    _ => {}
                }
                text.clear();
                depth -= 1;
                inside.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element closed");
    chart
}

async fn svg_of(app: &TestApp, path: &str) -> (reqwest::header::HeaderMap, Chart) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "image/svg+xml");
    (headers, parse_chart(&response.text().await.expect("body")))
}

async fn json_of(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("JSON")
}

fn attribute<'a>(chart: &'a Chart, key: &str) -> &'a str {
    chart.root.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default()
}

#[tokio::test]
async fn a_comparison_chart_states_the_json_answers_figures() {
    let app = spawn_app().await;
    let answer = json_of(&app, TEAM_IM).await;
    let (headers, chart) = svg_of(&app, &format!("{TEAM_IM}&format=svg")).await;

    assert_eq!(attribute(&chart, "role"), "img");
    assert_eq!(attribute(&chart, "viewBox"), "0 0 960 540");
    assert_eq!(chart.title, "Cumulative cash per option (USD)");
    assert_eq!(headers["x-catalog-version"], answer["catalog_version"].as_str().expect("version"));
    assert_eq!(chart.data["catalog_version"], answer["catalog_version"]);

    let options = answer["options"].as_array().expect("options");
    assert_eq!(chart.polylines, options.len(), "one line per option");
    let finals = chart.data["options"].as_array().expect("chart options");
    assert_eq!(finals.len(), options.len());
    for (drawn, option) in finals.iter().zip(options) {
        let last = option["monthly"].as_array().and_then(|m| m.last()).expect("months");
        assert_eq!(drawn["option"], option["name"]);
        assert_eq!(drawn["final"], last["cumulative_cash"], "{}", option["name"]);
        let sentence = format!(
            "{}: {} USD by month 60.",
            option["name"].as_str().expect("name"),
            last["cumulative_cash"].as_str().expect("amount")
        );
        assert!(chart.desc.contains(&sentence), "{sentence} in {}", chart.desc);
    }

    // Every break-even month of the answer is marked, at the option's cumulative cash that month.
    let evens: Vec<&Value> =
        answer["break_even"].as_array().expect("break_even").iter().filter(|b| b["month"].is_u64()).collect();
    let marks = chart.data["break_even"].as_array().expect("marks");
    assert!(!evens.is_empty(), "team-im at 137 users breaks even");
    assert_eq!(marks.len(), evens.len());
    for (mark, even) in marks.iter().zip(evens) {
        assert_eq!(mark["option"], even["option"]);
        assert_eq!(mark["month"], even["month"]);
        let option = options.iter().find(|o| o["name"] == even["option"]).expect("option");
        let month = even["month"].as_u64().expect("month") as usize;
        assert_eq!(mark["cumulative_cash"], option["monthly"][month - 1]["cumulative_cash"]);
    }
}

#[tokio::test]
async fn a_paths_switch_is_a_vertical_at_the_month_its_stage_starts() {
    let app = spawn_app().await;
    let answer = json_of(&app, "/v1/comparisons?template=team-im&users=137").await;
    let path = &answer["options"][3];
    let month = path["stages"][1]["from_month"].as_u64().expect("the path switches at 137 users");
    let (_, chart) = svg_of(&app, "/v1/comparisons?template=team-im&users=137&format=svg").await;
    let switches = chart.data["switches"].as_array().expect("switches");
    assert_eq!(switches.len(), 1, "{switches:?}");
    assert_eq!(switches[0]["option"], path["name"]);
    assert_eq!(switches[0]["stage"], path["stages"][1]["name"]);
    assert_eq!(switches[0]["month"], month);
    let said = format!(
        "{} switches to {} in month {month}.",
        path["name"].as_str().expect("name"),
        path["stages"][1]["name"].as_str().expect("stage")
    );
    assert!(chart.desc.contains(&said), "{}", chart.desc);
}

#[tokio::test]
async fn the_pnl_chart_ends_at_each_options_total_expense() {
    let app = spawn_app().await;
    let answer = json_of(&app, TEAM_IM).await;
    let (_, chart) = svg_of(&app, &format!("{TEAM_IM}&format=svg&chart=pnl")).await;
    assert_eq!(chart.title, "Cumulative P&L expense per option (USD)");
    assert_eq!(chart.data["chart"], "pnl");
    assert_eq!(chart.data["break_even"].as_array().map(Vec::len), Some(0), "no cash marks on P&L");
    for (drawn, option) in chart.data["options"]
        .as_array()
        .expect("options")
        .iter()
        .zip(answer["options"].as_array().expect("options"))
    {
        assert_eq!(drawn["final"], option["totals"]["expense"], "{}", option["name"]);
    }
}

#[tokio::test]
async fn a_sweep_chart_marks_the_json_answers_crossovers() {
    let app = spawn_app().await;
    let answer = json_of(&app, SWEEP).await;
    let (_, chart) = svg_of(&app, &format!("{SWEEP}&format=svg")).await;
    assert_eq!(chart.title, "Cost per option (NPV) across users (USD)");
    let crossovers = answer["crossovers"].as_array().expect("crossovers");
    assert!(!crossovers.is_empty(), "team-im crosses over between 10 and 5,000 users");
    let marked = chart.data["crossovers"].as_array().expect("marked");
    assert_eq!(marked.len(), crossovers.len());
    for (mark, crossover) in marked.iter().zip(crossovers) {
        for key in ["from", "to", "at"] {
            assert_eq!(mark[key], crossover[key], "{key}");
        }
        let sentence = format!(
            "{} → {} at {}.",
            crossover["from"].as_str().expect("from"),
            crossover["to"].as_str().expect("to"),
            crossover["at"].as_str().expect("at")
        );
        assert!(chart.desc.contains(&sentence), "{sentence} in {}", chart.desc);
    }
    assert_eq!(chart.data["points"], answer["points"].as_array().map(Vec::len).expect("points"));
    assert!(chart.polylines >= 3, "a line per option (split where unavailable)");
}

#[tokio::test]
async fn accept_image_svg_chooses_the_chart_and_each_representation_has_its_own_etag() {
    let app = spawn_app().await;
    let url = format!("{}{TEAM_IM}", app.address);
    let by_accept = app.client.get(&url).header("accept", "image/svg+xml").send().await.expect("GET");
    assert_eq!(by_accept.headers()["content-type"], "image/svg+xml");
    let svg_etag = by_accept.headers()["etag"].clone();
    let json = app.get(TEAM_IM).await;
    assert_ne!(json.headers()["etag"], svg_etag, "JSON and SVG are different representations");
    let revalidated =
        app.client.get(&url).header("accept", "image/svg+xml").header("if-none-match", svg_etag).send().await;
    assert_eq!(revalidated.expect("GET").status(), 304);
}

#[tokio::test]
async fn charts_speak_chinese() {
    let app = spawn_app().await;
    let (headers, chart) = svg_of(&app, &format!("{TEAM_IM}&market=china&format=svg&lang=zh-CN")).await;
    assert_eq!(headers["content-language"], "zh-CN");
    assert_eq!(chart.title, "各方案累计现金支出（CNY）");
    assert!(chart.desc.contains("至第 60 个月累计"), "{}", chart.desc);
}

#[tokio::test]
async fn endpoints_without_a_chart_refuse_format_svg_naming_the_field() {
    let app = spawn_app().await;
    for path in [
        "/v1/uncertainty?template=team-im&users=137&draws=10&format=svg",
        "/v1/tornado?template=team-im&users=137&format=svg",
        "/v1/scorecards?template=team-im&users=137&format=svg",
    ] {
        let problem = assert_problem(app.get(path).await, 400).await;
        assert!(problem.to_string().contains("/format"), "{path}: {problem}");
    }
    let problem = assert_problem(app.get(&format!("{TEAM_IM}&format=svg&chart=bars")).await, 400).await;
    assert!(problem.to_string().contains("/chart"), "{problem}");
}

/// The README's example charts are what the API draws on the bundled data (re-draw them with the
/// README's `curl` lines when this fails). The catalogue version in their metadata is left out: it
/// changes with any data file, the picture only with the prices it shows.
#[tokio::test]
async fn the_readme_example_charts_are_what_the_api_draws() {
    let app = spawn_app().await;
    let without_version = |svg: &str| -> String {
        let key = "catalog_version&quot;:&quot;";
        match svg.split_once(key) {
            Some((before, after)) => {
                format!("{before}{}", after.split_once("&quot;").map_or("", |(_, rest)| rest))
            }
            None => svg.to_string(),
        }
    };
    for (path, file) in [
        (TEAM_IM.to_string(), "team-im-137-users.svg"),
        (SWEEP.to_string(), "team-im-users-sweep.svg"),
        (
            "/v1/comparisons?template=team-im&users=120&market=china&lang=zh-CN".to_string(),
            "team-im-china-120-users-zh.svg",
        ),
    ] {
        let drawn = app.get(&format!("{path}&format=svg")).await.text().await.expect("svg");
        let kept =
            std::fs::read_to_string(crate::helpers::root().join("examples/charts").join(file)).expect(file);
        assert!(
            without_version(&drawn) == without_version(&kept),
            "{file} is not what {path} draws: re-draw it"
        );
    }
}
