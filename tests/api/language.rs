//! Answers in Simplified Chinese: `Accept-Language: zh-CN` or `lang=zh-CN` gives Chinese names, warnings,
//! problems, CSV headers and workbook sheets; English stays the default; the numbers never change.

use crate::helpers::{assert_problem, root, spawn_app, spawn_app_with, TestApp};
use breakeven::config::{KeyRing, Settings};
use serde_json::{json, Value};

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

async fn get_in(app: &TestApp, path: &str, accept_language: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(language) = accept_language {
        request = request.header("accept-language", language);
    }
    request.send().await.expect("GET")
}

const CHINA_IM: &str = "/v1/comparisons?template=team-im&users=120&market=china";

#[tokio::test]
async fn a_chinese_comparison_has_chinese_names_and_warnings_and_the_same_numbers() {
    let app = spawn_app().await;
    let english = get_in(&app, CHINA_IM, None).await;
    assert_eq!(english.status(), 200);
    assert_eq!(english.headers()["content-language"], "en");
    let english_etag = english.headers()["etag"].to_str().expect("etag").to_string();
    let english: Value = english.json().await.expect("JSON");

    let chinese = get_in(&app, CHINA_IM, Some("zh-CN,zh;q=0.9,en;q=0.8")).await;
    assert_eq!(chinese.status(), 200);
    assert_eq!(chinese.headers()["content-language"], "zh-CN");
    let vary = chinese.headers()["vary"].to_str().expect("vary").to_string();
    assert!(vary.contains("Accept-Language"), "caches must key on the language: {vary}");
    let chinese_etag = chinese.headers()["etag"].to_str().expect("etag").to_string();
    assert_ne!(chinese_etag, english_etag, "another language is another representation");
    let chinese: Value = chinese.json().await.expect("JSON");

    let names = |c: &Value| -> Vec<String> {
        c["options"]
            .as_array()
            .expect("options")
            .iter()
            .map(|o| o["name"].as_str().expect("name").to_string())
            .collect()
    };
    assert!(names(&english).iter().all(|n| !has_chinese(n)), "{:?}", names(&english));
    assert!(
        names(&chinese).iter().all(|n| has_chinese(n)),
        "every team-im option has a Chinese name: {:?}",
        names(&chinese)
    );
    assert!(names(&chinese)[0].contains("飞书"), "{:?}", names(&chinese));
    for (en, zh) in english["options"]
        .as_array()
        .expect("options")
        .iter()
        .zip(chinese["options"].as_array().expect("options"))
    {
        assert_eq!(en["totals"], zh["totals"], "the numbers do not depend on the language");
        let components = |o: &Value| {
            o["line_items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["component"].as_str().expect("component").to_string())
                .collect::<Vec<_>>()
        };
        assert!(components(zh).iter().all(|c| has_chinese(c)), "component names: {:?}", components(zh));
    }
    assert_eq!(
        english["ranking"]["by_npv"].as_array().map(Vec::len),
        chinese["ranking"]["by_npv"].as_array().map(Vec::len)
    );
    let messages = |c: &Value| {
        c["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .map(|w| w["message"].as_str().expect("message").to_string())
            .collect::<Vec<_>>()
    };
    assert!(!messages(&chinese).is_empty());
    assert_eq!(messages(&english).len(), messages(&chinese).len());
    assert!(messages(&chinese).iter().all(|m| has_chinese(m)), "{:#?}", messages(&chinese));
    // (An English message may quote Chinese from the data — a price's note — but is not the Chinese one.)
    for (en, zh) in messages(&english).iter().zip(messages(&chinese).iter()) {
        assert_ne!(en, zh);
    }

    // `lang=` is the spreadsheet's way, and wins over the header.
    let by_parameter = get_in(&app, &format!("{CHINA_IM}&lang=zh-CN"), Some("en")).await;
    assert_eq!(by_parameter.headers()["content-language"], "zh-CN");
    let by_parameter: Value = by_parameter.json().await.expect("JSON");
    assert_eq!(by_parameter, chinese);

    // The English validator does not revalidate the Chinese answer (and a cached English answer is not
    // served for a Chinese request).
    let revalidated = app
        .client
        .get(format!("{}{CHINA_IM}", app.address))
        .header("accept-language", "zh-CN")
        .header("if-none-match", &english_etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(revalidated.status(), 200);
    let again = get_in(&app, CHINA_IM, Some("zh-CN")).await;
    assert_eq!(again.headers()["etag"].to_str().expect("etag"), chinese_etag);
    let again = get_in(&app, CHINA_IM, None).await;
    assert_eq!(again.json::<Value>().await.expect("JSON"), english);
}

#[tokio::test]
async fn problems_are_in_chinese_and_an_unknown_lang_is_a_400_naming_it() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/v1/comparisons", app.address))
        .header("accept-language", "zh-CN")
        .json(&json!({"currency": "USD", "horizon_months": 0, "start": "2026-01", "options": []}))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.headers()["content-language"], "zh-CN");
    let problem = assert_problem(response, 422).await;
    assert_eq!(problem["title"], "请求无效");
    assert_eq!(problem["type"], "/problems/invalid-body", "the problem type stays the same");
    let details: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["detail"].as_str().expect("detail"))
        .collect();
    assert!(!details.is_empty() && details.iter().all(|d| has_chinese(d)), "{details:?}");
    assert!(has_chinese(problem["detail"].as_str().expect("detail")), "{problem}");

    let english = app
        .client
        .post(format!("{}/v1/comparisons", app.address))
        .json(&json!({"currency": "USD", "horizon_months": 0, "start": "2026-01", "options": []}))
        .send()
        .await
        .expect("POST");
    let english = assert_problem(english, 422).await;
    assert_eq!(english["title"], "The request is invalid");
    assert_eq!(english["errors"].as_array().map(Vec::len), problem["errors"].as_array().map(Vec::len));

    let unknown = get_in(&app, "/v1/templates?lang=fr", None).await;
    let unknown = assert_problem(unknown, 400).await;
    assert_eq!(unknown["errors"][0]["pointer"], "/lang");

    let missing = assert_problem(get_in(&app, "/v1/nowhere", Some("zh")).await, 404).await;
    assert_eq!(missing["title"], "未找到");
    // A language we do not offer is English, not an error (the header is a preference).
    let traditional = get_in(&app, "/v1/templates", Some("zh-TW")).await;
    assert_eq!(traditional.headers()["content-language"], "en");
}

