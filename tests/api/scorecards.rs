//! Scorecards over HTTP: the issue's example (team IM in China, data in mainland China, weights
//! 40/20/20/10/10) with the same numbers in JSON, CSV and xlsx; 422s naming the field; attributes on
//! offerings with their provenance.

use crate::helpers::{assert_problem, spawn_app};
use calamine::{Data, Reader, Xlsx};
use serde_json::{json, Value};
use std::io::Cursor;

const WEIGHTS: &str = "price:40,support:20,security:20,deployment:10,vendor:10";

fn request() -> Value {
    json!({
        "template": "team-im", "drivers": {"users": "120"}, "settings": {"market": "china"},
        "criteria": [
            {"criterion": "price", "weight": "40"}, {"criterion": "support", "weight": "20"},
            {"criterion": "security", "weight": "20"}, {"criterion": "deployment", "weight": "10"},
            {"criterion": "vendor", "weight": "10"}
        ],
        "requirements": [{"check": "data_in", "place": "CN"}],
        "premises": "CN"
    })
}

fn query(format: &str) -> String {
    format!("/v1/scorecards?template=team-im&users=120&market=china&weights={WEIGHTS}&require=data_in:CN&premises=CN{format}")
}

fn decimal(value: &Value) -> f64 {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a decimal string: {value}"))
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    // The scorecard's cells hold no newlines; quoted commas are split by the simple parser below.
    text.lines()
        .map(|line| {
            let mut cells = Vec::new();
            let (mut cell, mut quoted) = (String::new(), false);
            for c in line.chars() {
                match c {
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(std::mem::take(&mut cell)),
                    _ => cell.push(c),
                }
            }
            cells.push(cell);
            cells
        })
        .collect()
}

