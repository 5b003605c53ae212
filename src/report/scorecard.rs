//! A scorecard as tables: the CSV views and the workbook's sheets are the same rows, so the numbers
//! cannot differ between formats.

use super::csv::{Cell, CsvWriter};
use crate::scorecard::{CheckStatus, Evidence, Scorecard};

/// One table: a sheet of the workbook, or a CSV view.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet name and the CSV `view` that gives it.
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn csv(&self) -> String {
        let columns: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let mut csv = CsvWriter::new(&columns);
        for row in &self.rows {
            csv.row(row.iter().cloned());
        }
        csv.finish()
    }
}

/// The CSV views of a scorecard (each also a sheet of its workbook).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScorecardView {
    /// A row per option (the default).
    #[default]
    Scores,
    /// A row per option, requirement and piece of evidence, with its source.
    Requirements,
    /// Each rubric item's points and evidence.
    Items,
    /// Weights and methods.
    Criteria,
}

impl ScorecardView {
    /// Its position in `tables`.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Every table, in `VIEWS` order.
pub fn tables(card: &Scorecard) -> Vec<Table> {
    vec![scores(card), requirements(card), items(card), criteria(card)]
}

pub fn status(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::Unknown => "unknown",
        CheckStatus::Operator => "operator",
    }
}

/// A row per option: eligibility, rank, price, total, each criterion's score and weighted score, and
/// each requirement's status.
fn scores(card: &Scorecard) -> Table {
    let mut columns: Vec<String> =
        ["option", "eligible", "rank", "price", "currency", "total"].iter().map(|s| s.to_string()).collect();
    for c in &card.criteria {
        columns.push(format!("{} score", c.name));
        columns.push(format!("{} weighted", c.name));
    }
    if let Some(first) = card.options.first() {
        columns.extend(first.requirements.iter().map(|r| format!("requires {}", r.requirement)));
    }
    let rows = card
        .options
        .iter()
        .map(|o| {
            let mut row = vec![
                Cell::text(&o.option),
                Cell::text(if o.eligible { "yes" } else { "no" }),
                Cell::opt_number(o.rank),
                Cell::number(o.price),
                Cell::text(card.currency.to_string()),
                Cell::number(o.total),
            ];
            for s in &o.scores {
                row.push(Cell::number(s.score));
                row.push(Cell::number(s.weighted));
            }
            row.extend(o.requirements.iter().map(|r| Cell::text(status(r.status))));
            row
        })
        .collect();
    Table { name: "scores", columns, rows }
}

const EVIDENCE_COLUMNS: [&str; 7] =
    ["offering", "attribute", "value", "source_url", "basis", "date", "retrieved"];

fn evidence_cells(e: Option<&Evidence>) -> Vec<Cell> {
    let Some(e) = e else { return vec![Cell::Empty; EVIDENCE_COLUMNS.len()] };
    vec![
        Cell::text(&e.offering),
        Cell::text(&e.attribute),
        Cell::text(&e.value),
        Cell::opt_text(e.source_url.as_deref()),
        Cell::opt_text(e.basis.map(|b| b.as_str())),
        Cell::opt_text(e.date.map(|d| d.to_string())),
        Cell::opt_text(e.retrieved.map(|d| d.to_string())),
    ]
}

/// One row per piece of evidence, or one blank row when there is none.
fn rows_of(evidence: &[Evidence]) -> Vec<Option<&Evidence>> {
    if evidence.is_empty() {
        vec![None]
    } else {
        evidence.iter().map(Some).collect()
    }
}

/// A row per option, requirement and piece of evidence.
fn requirements(card: &Scorecard) -> Table {
    let columns = ["option", "requirement", "status"]
        .iter()
        .chain(EVIDENCE_COLUMNS.iter())
        .map(|s| s.to_string())
        .collect();
    let mut rows = Vec::new();
    for o in &card.options {
        for r in &o.requirements {
            for e in rows_of(&r.evidence) {
                let mut row =
                    vec![Cell::text(&o.option), Cell::text(&r.requirement), Cell::text(status(r.status))];
                row.extend(evidence_cells(e));
                rows.push(row);
            }
        }
    }
    Table { name: "requirements", columns, rows }
}

/// A row per option, criterion, rubric item and piece of evidence (price and manual criteria: one row).
fn items(card: &Scorecard) -> Table {
    let columns = ["option", "criterion", "item", "points", "max", "status"]
        .iter()
        .chain(EVIDENCE_COLUMNS.iter())
        .map(|s| s.to_string())
        .collect();
    let mut rows = Vec::new();
    for o in &card.options {
        for s in &o.scores {
            if s.items.is_empty() {
                let mut row = vec![
                    Cell::text(&o.option),
                    Cell::text(&s.name),
                    Cell::text(&s.how),
                    Cell::number(s.score),
                    Cell::number(100),
                    Cell::Empty,
                ];
                row.extend(evidence_cells(None));
                rows.push(row);
            }
            for item in &s.items {
                for (k, e) in rows_of(&item.evidence).into_iter().enumerate() {
                    // Points once per item, on its first evidence row, so that a column sum is the score.
                    let (points, max) = if k == 0 {
                        (Cell::number(item.points), Cell::number(item.max))
                    } else {
                        (Cell::Empty, Cell::Empty)
                    };
                    let mut row = vec![
                        Cell::text(&o.option),
                        Cell::text(&s.name),
                        Cell::text(&item.item),
                        points,
                        max,
                        Cell::text(status(item.status)),
                    ];
                    row.extend(evidence_cells(e));
                    rows.push(row);
                }
            }
        }
    }
    Table { name: "items", columns, rows }
}

fn criteria(card: &Scorecard) -> Table {
    let columns = ["criterion", "kind", "weight", "method"].iter().map(|s| s.to_string()).collect();
    let mut rows: Vec<Vec<Cell>> = card
        .criteria
        .iter()
        .map(|c| {
            vec![
                Cell::text(&c.name),
                Cell::text(c.criterion.as_str()),
                Cell::number(c.weight),
                Cell::text(&c.method),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::text("price rule"),
        Cell::text(card.price_rule.rule.as_str()),
        Cell::opt_number(card.price_rule.benchmark),
        Cell::text(format!("{} Measure: {}.", card.price_rule.description, card.price_rule.measure.as_str())),
    ]);
    Table { name: "criteria", columns, rows }
}