#[tokio::test]
async fn problems_raised_around_the_handlers_are_in_chinese_too() {
    let mut settings = Settings::for_tests(root().join("pricing-data"));
    settings.api_keys = KeyRing::parse("portal:full:portal-secret-0123456789").expect("keys");
    let app = spawn_app_with(settings).await;
    let problem = assert_problem(get_in(&app, "/v1/templates?lang=zh-CN", None).await, 401).await;
    assert_eq!(problem["title"], "未授权");
    assert!(has_chinese(problem["detail"].as_str().expect("detail")), "{problem}");
}

#[tokio::test]
async fn csv_headers_workbook_sheets_and_template_titles_are_in_chinese() {
    let app = spawn_app().await;
    let csv =
        get_in(&app, &format!("{CHINA_IM}&format=csv&lang=zh-CN"), None).await.text().await.expect("CSV");
    let english = get_in(&app, &format!("{CHINA_IM}&format=csv"), None).await.text().await.expect("CSV");
    let header = csv.lines().next().expect("header");
    assert!(has_chinese(header), "{header}");
    assert!(!has_chinese(english.lines().next().expect("header")));
    assert_eq!(csv.lines().count(), english.lines().count(), "the same rows");

    let bytes =
        get_in(&app, &format!("{CHINA_IM}&format=xlsx"), Some("zh-CN")).await.bytes().await.expect("xlsx");
    let workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let sheets = calamine::Reader::sheet_names(&workbook);
    assert!(sheets.iter().all(|s| has_chinese(s)), "{sheets:?}");

    let templates: Value = get_in(&app, "/v1/templates", Some("zh-CN")).await.json().await.expect("JSON");
    for template in templates["templates"].as_array().expect("templates") {
        assert!(has_chinese(template["title"].as_str().expect("title")), "{}", template["id"]);
        assert!(has_chinese(template["question"].as_str().expect("question")), "{}", template["id"]);
    }
    let detail: Value =
        get_in(&app, "/v1/templates/team-im?lang=zh-CN", None).await.json().await.expect("JSON");
    assert!(has_chinese(detail["description"].as_str().expect("description")));
    assert!(!has_chinese(
        get_in(&app, "/v1/templates/team-im", None).await.json::<Value>().await.expect("JSON")["description"]
            .as_str()
            .expect("description")
    ));
    // The calculator page labels its inputs with these: every driver and parameter of every template.
    for template in templates["templates"].as_array().expect("templates") {
        let id = template["id"].as_str().expect("id");
        let detail: Value =
            get_in(&app, &format!("/v1/templates/{id}?lang=zh-CN"), None).await.json().await.expect("JSON");
        for group in ["drivers", "parameters"] {
            for (name, input) in detail[group].as_object().into_iter().flatten() {
                let description = input["description"].as_str().expect("description");
                assert!(has_chinese(description), "{id} {group}.{name}: {description}");
            }
        }
    }
}

#[tokio::test]
async fn a_chinese_scorecard_keeps_its_numbers() {
    let app = spawn_app().await;
    let query = "/v1/scorecards?template=team-im&users=120&market=china&weights=price:40,support:20,security:20,deployment:10,vendor:10&require=data_in:CN&premises=CN";
    let english: Value = get_in(&app, query, None).await.json().await.expect("JSON");
    let chinese: Value = get_in(&app, query, Some("zh-CN")).await.json().await.expect("JSON");
    let totals = |s: &Value| {
        s["options"]
            .as_array()
            .expect("options")
            .iter()
            .map(|o| (o["total"].clone(), o["rank"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(totals(&english), totals(&chinese));
    let how = |s: &Value| s["options"][0]["scores"][0]["how"].as_str().map(str::to_string);
    assert!(how(&chinese).is_some_and(|h| has_chinese(&h)), "{:?}", how(&chinese));
    let csv = get_in(&app, &format!("{query}&format=csv&lang=zh-CN"), None).await.text().await.expect("CSV");
    assert!(csv.starts_with("方案,"), "{csv}");
    assert!(csv.contains("价格得分"), "criterion names are Chinese too: {csv}");
    let bytes =
        get_in(&app, &format!("{query}&format=xlsx&lang=zh-CN"), None).await.bytes().await.expect("xlsx");
    let workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    assert_eq!(calamine::Reader::sheet_names(&workbook), ["得分", "资格要求", "评分细项", "评分项"]);
}

#[tokio::test]
async fn the_readme_chinese_example_is_what_the_server_answers() {
    let app = spawn_app().await;
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let path = "/v1/comparisons?template=team-im&users=120&market=china&format=csv&view=summary&lang=zh-CN";
    let shown: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.ends_with(&format!("'localhost:8080{path}'")))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(shown.len(), 5, "the README shows the header and four options");
    let answer = get_in(&app, path, None).await.text().await.expect("CSV");
    assert_eq!(answer.lines().collect::<Vec<_>>(), shown);
}