#[tokio::test]
async fn a_team_im_scorecard_in_china_scores_ranks_and_sources_the_same_in_json_csv_and_xlsx() {
    let app = spawn_app().await;
    let response = app.post_json("/v1/scorecards", &request()).await;
    assert_eq!(response.status().as_u16(), 200);
    let card: Value = response.json().await.expect("JSON");
    let options = card["options"].as_array().expect("options");
    assert!(options.len() >= 3, "{card}");

    // The price rule is the lowest-price ratio: the benchmark is the lowest eligible price and scores 100.
    assert_eq!(card["price_rule"]["rule"], "lowest_price_ratio");
    let benchmark = decimal(&card["price_rule"]["benchmark"]);
    for option in options {
        let scores = option["scores"].as_array().expect("scores");
        let names: Vec<&str> = scores.iter().filter_map(|s| s["name"].as_str()).collect();
        assert_eq!(names, ["price", "support", "security", "deployment", "vendor"]);
        let price = decimal(&option["price"]);
        let price_score = decimal(&scores[0]["score"]);
        let expected = if option["eligible"] == true || price >= benchmark {
            (benchmark / price * 100.0).min(100.0)
        } else {
            100.0
        };
        assert!(
            (price_score - expected).abs() < 0.006,
            "{}: price score {price_score}, expected {expected}",
            option["option"]
        );
        // weighted = score × weight ÷ 100 and the total is their sum.
        let mut total = 0.0;
        for s in scores {
            let (score, weight, weighted) =
                (decimal(&s["score"]), decimal(&s["weight"]), decimal(&s["weighted"]));
            assert!((0.0..=100.0).contains(&score), "{s}");
            assert!((score * weight / 100.0 - weighted).abs() < 0.006, "{s}");
            if s["criterion"] != "price" {
                let items: f64 =
                    s["items"].as_array().expect("rubric items").iter().map(|i| decimal(&i["points"])).sum();
                assert!((items - score).abs() < 1e-9, "a rubric score is its items' sum: {s}");
            }
            total += weighted;
        }
        assert!((total - decimal(&option["total"])).abs() < 1e-9, "{option}");
        // The requirement is judged with the attribute and its source.
        let requirement = &option["requirements"][0];
        assert_eq!(requirement["requirement"], "data stored in mainland China (CN)");
        if requirement["status"] == "pass" {
            for evidence in requirement["evidence"].as_array().expect("evidence") {
                assert!(evidence["source_url"].as_str().is_some_and(|u| u.starts_with("http")), "{evidence}");
                assert!(evidence["retrieved"].is_string(), "{evidence}");
            }
        }
        assert_eq!(option["eligible"] == true, requirement["status"] == "pass");
        assert_eq!(option["rank"].is_number(), option["eligible"] == true);
    }
    // OpenIM on Alibaba Cloud Hangzhou stores data in mainland China, and is ranked.
    let alibaba = options
        .iter()
        .find(|o| o["option"].as_str().is_some_and(|n| n.contains("Alibaba")))
        .expect("an Alibaba option");
    assert_eq!(alibaba["requirements"][0]["status"], "pass", "{alibaba}");
    let ranking = card["ranking"].as_array().expect("ranking");
    assert_eq!(ranking[0]["rank"], 1);
    assert_eq!(ranking.len(), options.iter().filter(|o| o["eligible"] == true).count());

    // The flat GET form is the same scorecard.
    let get: Value = app.get(&query("")).await.json().await.expect("JSON");
    assert_eq!(get, card);

    // CSV: the same numbers, a row per option.
    let csv = app.get(&query("&format=csv")).await.text().await.expect("CSV");
    let rows = csv_rows(&csv);
    let header = &rows[0];
    let column = |name: &str| {
        header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name} in {header:?}"))
    };
    for (option, row) in options.iter().zip(&rows[1..]) {
        assert_eq!(row[column("option")], option["option"].as_str().expect("name"));
        assert_eq!(row[column("total")], option["total"].as_str().expect("total"));
        for s in option["scores"].as_array().expect("scores") {
            let name = s["name"].as_str().expect("name");
            assert_eq!(row[column(&format!("{name} score"))], s["score"].as_str().expect("score"), "{name}");
        }
        assert_eq!(
            row[column("requires data stored in mainland China (CN)")],
            option["requirements"][0]["status"].as_str().expect("status")
        );
    }
    let requirements = app.get(&query("&format=csv&view=requirements")).await.text().await.expect("CSV");
    assert!(
        requirements.starts_with(
            "option,requirement,status,offering,attribute,value,source_url,basis,date,retrieved"
        ),
        "{requirements}"
    );
    assert!(requirements.contains(",pass,alibaba/"), "{requirements}");

    // xlsx: the Scores sheet holds the same numbers.
    let response = app.get(&query("&format=xlsx")).await;
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"scorecard.xlsx\"");
    let bytes = response.bytes().await.expect("body").to_vec();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["Scores", "Requirements", "Items", "Criteria"]);
    let sheet = workbook.worksheet_range("Scores").expect("Scores");
    let cell = |row: usize, col: usize| sheet.get((row, col)).cloned().unwrap_or(Data::Empty);
    for (r, option) in options.iter().enumerate() {
        assert_eq!(cell(r + 1, 0), Data::String(option["option"].as_str().expect("name").to_string()));
        assert_eq!(cell(r + 1, column("total")), Data::Float(decimal(&option["total"])));
        assert_eq!(cell(r + 1, column("price score")), Data::Float(decimal(&option["scores"][0]["score"])));
    }
}

