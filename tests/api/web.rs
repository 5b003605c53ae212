//! The calculator page at `/`: served from the binary with its assets, in the request's language,
//! under a same-origin content security policy. (Its behaviour is checked in a real browser by
//! `.ci/browser-check.sh`.)

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_page_and_every_asset_it_names_are_served() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let policy = page.headers()["content-security-policy"].to_str().expect("ascii").to_string();
    for directive in ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "style-src 'self'"] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    let html = page.text().await.expect("body");
    assert!(html.contains("<html lang=\"en\""), "English by default");
    let assets: Vec<&str> = html.split("=\"/assets/").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(assets, ["app.css", "app.js"]);
    for (asset, media_type) in
        [("app.css", "text/css"), ("app.js", "text/javascript"), ("strings.json", "application/json")]
    {
        let response = app.get(&format!("/assets/{asset}")).await;
        assert_eq!(response.status(), 200, "{asset}");
        let content_type = response.headers()["content-type"].to_str().expect("ascii").to_string();
        assert!(content_type.starts_with(media_type), "{asset}: {content_type}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    assert_eq!(app.get("/assets/nothing.js").await.status(), 404);
}

#[tokio::test]
async fn the_page_speaks_the_callers_language_by_default() {
    let app = spawn_app().await;
    let url = format!("{}/", app.address);
    let chinese = app.client.get(&url).header("accept-language", "zh-CN,zh;q=0.9,en;q=0.5").send().await;
    let chinese = chinese.expect("GET");
    assert_eq!(chinese.headers()["content-language"], "zh-CN");
    let etag = chinese.headers()["etag"].clone();
    assert!(chinese
        .text()
        .await
        .expect("body")
        .contains("<html lang=\"zh-CN\" data-default-lang=\"zh-CN\">"));
    let by_query = app.get("/?lang=zh-CN").await.text().await.expect("body");
    assert!(by_query.contains("data-default-lang=\"zh-CN\""));
    let english = app.get("/").await;
    assert_ne!(english.headers()["etag"], etag, "each language its own ETag");
    let again =
        app.client.get(&url).header("accept-language", "zh-CN").header("if-none-match", etag).send().await;
    assert_eq!(again.expect("GET").status(), 304);
}
