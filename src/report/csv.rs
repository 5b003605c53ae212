//! RFC 4180 CSV for spreadsheets: UTF-8, CRLF line ends, one header row, `.` decimals, no thousands
//! separators, ISO dates. Text cells that a spreadsheet would run as a formula are defused.

/// Builds a CSV document row by row.
#[derive(Debug, Default)]
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    pub fn new(header: &[&str]) -> Self {
        let mut writer = CsvWriter { out: String::new() };
        writer.row(header.iter().map(|h| Cell::Text(h.to_string())));
        writer
    }

    /// A document whose header row shows the columns keyed `columns` in the current language (in
    /// English, the keys themselves: see [`super::column`]).
    pub fn labelled(columns: &[&str]) -> Self {
        let mut writer = CsvWriter { out: String::new() };
        writer.row(super::headers(columns).into_iter().map(Cell::Text));
        writer
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        let line: Vec<String> = cells.into_iter().map(|c| c.render()).collect();
        self.out.push_str(&line.join(","));
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// One cell. Numbers are written as they are; text is quoted when needed and defused.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number already formatted with `.` decimals (e.g. a `Decimal`'s string).
    Number(String),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn number(value: impl ToString) -> Cell {
        Cell::Number(value.to_string())
    }

    pub fn opt_number<T: ToString>(value: Option<T>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Number(v.to_string()))
    }

    pub fn opt_text(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.into()))
    }

    fn render(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => n.clone(),
            Cell::Text(t) => quote(&defuse(t)),
        }
    }
}

/// OWASP's advice against CSV injection: a cell starting with `=`, `+`, `-`, `@`, tab or carriage
/// return is prefixed with `'` so spreadsheets show it as text instead of running it.
fn defuse(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// Quotes a field containing a comma, quote or line break, doubling inner quotes (RFC 4180 §2).
fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_defuses_per_rfc_4180_and_owasp() {
        let mut csv = CsvWriter::new(&["a", "b", "c", "d"]);
        csv.row([Cell::text("x,y"), Cell::text("say \"hi\""), Cell::number("-12.50"), Cell::Empty]);
        csv.row([Cell::text("=SUM(A1)"), Cell::text("@cmd"), Cell::text("-1+1"), Cell::text("line\nbreak")]);
        assert_eq!(
            csv.finish(),
            "a,b,c,d\r\n\"x,y\",\"say \"\"hi\"\"\",-12.50,\r\n'=SUM(A1),'@cmd,'-1+1,\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn labelled_headers_follow_the_language_and_keep_the_keys_in_english() {
        use crate::text::{with_language, Language};
        let columns = ["option", "unit_price", "no_such_column"];
        assert_eq!(CsvWriter::labelled(&columns).finish(), "option,unit_price,no_such_column\r\n");
        let zh = with_language(Language::ZhCn, || CsvWriter::labelled(&columns).finish());
        assert_eq!(zh, "方案,单价,no_such_column\r\n");
    }
}