#[tokio::test]
async fn weights_and_checks_that_do_not_hold_are_422s_naming_the_field() {
    let app = spawn_app().await;
    let mut short = request();
    short["criteria"][4]["weight"] = json!("0");
    let problem = assert_problem(app.post_json("/v1/scorecards", &short).await, 422).await;
    let pointers: Vec<&str> =
        problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["pointer"].as_str()).collect();
    assert!(pointers.contains(&"/criteria/4/weight") && pointers.contains(&"/criteria"), "{problem}");
    assert!(problem.to_string().contains("add up to 90, not 100"), "{problem}");

    let mut place = request();
    place["requirements"] = json!([{"check": "data_in", "place": "China"}]);
    let problem = assert_problem(app.post_json("/v1/scorecards", &place).await, 422).await;
    assert_eq!(problem["errors"][0]["pointer"], "/requirements/0/place", "{problem}");

    let mut manual = request();
    manual["criteria"][4] = json!({"criterion": "manual", "weight": "10", "scores": {"nobody": "50"}});
    let problem = assert_problem(app.post_json("/v1/scorecards", &manual).await, 422).await;
    assert!(problem.to_string().contains("no option is named `nobody`"), "{problem}");

    let problem =
        assert_problem(app.get("/v1/scorecards?template=team-im&weights=price:forty").await, 422).await;
    assert!(problem.to_string().contains("`forty` is not a decimal number"), "{problem}");
    let problem = assert_problem(
        app.get(&format!("/v1/scorecards?template=team-im&weights={WEIGHTS}&require=iso")).await,
        422,
    )
    .await;
    assert!(problem.to_string().contains("`iso` is not a requirement"), "{problem}");
}

#[tokio::test]
async fn an_offering_shows_its_attributes_with_their_provenance_and_unknown_stays_absent() {
    let app = spawn_app().await;
    let slack: Value = app.get("/v1/offerings/slack/slack/global/pro").await.json().await.expect("JSON");
    let attributes = &slack["attributes"];
    // Slack publishes its SLA for Business+ and above only: for Pro, a sourced absence.
    assert_eq!(attributes["sla"]["published"], false, "{attributes}");
    assert!(attributes["sla"]["provenance"]["source_url"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    assert!(attributes["sla"]["provenance"]["retrieved"].is_string());
    let plus: Value =
        app.get("/v1/offerings/slack/slack/global/business-plus").await.json().await.expect("JSON");
    assert_eq!(plus["attributes"]["sla"]["availability_percent"], "99.99", "{}", plus["attributes"]);

    // No profile: nothing is stated, rather than a default that looks like a fact.
    let labour: Value = app.get("/v1/offerings/bls/sysadmin/us/median").await.json().await.expect("JSON");
    assert_eq!(labour["attributes"], json!({"profiles": []}));
}

#[tokio::test]
async fn the_readme_scorecard_example_is_what_the_server_answers() {
    let app = spawn_app().await;
    let readme = std::fs::read_to_string(crate::helpers::root().join("README.md")).expect("README");
    let section = readme.split("### Scorecards").nth(1).expect("the section");
    let command =
        section.split("curl -s '").nth(1).and_then(|s| s.split('\'').next()).expect("the curl command");
    let path = command.strip_prefix("localhost:8080").expect("a local URL");
    let shown = section.split("```csv\n").nth(1).and_then(|s| s.split("```").next()).expect("the CSV block");
    let answer = app.get(path).await.text().await.expect("CSV");
    assert_eq!(answer.replace("\r\n", "\n"), shown, "update the README's scorecard example");
}

#[tokio::test]
async fn the_team_im_template_names_the_attributes_that_matter_for_its_question() {
    let app = spawn_app().await;
    let template: Value = app.get("/v1/templates/team-im").await.json().await.expect("JSON");
    let named: Vec<&str> = template["considerations"]
        .as_array()
        .expect("considerations")
        .iter()
        .filter_map(|c| c["attribute"].as_str())
        .collect();
    for expected in [
        "residency",
        "certifications.mlps",
        "features.sso",
        "features.message_retention",
        "support.languages",
    ] {
        assert!(named.contains(&expected), "{expected} in {named:?}");
    }
    assert!(template["considerations"]
        .as_array()
        .expect("list")
        .iter()
        .all(|c| c["why"].as_str().is_some_and(|w| !w.is_empty())));
}
