//! A scorecard as tables: the CSV views and the workbook's sheets are the same rows, so the numbers
//! cannot differ between formats.

use super::csv::{Cell, CsvWriter};
use crate::scorecard::{CheckStatus, Evidence, Scorecard};
use crate::text::Text;

/// One table: a sheet of the workbook, or a CSV view.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet name and the CSV `view` that gives it (an id: the CSV's file name is built from it).
    pub name: &'static str,
    /// The column headers in English: stable keys (what code finds a column by, e.g. its width).
    pub keys: Vec<String>,
    /// The column headers, in the current context's language.
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

/// Every table, in `VIEWS` order; headers and words in the current context's language.
pub fn tables(card: &Scorecard) -> Vec<Table> {
    vec![scores(card), requirements(card), items(card), criteria(card)]
}

pub fn status(status: CheckStatus) -> Text {
    match status {
        CheckStatus::Pass => t!("scorecard-status-pass"),
        CheckStatus::Fail => t!("scorecard-status-fail"),
        CheckStatus::Unknown => t!("scorecard-status-unknown"),
        CheckStatus::Operator => t!("scorecard-status-operator"),
    }
}

/// A cell of words, in the current context's language.
fn words(text: &Text) -> Cell {
    Cell::text(text.localized())
}

/// Column headers: in English (the keys) and in the current context's language.
fn headers(columns: &[Text]) -> (Vec<String>, Vec<String>) {
    (columns.iter().map(Text::en).collect(), columns.iter().map(Text::localized).collect())
}

/// A row per option: eligibility, rank, price, total, each criterion's score and weighted score, and
/// each requirement's status.
fn scores(card: &Scorecard) -> Table {
    let mut columns: Vec<Text> = vec![
        t!("scorecard-column-option"),
        t!("scorecard-column-eligible"),
        t!("scorecard-column-rank"),
        t!("scorecard-column-price"),
        t!("scorecard-column-currency"),
        t!("scorecard-column-total"),
    ];
    for c in &card.criteria {
        columns.push(t!("scorecard-column-score", name = @c.name.clone()));
        columns.push(t!("scorecard-column-weighted", name = @c.name.clone()));
    }
    if let Some(first) = card.options.first() {
        columns.extend(
            first
                .requirements
                .iter()
                .map(|r| t!("scorecard-column-requires", requirement = @r.requirement.clone())),
        );
    }
    let (keys, columns) = headers(&columns);
    let rows = card
        .options
        .iter()
        .map(|o| {
            let mut row = vec![
                Cell::text(&o.option),
                words(&if o.eligible { t!("scorecard-yes") } else { t!("scorecard-no") }),
                Cell::opt_number(o.rank),
                Cell::number(o.price),
                Cell::text(card.currency.to_string()),
                Cell::number(o.total),
            ];
            for s in &o.scores {
                row.push(Cell::number(s.score));
                row.push(Cell::number(s.weighted));
            }
            row.extend(o.requirements.iter().map(|r| words(&status(r.status))));
            row
        })
        .collect();
    Table { name: "scores", keys, columns, rows }
}

const EVIDENCE_COLUMNS: usize = 7;

fn evidence_columns() -> [Text; EVIDENCE_COLUMNS] {
    [
        t!("scorecard-column-offering"),
        t!("scorecard-column-attribute"),
        t!("scorecard-column-value"),
        t!("scorecard-column-source-url"),
        t!("scorecard-column-basis"),
        t!("scorecard-column-date"),
        t!("scorecard-column-retrieved"),
    ]
}

fn evidence_cells(e: Option<&Evidence>) -> Vec<Cell> {
    let Some(e) = e else { return vec![Cell::Empty; EVIDENCE_COLUMNS] };
    vec![
        Cell::text(&e.offering),
        Cell::text(&e.attribute),
        words(&e.value),
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
    let mut columns = vec![
        t!("scorecard-column-option"),
        t!("scorecard-column-requirement"),
        t!("scorecard-column-status"),
    ];
    columns.extend(evidence_columns());
    let (keys, columns) = headers(&columns);
    let mut rows = Vec::new();
    for o in &card.options {
        for r in &o.requirements {
            for e in rows_of(&r.evidence) {
                let mut row = vec![Cell::text(&o.option), words(&r.requirement), words(&status(r.status))];
                row.extend(evidence_cells(e));
                rows.push(row);
            }
        }
    }
    Table { name: "requirements", keys, columns, rows }
}

/// A row per option, criterion, rubric item and piece of evidence (price and manual criteria: one row).
fn items(card: &Scorecard) -> Table {
    let mut columns = vec![
        t!("scorecard-column-option"),
        t!("scorecard-column-criterion"),
        t!("scorecard-column-item"),
        t!("scorecard-column-points"),
        t!("scorecard-column-max"),
        t!("scorecard-column-status"),
    ];
    columns.extend(evidence_columns());
    let (keys, columns) = headers(&columns);
    let mut rows = Vec::new();
    for o in &card.options {
        for s in &o.scores {
            if s.items.is_empty() {
                let mut row = vec![
                    Cell::text(&o.option),
                    words(&s.name),
                    words(&s.how),
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
                        words(&s.name),
                        words(&item.item),
                        points,
                        max,
                        words(&status(item.status)),
                    ];
                    row.extend(evidence_cells(e));
                    rows.push(row);
                }
            }
        }
    }
    Table { name: "items", keys, columns, rows }
}

fn criteria(card: &Scorecard) -> Table {
    let (keys, columns) = headers(&[
        t!("scorecard-column-criterion"),
        t!("scorecard-column-kind"),
        t!("scorecard-column-weight"),
        t!("scorecard-column-method"),
    ]);
    let mut rows: Vec<Vec<Cell>> = card
        .criteria
        .iter()
        .map(|c| {
            vec![words(&c.name), Cell::text(c.criterion.as_str()), Cell::number(c.weight), words(&c.method)]
        })
        .collect();
    rows.push(vec![
        words(&t!("scorecard-price-rule")),
        Cell::text(card.price_rule.rule.as_str()),
        Cell::opt_number(card.price_rule.benchmark),
        words(&t!(
            "scorecard-price-rule-method",
            description = @card.price_rule.description.clone(),
            measure = card.price_rule.measure.as_str()
        )),
    ]);
    Table { name: "criteria", keys, columns, rows }
}
