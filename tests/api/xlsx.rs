//! `format=xlsx` over HTTP: a valid workbook (a zip with the OOXML parts and the five sheets), its headers,
//! and formulas where the totals are. LibreOffice's recalculation of it is `.ci/libreoffice-check.sh`.

use crate::helpers::spawn_app;
use std::io::{Cursor, Read};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn part(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    let mut file = archive.by_name(name).unwrap_or_else(|e| panic!("{name} in the workbook: {e}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

#[tokio::test]
async fn format_xlsx_is_a_workbook_with_five_sheets_and_live_totals() {
    let app = spawn_app().await;
    let response = app.get("/v1/comparisons?template=team-im&users=120&format=xlsx").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], XLSX);
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"team-im.xlsx\"");
    let bytes = response.bytes().await.expect("body").to_vec();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");

    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    let content_types = part(&mut archive, "[Content_Types].xml");
    assert!(content_types.contains("spreadsheetml.sheet.main+xml"), "an xlsx workbook");
    let workbook = part(&mut archive, "xl/workbook.xml");
    let names: Vec<&str> =
        workbook.split("<sheet name=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(names, ["Summary", "Yearly", "Monthly", "Line items", "Assumptions"]);

    // Summary totals are formulas over the line items, with the engine's value cached.
    let summary = part(&mut archive, "xl/worksheets/sheet1.xml");
    assert!(summary.contains("<f>SUMIFS('Line items'!$S:$S,'Line items'!$A:$A,$A2)</f>"), "{summary}");
    assert!(summary.contains("<f>RANK("), "ranks are formulas");
    assert!(summary.contains("state=\"frozen\""), "header row frozen");
    // The currency is in the number format.
    let styles = part(&mut archive, "xl/styles.xml");
    assert!(styles.contains("#,##0.00 &quot;USD&quot;"), "{styles}");
    // A line chart of cumulative cash, from the Monthly sheet.
    let chart = part(&mut archive, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:lineChart>") && chart.contains("Monthly!$J$2"), "{chart}");
    // Line items: each line's cash is the SUM of its month columns.
    let lines = part(&mut archive, "xl/worksheets/sheet4.xml");
    assert!(lines.contains("<f>SUM(AG2:"), "line cash is a SUM over the months");
}

#[tokio::test]
async fn the_xlsx_media_type_in_accept_also_chooses_the_workbook() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/v1/comparisons?template=team-im", app.address))
        .header("accept", XLSX)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], XLSX);
    // Other endpoints keep their formats: `xlsx` is not one of the catalogue's.
    let response = app.get("/v1/offerings?format=xlsx").await;
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn an_uncertainty_answer_as_xlsx_has_the_draws_summary_on_four_sheets() {
    let app = spawn_app().await;
    let query = "template=team-im&users=120&draws=60&seed=2";
    let answer: serde_json::Value =
        app.get(&format!("/v1/uncertainty?{query}")).await.json().await.expect("JSON");
    let response = app.get(&format!("/v1/uncertainty?{query}&format=xlsx")).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], XLSX);
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"uncertainty.xlsx\"");
    let bytes = response.bytes().await.expect("body").to_vec();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    let workbook = part(&mut archive, "xl/workbook.xml");
    let names: Vec<&str> =
        workbook.split("<sheet name=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(names, ["Options", "Break-even", "Sensitivity", "Inputs"]);
    // The Options sheet holds each option's P5 NPV as a number (row 2, column C is the first option's).
    let options = part(&mut archive, "xl/worksheets/sheet1.xml");
    let p5 = answer["options"][0]["npv"]["p5"].as_str().expect("p5");
    let cell = options
        .split("<c r=\"C2\"")
        .nth(1)
        .and_then(|c| c.split("<v>").nth(1))
        .and_then(|v| v.split('<').next());
    assert_eq!(
        cell.map(|v| v.parse::<f64>().expect("a number")),
        Some(p5.parse::<f64>().expect("p5")),
        "{options}"
    );
    // Every input is listed with where its range came from (text lives in the shared strings).
    let strings = part(&mut archive, "xl/sharedStrings.xml");
    assert!(
        strings.contains("the template&apos;s default: Judgement")
            || strings.contains("the template's default: Judgement"),
        "{strings}"
    );
}
