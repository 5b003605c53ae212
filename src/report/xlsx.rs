//! A comparison as an auditable Excel workbook (rust_xlsxwriter): the line items with their cash month
//! by month are the only amounts typed in; the Summary totals, the Monthly cash and the Yearly cash are
//! live formulas over them, so an analyst can audit a figure or change a line and see every total
//! follow. Sheets:
//!
//! - **Summary**: a row per option, totals as `SUMIFS` over Line items, ranks as `RANK`, the break-even
//!   months, and a line chart of cumulative cash per option (from Monthly) where the lines cross at the
//!   break-even.
//! - **Yearly**, **Monthly**: a row per year (month) and option; cash, capex and opex are formulas
//!   (Monthly over the month columns of Line items, Yearly over Monthly), cumulative cash a running sum.
//! - **Line items**: every line with its price, quantities, provenance and one column of cash per month;
//!   the line's cash is `SUM` of its month columns.
//! - **Assumptions**: every setting, driver and component of the scenario (a path's stage by stage:
//!   when each runs and why, then its components, migration, facility and labour), the catalogue
//!   version, every source used (basis, price date, URL) and every warning.
//!
//! Amounts carry the scenario currency in their number format (`#,##0.00 "USD"`); header rows are
//! frozen. Text that a spreadsheet could take for a formula is prefixed with `'`, as in the CSV views.
//!
//! Sheet names, column headers and labels are in the answer's language (the English ones are the keys
//! below, which the code finds columns by); formulas name the sheets as the workbook does. The data —
//! amounts, dates, ids, names, codes such as `capex` — is the same in every language.

use crate::engine::uncertainty::Uncertainty;
use crate::engine::{Comparison, LineItem, Nature, OptionResult};
use crate::money::Currency;
use crate::scenario::{OptionKind, Scenario};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    column_number_to_name, Chart, ChartLegendPosition, ChartType, ColNum, DocProperties, Format, Formula,
    RowNum, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeSet;

pub use rust_xlsxwriter::XlsxError as Error;

/// Sheet names, in workbook order (the English ones; [`sheet_name`] gives each in the answer's language).
pub const SHEETS: [&str; 5] = ["Summary", "Yearly", "Monthly", "Line items", "Assumptions"];

/// The sheets of an uncertainty workbook, in order (English).
pub const UNCERTAINTY_SHEETS: [&str; 4] = ["Options", "Break-even", "Sensitivity", "Inputs"];

/// The name of the sheet whose English name is `key`, in the answer's language.
pub fn sheet_name(key: &str) -> crate::text::Text {
    match key {
        "Summary" => t!("report-sheet-summary"),
        "Yearly" => t!("report-sheet-yearly"),
        "Monthly" => t!("report-sheet-monthly"),
        "Line items" => t!("report-sheet-line-items"),
        "Assumptions" => t!("report-sheet-assumptions"),
        "Options" => t!("report-sheet-options"),
        "Break-even" => t!("report-sheet-break-even"),
        "Sensitivity" => t!("report-sheet-sensitivity"),
        "Inputs" => t!("report-sheet-inputs"),
        other => crate::text::Text::name(other),
    }
}

/// A sheet's name as a formula refers to it: quoted (`'Line items'`, `'明细'`, inner `'` doubled) unless
/// it is a plain ASCII word (`Monthly`).
fn sheet_ref(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The comparison workbook's sheet names in the answer's language, fixed once per workbook so that the
/// sheets and the formulas naming them agree.
struct SheetNames {
    summary: String,
    yearly: String,
    monthly: String,
    line_items: String,
    assumptions: String,
}

impl SheetNames {
    fn localized() -> SheetNames {
        let name = |key: &str| sheet_name(key).localized();
        SheetNames {
            summary: name("Summary"),
            yearly: name("Yearly"),
            monthly: name("Monthly"),
            line_items: name("Line items"),
            assumptions: name("Assumptions"),
        }
    }

    fn in_order(&self) -> [&str; 5] {
        [&self.summary, &self.yearly, &self.monthly, &self.line_items, &self.assumptions]
    }
}

/// Summary columns (row 1 is the header; one row per option from row 2).
pub const SUMMARY_COLUMNS: &[&str] = &[
    "option",
    "kind",
    "rank_npv",
    "rank_cash",
    "currency",
    "cash",
    "capex",
    "opex",
    "expense",
    "depreciation",
    "interest",
    "terminal_value",
    "net_cash",
    "npv",
    "npv_difference",
    "after_tax_npv",
];

/// Line items columns before the month columns (one per month of the horizon, headed `YYYY-MM`).
pub const LINE_ITEM_COLUMNS: &[&str] = &[
    "option",
    "component",
    "kind",
    "shape",
    "offering",
    "purchase_option",
    "payment",
    "unit",
    "unit_price",
    "upfront",
    "price_currency",
    "fx_rate",
    "discount",
    "quantity_first",
    "quantity_last",
    "category",
    "nature",
    "timing",
    "cash",
    "expense",
    "depreciation",
    "interest",
    "terminal_value",
    "npv",
    "after_tax_npv",
    "basis",
    "price_date",
    "retrieved",
    "source_url",
    "note",
    "pointer",
    "stage",
];

pub const MONTHLY_COLUMNS: &[&str] = &[
    "option",
    "month",
    "period",
    "cash",
    "capex",
    "opex",
    "expense",
    "depreciation",
    "interest",
    "cumulative_cash",
    "present_value",
    "cumulative_npv",
];

pub const YEARLY_COLUMNS: &[&str] = &[
    "option",
    "year",
    "from",
    "to",
    "months",
    "cash",
    "capex",
    "opex",
    "expense",
    "depreciation",
    "interest",
    "cumulative_cash",
    "present_value",
    "cumulative_npv",
];

/// The header of the Summary's break-even table, below the options.
pub const BREAK_EVEN_COLUMNS: &[&str] = &["break_even: option", "versus", "month", "period", "reason"];

/// Assumptions columns.
pub const ASSUMPTION_COLUMNS: &[&str] =
    &["section", "name", "value", "detail", "price_date", "basis", "source_url"];

/// Column (0-based) of `name` in `columns`; the names are the constants above, so always found.
fn col(columns: &[&str], name: &str) -> ColNum {
    columns.iter().position(|c| *c == name).unwrap_or(0) as ColNum
}

/// Column letter of `name` in `columns`, e.g. `S`.
fn letter(columns: &[&str], name: &str) -> String {
    column_number_to_name(col(columns, name))
}

/// OWASP's rule against formula injection, as in the CSV views: text starting with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading `'`.
pub fn defuse(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// What the engine says (a reason, a warning, an input's name), as the reader sees it: a [`Text`] in
/// the answer's language, a `String` as it is.
///
/// [`Text`]: crate::text::Text
trait Shown {
    fn shown(&self) -> String;
}

impl Shown for String {
    fn shown(&self) -> String {
        self.clone()
    }
}

impl Shown for crate::text::Text {
    fn shown(&self) -> String {
        self.localized()
    }
}

fn f64_of(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A string literal inside a formula.
fn formula_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Formats shared by the sheets.
struct Formats {
    header: Format,
    money: Format,
    price: Format,
    quantity: Format,
    rate: Format,
    integer: Format,
    wrap: Format,
}

impl Formats {
    fn new(currency: &Currency) -> Formats {
        let code = currency.code();
        let decimals = currency.minor_units();
        let money = if decimals == 0 {
            format!("#,##0 \"{code}\";-#,##0 \"{code}\"")
        } else {
            let zeros = "0".repeat(decimals as usize);
            format!("#,##0.{zeros} \"{code}\";-#,##0.{zeros} \"{code}\"")
        };
        Formats {
            header: Format::new().set_bold().set_background_color("#DDEBF7"),
            money: Format::new().set_num_format(money),
            price: Format::new().set_num_format("#,##0.00######"),
            quantity: Format::new().set_num_format("#,##0.######"),
            rate: Format::new().set_num_format("0.0000######"),
            integer: Format::new().set_num_format("0"),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

/// Writing helpers over one worksheet.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
}

impl Sheet<'_> {
    /// The header row of the columns keyed `columns`, in the answer's language; `widths` by key.
    fn header(&mut self, columns: &[&str], widths: &[(&str, f64)]) -> Result<(), XlsxError> {
        let labels = super::headers(columns);
        self.header_as_given(columns, &labels, widths)
    }

    /// A header row of `labels` (one per column of `columns`, the keys `widths` are given by).
    fn header_as_given(
        &mut self,
        columns: &[&str],
        labels: &[String],
        widths: &[(&str, f64)],
    ) -> Result<(), XlsxError> {
        for (i, (name, label)) in columns.iter().zip(labels).enumerate() {
            self.ws.write_string_with_format(0, i as ColNum, label, &self.f.header)?;
            let width = widths.iter().find(|(n, _)| n == name).map_or(14.0, |(_, w)| *w);
            self.ws.set_column_width(i as ColNum, width)?;
        }
        self.ws.set_freeze_panes(1, 0)?;
        Ok(())
    }

    fn text(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), XlsxError> {
        if !text.is_empty() {
            self.ws.write_string(row, col, defuse(text))?;
        }
        Ok(())
    }

    fn opt_text(&mut self, row: RowNum, col: ColNum, text: Option<&str>) -> Result<(), XlsxError> {
        match text {
            Some(t) => self.text(row, col, t),
            None => Ok(()),
        }
    }

    fn number(&mut self, row: RowNum, col: ColNum, value: Decimal, format: &Format) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, f64_of(value), format)?;
        Ok(())
    }

    fn opt_number(
        &mut self,
        row: RowNum,
        col: ColNum,
        value: Option<Decimal>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        match value {
            Some(v) => self.number(row, col, v, format),
            None => Ok(()),
        }
    }

    fn money(&mut self, row: RowNum, col: ColNum, value: Decimal) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, f64_of(value), &self.f.money)?;
        Ok(())
    }

    fn int(&mut self, row: RowNum, col: ColNum, value: u32) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, f64::from(value), &self.f.integer)?;
        Ok(())
    }

    /// A money formula; `result` is the value the engine computed, stored as the cached result so
    /// readers that do not recalculate still show it.
    fn money_formula(
        &mut self,
        row: RowNum,
        col: ColNum,
        formula: &str,
        result: Decimal,
    ) -> Result<(), XlsxError> {
        let formula = Formula::new(formula).set_result(result.to_string());
        self.ws.write_formula_with_format(row, col, formula, &self.f.money)?;
        Ok(())
    }
}

fn enum_text<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn nature_text(n: Nature) -> &'static str {
    match n {
        Nature::Capex => "capex",
        Nature::Opex => "opex",
    }
}

fn kind_text(o: &OptionResult) -> &'static str {
    match o.kind {
        OptionKind::Rent => "rent",
        OptionKind::Own => "own",
    }
}

/// The workbook of a comparison, as the bytes of an `.xlsx` file.
pub fn comparison_workbook(
    comparison: &Comparison,
    scenario: &Scenario,
    template_title: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new(&comparison.currency);
    let mut workbook = Workbook::new();
    let default_title = t!("report-workbook-title").localized();
    let title = template_title.unwrap_or(&default_title);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(defuse(title))
            .set_subject(t!("report-workbook-subject").localized())
            .set_author("Breakeven")
            .set_comment(t!("report-workbook-comment", version = comparison.catalog_version).localized()),
    );
    // Sheets are created in display order, then filled; formulas refer to each other by name.
    let names = SheetNames::localized();
    for name in names.in_order() {
        workbook.add_worksheet().set_name(name)?;
    }
    let layout = MonthlyLayout::new(comparison);
    summary(sheet(&mut workbook, &names.summary)?, &formats, comparison, &layout, &names)?;
    yearly(sheet(&mut workbook, &names.yearly)?, &formats, comparison, &layout, &names)?;
    monthly(sheet(&mut workbook, &names.monthly)?, &formats, comparison, &layout, &names)?;
    line_items(sheet(&mut workbook, &names.line_items)?, &formats, comparison)?;
    assumptions(sheet(&mut workbook, &names.assumptions)?, &formats, comparison, scenario, title)?;
    workbook.save_to_buffer()
}

fn sheet<'a>(workbook: &'a mut Workbook, name: &str) -> Result<&'a mut Worksheet, XlsxError> {
    workbook.worksheet_from_name(name)
}

/// Where each option's rows are on the Monthly sheet (row 1 is the header).
struct MonthlyLayout {
    /// First row (0-based) of each option, in option order.
    first_rows: Vec<RowNum>,
}

impl MonthlyLayout {
    fn new(c: &Comparison) -> MonthlyLayout {
        let mut first_rows = Vec::with_capacity(c.options.len());
        let mut row: RowNum = 1;
        for o in &c.options {
            first_rows.push(row);
            row += o.monthly.len() as RowNum;
        }
        MonthlyLayout { first_rows }
    }
}

fn summary(
    ws: &mut Worksheet,
    f: &Formats,
    c: &Comparison,
    layout: &MonthlyLayout,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, f };
    let lines_sheet = sheet_ref(&names.line_items);
    let mut columns: Vec<&str> = SUMMARY_COLUMNS.to_vec();
    let with_tax = c.tax_rate.is_some();
    if !with_tax {
        columns.retain(|c| *c != "after_tax_npv");
    }
    s.header(
        &columns,
        &[("option", 34.0), ("kind", 7.0), ("rank_npv", 9.0), ("rank_cash", 9.0), ("currency", 9.0)],
    )?;
    for name in &columns[5..] {
        s.ws.set_column_width(col(&columns, name), 17.0)?;
    }
    let n = c.options.len() as RowNum;
    let (first, last) = (2, n + 1); // 1-based rows of the options
    let lcol = |name: &str| format!("{lines_sheet}!${0}:${0}", letter(LINE_ITEM_COLUMNS, name));
    let option_range = lcol("option");
    let nature_range = lcol("nature");
    for (i, o) in c.options.iter().enumerate() {
        let row = i as RowNum + 1;
        let r = row + 1; // 1-based
        let t = &o.totals;
        s.text(row, col(&columns, "option"), &o.name)?;
        s.text(row, col(&columns, "kind"), kind_text(o))?;
        s.text(row, col(&columns, "currency"), c.currency.code())?;
        // Criteria: the option's name. SUMIFS reads `*`, `?` and `~` as wildcards and a leading `<`,
        // `>` or `=` as a comparison; such names are matched exactly with SUMPRODUCT instead.
        let special = o.name.contains(['*', '?', '~']) || o.name.starts_with(['<', '>', '=']);
        let sum_over = |column: &str, nature: Option<&str>| -> String {
            let sum_range = lcol(column);
            if special {
                let lines = format!("{lines_sheet}!$A$2:$A$1048576");
                let values = format!("{lines_sheet}!${0}$2:${0}$1048576", letter(LINE_ITEM_COLUMNS, column));
                let natures =
                    format!("{lines_sheet}!${0}$2:${0}$1048576", letter(LINE_ITEM_COLUMNS, "nature"));
                match nature {
                    Some(n) => {
                        format!("=SUMPRODUCT(({lines}=$A{r})*({natures}={})*{values})", formula_string(n))
                    }
                    None => format!("=SUMPRODUCT(({lines}=$A{r})*{values})"),
                }
            } else {
                match nature {
                    Some(n) => format!(
                        "=SUMIFS({sum_range},{option_range},$A{r},{nature_range},{})",
                        formula_string(n)
                    ),
                    None => format!("=SUMIFS({sum_range},{option_range},$A{r})"),
                }
            }
        };
        let cell = |name: &str| format!("{}{r}", letter(&columns, name));
        s.money_formula(row, col(&columns, "cash"), &sum_over("cash", None), t.cash)?;
        s.money_formula(row, col(&columns, "capex"), &sum_over("cash", Some("capex")), t.capex)?;
        s.money_formula(row, col(&columns, "opex"), &sum_over("cash", Some("opex")), t.opex)?;
        s.money_formula(row, col(&columns, "expense"), &sum_over("expense", None), t.expense)?;
        s.money_formula(row, col(&columns, "depreciation"), &sum_over("depreciation", None), t.depreciation)?;
        s.money_formula(row, col(&columns, "interest"), &sum_over("interest", None), t.interest)?;
        s.money_formula(
            row,
            col(&columns, "terminal_value"),
            &sum_over("terminal_value", None),
            t.terminal_value,
        )?;
        s.money_formula(
            row,
            col(&columns, "net_cash"),
            &format!("={}-{}", cell("cash"), cell("terminal_value")),
            t.net_cash,
        )?;
        s.money_formula(row, col(&columns, "npv"), &sum_over("npv", None), t.npv)?;
        let npv_col = letter(&columns, "npv");
        let difference =
            c.ranking.by_npv.iter().find(|e| e.option == o.name).map_or(Decimal::ZERO, |e| e.difference);
        s.money_formula(
            row,
            col(&columns, "npv_difference"),
            &format!("={npv_col}{r}-MIN(${npv_col}${first}:${npv_col}${last})"),
            difference,
        )?;
        for (rank_col, value_col, entries) in
            [("rank_npv", "npv", &c.ranking.by_npv), ("rank_cash", "cash", &c.ranking.by_cash)]
        {
            let v = letter(&columns, value_col);
            let rank = entries.iter().find(|e| e.option == o.name).map_or(0, |e| e.rank);
            let formula = Formula::new(format!("=RANK({v}{r},${v}${first}:${v}${last},1)"))
                .set_result(rank.to_string());
            s.ws.write_formula_with_format(row, col(&columns, rank_col), formula, &f.integer)?;
        }
        if with_tax {
            let result = t.after_tax_npv.unwrap_or(t.npv);
            s.money_formula(row, col(&columns, "after_tax_npv"), &sum_over("after_tax_npv", None), result)?;
        }
    }

    // Break-even months (the engine's; where the chart's lines cross for good).
    let mut row = n + 2;
    for (i, label) in super::headers(BREAK_EVEN_COLUMNS).iter().enumerate() {
        s.ws.write_string_with_format(row, i as ColNum, label, &f.header)?;
    }
    for b in &c.break_even {
        row += 1;
        s.text(row, 0, &b.option)?;
        s.text(row, 1, &b.versus)?;
        if let Some(m) = b.month {
            s.int(row, 2, m)?;
        }
        s.opt_text(row, 3, b.period.map(|p| p.to_string()).as_deref())?;
        s.text(row, 4, &b.reason.shown())?;
    }

    // Cumulative cash per option over the months, from the Monthly sheet.
    let mut chart = Chart::new(ChartType::Line);
    let cumulative = col(MONTHLY_COLUMNS, "cumulative_cash");
    let month = col(MONTHLY_COLUMNS, "month");
    for (o, first_row) in c.options.iter().zip(&layout.first_rows) {
        if o.monthly.is_empty() {
            continue;
        }
        let last_row = first_row + o.monthly.len() as RowNum - 1;
        chart
            .add_series()
            .set_name((names.monthly.as_str(), *first_row, 0))
            .set_categories((names.monthly.as_str(), *first_row, month, last_row, month))
            .set_values((names.monthly.as_str(), *first_row, cumulative, last_row, cumulative));
    }
    let currency = c.currency.code();
    chart.title().set_name(&t!("report-chart-title", currency = currency).localized());
    chart.x_axis().set_name(&t!("report-chart-month-axis").localized());
    chart
        .y_axis()
        .set_name(&t!("report-chart-cumulative-cash-axis", currency = currency).localized())
        .set_num_format("#,##0");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(900).set_height(420);
    s.ws.insert_chart(row + 2, 0, &chart)?;
    Ok(())
}

/// Cash of the options' lines in one month column of Line items: `SUMIFS` on the option (and nature).
/// `lines_sheet` is the Line items sheet as formulas name it.
fn month_sum(
    lines_sheet: &str,
    month_index: usize,
    r: RowNum,
    nature: Option<&str>,
    special: bool,
) -> String {
    let month_col = column_number_to_name(LINE_ITEM_COLUMNS.len() as ColNum + month_index as ColNum);
    let option_letter = letter(LINE_ITEM_COLUMNS, "option");
    let nature_letter = letter(LINE_ITEM_COLUMNS, "nature");
    if special {
        let all = |l: &str| format!("{lines_sheet}!${l}$2:${l}$1048576");
        let nature_term =
            nature.map_or(String::new(), |n| format!("*({}={})", all(&nature_letter), formula_string(n)));
        format!("=SUMPRODUCT(({}=$A{r}){nature_term}*{})", all(&option_letter), all(&month_col))
    } else {
        let nature_term = nature.map_or(String::new(), |n| {
            format!(",{lines_sheet}!${nature_letter}:${nature_letter},{}", formula_string(n))
        });
        format!("=SUMIFS({lines_sheet}!${month_col}:${month_col},{lines_sheet}!${option_letter}:${option_letter},$A{r}{nature_term})")
    }
}

fn monthly(
    ws: &mut Worksheet,
    f: &Formats,
    c: &Comparison,
    layout: &MonthlyLayout,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, f };
    let lines_sheet = sheet_ref(&names.line_items);
    s.header(MONTHLY_COLUMNS, &[("option", 34.0), ("month", 7.0), ("period", 9.0)])?;
    let cash = letter(MONTHLY_COLUMNS, "cash");
    let cumulative = letter(MONTHLY_COLUMNS, "cumulative_cash");
    for (o, first_row) in c.options.iter().zip(&layout.first_rows) {
        let special = o.name.contains(['*', '?', '~']) || o.name.starts_with(['<', '>', '=']);
        for (i, m) in o.monthly.iter().enumerate() {
            let row = first_row + i as RowNum;
            let r = row + 1;
            s.text(row, 0, &o.name)?;
            s.int(row, 1, m.month)?;
            s.text(row, 2, &m.period.to_string())?;
            let index = m.month.saturating_sub(1) as usize;
            s.money_formula(
                row,
                col(MONTHLY_COLUMNS, "cash"),
                &month_sum(&lines_sheet, index, r, None, special),
                m.cash,
            )?;
            s.money_formula(
                row,
                col(MONTHLY_COLUMNS, "capex"),
                &month_sum(&lines_sheet, index, r, Some("capex"), special),
                m.capex,
            )?;
            s.money_formula(
                row,
                col(MONTHLY_COLUMNS, "opex"),
                &month_sum(&lines_sheet, index, r, Some("opex"), special),
                m.opex,
            )?;
            s.money(row, col(MONTHLY_COLUMNS, "expense"), m.expense)?;
            s.money(row, col(MONTHLY_COLUMNS, "depreciation"), m.depreciation)?;
            s.money(row, col(MONTHLY_COLUMNS, "interest"), m.interest)?;
            let running =
                if i == 0 { format!("={cash}{r}") } else { format!("={cumulative}{}+{cash}{r}", r - 1) };
            s.money_formula(row, col(MONTHLY_COLUMNS, "cumulative_cash"), &running, m.cumulative_cash)?;
            s.money(row, col(MONTHLY_COLUMNS, "present_value"), m.present_value)?;
            s.money(row, col(MONTHLY_COLUMNS, "cumulative_npv"), m.cumulative_npv)?;
        }
    }
    Ok(())
}

fn yearly(
    ws: &mut Worksheet,
    f: &Formats,
    c: &Comparison,
    layout: &MonthlyLayout,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, f };
    let monthly_sheet = sheet_ref(&names.monthly);
    s.header(
        YEARLY_COLUMNS,
        &[("option", 34.0), ("year", 6.0), ("from", 9.0), ("to", 9.0), ("months", 7.0)],
    )?;
    let cumulative = letter(YEARLY_COLUMNS, "cumulative_cash");
    let cash = letter(YEARLY_COLUMNS, "cash");
    let mut row: RowNum = 1;
    for (o, first_row) in c.options.iter().zip(&layout.first_rows) {
        let mut month_offset: RowNum = 0;
        for (i, y) in o.yearly.iter().enumerate() {
            let r = row + 1;
            // Rows of this year's months on Monthly (1-based).
            let from = first_row + month_offset + 1;
            let to = from + y.months.saturating_sub(1) as RowNum;
            month_offset += y.months as RowNum;
            s.text(row, 0, &o.name)?;
            s.int(row, 1, y.year)?;
            s.text(row, 2, &y.from.to_string())?;
            s.text(row, 3, &y.to.to_string())?;
            s.int(row, 4, y.months)?;
            for (name, value) in [("cash", y.cash), ("capex", y.capex), ("opex", y.opex)] {
                let m = letter(MONTHLY_COLUMNS, name);
                s.money_formula(
                    row,
                    col(YEARLY_COLUMNS, name),
                    &format!("=SUM({monthly_sheet}!{m}{from}:{m}{to})"),
                    value,
                )?;
            }
            s.money(row, col(YEARLY_COLUMNS, "expense"), y.expense)?;
            s.money(row, col(YEARLY_COLUMNS, "depreciation"), y.depreciation)?;
            s.money(row, col(YEARLY_COLUMNS, "interest"), y.interest)?;
            let running =
                if i == 0 { format!("={cash}{r}") } else { format!("={cumulative}{}+{cash}{r}", r - 1) };
            s.money_formula(row, col(YEARLY_COLUMNS, "cumulative_cash"), &running, y.cumulative_cash)?;
            s.money(row, col(YEARLY_COLUMNS, "present_value"), y.present_value)?;
            s.money(row, col(YEARLY_COLUMNS, "cumulative_npv"), y.cumulative_npv)?;
            row += 1;
        }
    }
    Ok(())
}

fn line_items(ws: &mut Worksheet, f: &Formats, c: &Comparison) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, f };
    s.header(
        LINE_ITEM_COLUMNS,
        &[
            ("option", 30.0),
            ("component", 24.0),
            ("offering", 40.0),
            ("purchase_option", 20.0),
            ("source_url", 50.0),
            ("note", 50.0),
            ("pointer", 28.0),
            ("price_date", 11.0),
            ("retrieved", 11.0),
            ("basis", 10.0),
        ],
    )?;
    let first_month = LINE_ITEM_COLUMNS.len() as ColNum;
    for m in 0..c.horizon_months {
        let column = first_month + m as ColNum;
        s.ws.write_string_with_format(0, column, c.start.plus_months(m).to_string(), &f.header)?;
        s.ws.set_column_width(column, 13.0)?;
    }
    // Keep the option and component in view while scrolling through the months.
    s.ws.set_freeze_panes(1, 2)?;
    let mut row: RowNum = 1;
    for o in &c.options {
        for l in &o.line_items {
            line_item(&mut s, row, c, o, l)?;
            row += 1;
        }
    }
    Ok(())
}

fn line_item(
    s: &mut Sheet<'_>,
    row: RowNum,
    c: &Comparison,
    o: &OptionResult,
    l: &LineItem,
) -> Result<(), XlsxError> {
    let f = s.f;
    let at = |name: &str| col(LINE_ITEM_COLUMNS, name);
    s.text(row, at("option"), &o.name)?;
    s.text(row, at("component"), &l.component)?;
    s.text(row, at("kind"), &enum_text(l.kind))?;
    s.text(row, at("shape"), &enum_text(l.shape))?;
    s.opt_text(row, at("offering"), l.offering.as_deref())?;
    s.opt_text(row, at("purchase_option"), l.purchase_option.map(|p| p.as_str()))?;
    s.opt_text(row, at("payment"), l.payment.map(|p| p.as_str()))?;
    s.opt_text(row, at("unit"), l.unit.map(|u| u.as_str()))?;
    s.opt_number(row, at("unit_price"), l.unit_price, &f.price)?;
    s.opt_number(row, at("upfront"), l.upfront, &f.price)?;
    s.opt_text(row, at("price_currency"), l.price_currency.as_ref().map(Currency::code))?;
    s.opt_number(row, at("fx_rate"), l.fx_rate, &f.rate)?;
    s.opt_number(row, at("discount"), l.discount, &f.rate)?;
    s.number(row, at("quantity_first"), l.quantity_first, &f.quantity)?;
    s.number(row, at("quantity_last"), l.quantity_last, &f.quantity)?;
    s.text(row, at("category"), l.category.as_str())?;
    s.text(row, at("nature"), nature_text(l.nature))?;
    s.text(row, at("timing"), &enum_text(l.timing))?;
    let first_month = LINE_ITEM_COLUMNS.len() as ColNum;
    let months = c.horizon_months.max(1) as ColNum;
    let r = row + 1;
    let sum = format!(
        "=SUM({}{r}:{}{r})",
        column_number_to_name(first_month),
        column_number_to_name(first_month + months - 1)
    );
    s.money_formula(row, at("cash"), &sum, l.cash)?;
    s.money(row, at("expense"), l.expense)?;
    s.money(row, at("depreciation"), l.depreciation)?;
    s.money(row, at("interest"), l.interest)?;
    s.money(row, at("terminal_value"), l.terminal_value)?;
    s.money(row, at("npv"), l.npv)?;
    // Without a tax rate the after-tax NPV is the NPV (as `metric=after_tax_npv` answers).
    s.money(row, at("after_tax_npv"), l.after_tax_npv.unwrap_or(l.npv))?;
    if let Some(p) = &l.provenance {
        s.text(row, at("basis"), p.basis.as_str())?;
        s.opt_text(row, at("price_date"), p.price_date.map(|d| d.to_string()).as_deref())?;
        s.text(row, at("retrieved"), &p.retrieved.to_string())?;
        s.text(row, at("source_url"), &p.source_url)?;
    }
    s.opt_text(row, at("note"), l.note.as_ref().map(Shown::shown).as_deref())?;
    s.text(row, at("pointer"), &l.pointer)?;
    // The stage of a path the line belongs to (empty for a plain option).
    s.opt_text(row, at("stage"), l.stage.as_deref())?;
    for (m, amount) in l.monthly_cash.iter().enumerate() {
        s.money(row, first_month + m as ColNum, *amount)?;
    }
    Ok(())
}

fn assumptions(
    ws: &mut Worksheet,
    f: &Formats,
    c: &Comparison,
    scenario: &Scenario,
    title: &str,
) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, f };
    s.header(
        ASSUMPTION_COLUMNS,
        &[
            ("section", 12.0),
            ("name", 34.0),
            ("value", 30.0),
            ("detail", 60.0),
            ("price_date", 11.0),
            ("basis", 10.0),
            ("source_url", 60.0),
        ],
    )?;
    let mut row: RowNum = 0;
    let mut put = |s: &mut Sheet<'_>,
                   section: Section,
                   name: &str,
                   value: Value,
                   detail: &str|
     -> Result<RowNum, XlsxError> {
        row += 1;
        s.text(row, 0, &section.label().localized())?;
        s.text(row, 1, name)?;
        match value {
            Value::Text(t) => s.text(row, 2, &t)?,
            Value::Number(d) => s.number(row, 2, d, &f.rate)?,
            Value::Int(i) => s.int(row, 2, i)?,
        }
        s.text(row, 3, detail)?;
        Ok(row)
    };
    let setting = |key: &str| setting_label(key).localized();
    put(&mut s, Section::Workbook, &setting("title"), Value::Text(title.to_string()), "")?;
    put(
        &mut s,
        Section::Workbook,
        &setting("catalog_version"),
        Value::Text(c.catalog_version.clone()),
        &t!("report-assumption-catalog-version-detail").localized(),
    )?;
    put(
        &mut s,
        Section::Setting,
        &setting("currency"),
        Value::Text(c.currency.code().to_string()),
        &t!("report-assumption-currency-detail").localized(),
    )?;
    put(
        &mut s,
        Section::Setting,
        &setting("start"),
        Value::Text(scenario.start.to_string()),
        &t!("report-assumption-start-detail").localized(),
    )?;
    put(&mut s, Section::Setting, &setting("horizon_months"), Value::Int(scenario.horizon_months), "")?;
    put(
        &mut s,
        Section::Setting,
        &setting("discount_rate"),
        Value::Number(scenario.discount_rate),
        &t!("report-assumption-discount-rate-detail").localized(),
    )?;
    put(
        &mut s,
        Section::Setting,
        &setting("monthly_discount_rate"),
        Value::Number(c.monthly_discount_rate),
        "(1 + discount_rate)^(1/12) - 1",
    )?;
    match scenario.tax_rate {
        Some(t) => put(&mut s, Section::Setting, &setting("tax_rate"), Value::Number(t), "")?,
        None => put(
            &mut s,
            Section::Setting,
            &setting("tax_rate"),
            Value::Text(t!("report-assumption-no-tax-rate").localized()),
            &t!("report-assumption-no-tax-rate-detail").localized(),
        )?,
    };
    put(
        &mut s,
        Section::Setting,
        &setting("tax_basis"),
        Value::Text(c.tax_basis.as_str().to_string()),
        &t!("report-assumption-tax-basis-detail").localized(),
    )?;
    put(
        &mut s,
        Section::Setting,
        &setting("terminal_value"),
        Value::Text(scenario.terminal_value.to_string()),
        &t!("report-assumption-terminal-value-detail").localized(),
    )?;
    for (category, rate) in &scenario.inflation {
        put(
            &mut s,
            Section::Setting,
            &t!("report-assumption-inflation", category = category.as_str()).localized(),
            Value::Number(*rate),
            &t!("report-assumption-inflation-detail").localized(),
        )?;
    }
    for (name, d) in &scenario.drivers {
        let detail = serde_json::to_string(d).unwrap_or_default();
        let value = match (d.start, &d.values_by_year) {
            (Some(start), _) => Value::Number(start),
            (None, Some(years)) => {
                Value::Text(years.iter().map(Decimal::to_string).collect::<Vec<_>>().join(", "))
            }
            (None, None) => Value::Text(String::new()),
        };
        put(&mut s, Section::Driver, name, value, &detail)?;
    }
    for (i, o) in scenario.options.iter().enumerate() {
        put_bundle(&mut s, &mut put, &o.name, &o.components, o.facility.as_ref(), &o.labor)?;
        let runs = c.options.get(i).map(|r| r.stages.as_slice()).unwrap_or_default();
        for (stage, run) in o.stages.iter().zip(runs) {
            let owner = format!("{} › {}", o.name, stage.name);
            let when = match (run.from_month, run.until_month) {
                (Some(from), Some(until)) => t!("report-assumption-stage-runs", from = from, until = until),
                _ => t!("report-assumption-stage-never"),
            };
            let switch = serde_json::json!({"switch": stage.switch, "overlap_months": stage.overlap_months});
            let detail = format!("{} {}", run.reason.localized(), switch);
            put(&mut s, Section::Stage, &owner, Value::Text(when.localized()), &detail)?;
            put_bundle(&mut s, &mut put, &owner, &stage.components, stage.facility.as_ref(), &stage.labor)?;
            let migration = format!("{owner} › {}", t!("report-assumption-migration").localized());
            put_bundle(&mut s, &mut put, &migration, &stage.migration, None, &[])?;
        }
        if let Some(kind) = o.kind {
            let detail = t!("report-assumption-option-kind").localized();
            put(&mut s, Section::Option, &o.name, Value::Text(enum_text(kind)), &detail)?;
        }
    }
    // Every source behind a line, once.
    let mut sources = BTreeSet::new();
    for o in &c.options {
        for l in &o.line_items {
            if let Some(p) = &l.provenance {
                sources.insert((
                    l.offering.clone().unwrap_or_else(|| {
                        t!("report-assumption-inline-source", component = l.component).localized()
                    }),
                    p.price_date,
                    p.basis.as_str(),
                    p.source_url.clone(),
                    p.note.clone().unwrap_or_default(),
                ));
            }
        }
    }
    for (offering, price_date, basis, url, note) in sources {
        let r = put(&mut s, Section::Source, &offering, Value::Text(String::new()), &note)?;
        s.opt_text(r, 4, price_date.map(|d| d.to_string()).as_deref())?;
        s.text(r, 5, basis)?;
        s.text(r, 6, &url)?;
    }
    for w in &c.warnings {
        let r = put(
            &mut s,
            Section::Warning,
            &enum_text(w.code),
            Value::Text(w.option.clone().unwrap_or_default()),
            &w.message.shown(),
        )?;
        if let Some(rate) = w.rate {
            s.number(r, 2, rate, &f.rate)?;
        }
        s.opt_text(r, 4, w.price_date.map(|d| d.to_string()).as_deref())?;
        s.opt_text(r, 6, w.source_url.as_deref())?;
    }
    s.ws.set_column_format(3, &f.wrap)?;
    Ok(())
}

/// One bundle's rows, an option's or a stage's: its components, facility and labour lines, each named
/// under `owner`.
fn put_bundle<F>(
    s: &mut Sheet<'_>,
    put: &mut F,
    owner: &str,
    components: &[crate::scenario::Component],
    facility: Option<&crate::scenario::Facility>,
    labor: &[crate::scenario::LaborLine],
) -> Result<(), XlsxError>
where
    F: FnMut(&mut Sheet<'_>, Section, &str, Value, &str) -> Result<RowNum, XlsxError>,
{
    for component in components {
        let detail = serde_json::to_string(component).unwrap_or_default();
        let value =
            component.offering.clone().unwrap_or_else(|| t!("report-assumption-inline-price").localized());
        put(s, Section::Component, &format!("{owner} › {}", component.name), Value::Text(value), &detail)?;
    }
    if let Some(facility) = facility {
        let detail = serde_json::to_string(facility).unwrap_or_default();
        put(s, Section::Facility, owner, Value::Text(facility.energy_offering.clone()), &detail)?;
    }
    for line in labor {
        let detail = serde_json::to_string(line).unwrap_or_default();
        let name = format!("{owner} › {}", line.name.as_deref().unwrap_or(&line.offering));
        put(s, Section::Labor, &name, Value::Text(line.offering.clone()), &detail)?;
    }
    Ok(())
}

enum Value {
    Text(String),
    Number(Decimal),
    Int(u32),
}

/// The sections of the Assumptions sheet.
#[derive(Clone, Copy)]
enum Section {
    Workbook,
    Setting,
    Driver,
    Component,
    Facility,
    Labor,
    Option,
    Stage,
    Source,
    Warning,
}

impl Section {
    fn label(self) -> crate::text::Text {
        match self {
            Section::Workbook => t!("report-section-workbook"),
            Section::Setting => t!("report-section-setting"),
            Section::Driver => t!("report-section-driver"),
            Section::Component => t!("report-section-component"),
            Section::Facility => t!("report-section-facility"),
            Section::Labor => t!("report-section-labor"),
            Section::Option => t!("report-section-option"),
            Section::Stage => t!("report-section-stage"),
            Section::Source => t!("report-section-source"),
            Section::Warning => t!("report-section-warning"),
        }
    }
}

/// The Assumptions name of a workbook fact or scenario setting keyed `key` (in English, the key: the
/// scenario's field name).
fn setting_label(key: &str) -> crate::text::Text {
    match key {
        "title" => t!("report-setting-title"),
        "catalog_version" => t!("report-setting-catalog-version"),
        "currency" => t!("report-setting-currency"),
        "start" => t!("report-setting-start"),
        "horizon_months" => t!("report-setting-horizon-months"),
        "discount_rate" => t!("report-setting-discount-rate"),
        "monthly_discount_rate" => t!("report-setting-monthly-discount-rate"),
        "tax_rate" => t!("report-setting-tax-rate"),
        "tax_basis" => t!("report-setting-tax-basis"),
        "terminal_value" => t!("report-setting-terminal-value"),
        other => crate::text::Text::name(other),
    }
}

/// The workbook of an uncertainty answer (`GET /v1/uncertainty?format=xlsx`): the draws' summary per
/// option, per break-even pair, the inputs that move the NPV gap most, and every input's distribution
/// with where it came from. Values, not formulas: the draws are not in the workbook.
pub fn uncertainty_workbook(u: &Uncertainty) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&u.currency);
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(t!("report-uncertainty-title").localized())
            .set_subject(t!("report-uncertainty-subject", draws = u.draws, seed = u.seed).localized())
            .set_author("Breakeven")
            .set_comment(t!("report-workbook-comment", version = u.catalog_version).localized()),
    );
    let names = UNCERTAINTY_SHEETS.map(|key| sheet_name(key).localized());
    for name in &names {
        workbook.add_worksheet().set_name(name)?;
    }
    let [options, break_even, sensitivity, inputs] = &names;
    range_options(sheet(&mut workbook, options)?, &f, u)?;
    range_break_even(sheet(&mut workbook, break_even)?, &f, u)?;
    range_sensitivity(sheet(&mut workbook, sensitivity)?, &f, u)?;
    range_inputs(sheet(&mut workbook, inputs)?, &f, u)?;
    workbook.save_to_buffer()
}

/// Columns of an option's ranges, in the workbook's Options sheet and the CSV alike.
pub const OPTION_RANGE_COLUMNS: &[&str] = &[
    "option",
    "point_npv",
    "npv_p5",
    "npv_p50",
    "npv_p95",
    "npv_mean",
    "cash_p5",
    "cash_p50",
    "cash_p95",
    "cash_mean",
    "probability_cheapest",
];

fn range_options(ws: &mut Worksheet, f: &Formats, u: &Uncertainty) -> Result<(), XlsxError> {
    const COLUMNS: &[&str] = OPTION_RANGE_COLUMNS;
    let mut s = Sheet { ws, f };
    s.header(COLUMNS, &[("option", 44.0)])?;
    for (r, o) in u.options.iter().enumerate() {
        let row = (r + 1) as RowNum;
        s.text(row, 0, &o.option)?;
        let amounts = [
            o.point_npv,
            o.npv.p5,
            o.npv.p50,
            o.npv.p95,
            o.npv.mean,
            o.cash.p5,
            o.cash.p50,
            o.cash.p95,
            o.cash.mean,
        ];
        for (c, amount) in amounts.into_iter().enumerate() {
            s.money(row, (c + 1) as ColNum, amount)?;
        }
        s.number(row, 10, o.probability_cheapest, &f.rate)?;
    }
    Ok(())
}

/// Columns of the uncertainty workbook's Break-even sheet.
pub const BREAK_EVEN_RANGE_COLUMNS: &[&str] =
    &["option", "versus", "point_month", "p10", "p50", "p90", "probability_never"];

/// Columns of its Sensitivity sheet.
pub const SENSITIVITY_COLUMNS: &[&str] = &["input", "rank_correlation"];

/// Columns of its Inputs sheet.
pub const INPUT_COLUMNS: &[&str] = &["input", "distribution", "method"];

fn range_break_even(ws: &mut Worksheet, f: &Formats, u: &Uncertainty) -> Result<(), XlsxError> {
    const COLUMNS: &[&str] = BREAK_EVEN_RANGE_COLUMNS;
    let mut s = Sheet { ws, f };
    s.header(COLUMNS, &[("option", 44.0), ("versus", 44.0)])?;
    for (r, b) in u.break_even.iter().enumerate() {
        let row = (r + 1) as RowNum;
        s.text(row, 0, &b.option)?;
        s.text(row, 1, &b.versus)?;
        for (c, month) in [b.point_month, b.p10, b.p50, b.p90].into_iter().enumerate() {
            if let Some(m) = month {
                s.int(row, (c + 2) as ColNum, m)?;
            }
        }
        s.number(row, 6, b.probability_never, &f.rate)?;
    }
    Ok(())
}

fn range_sensitivity(ws: &mut Worksheet, f: &Formats, u: &Uncertainty) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, f };
    s.header(SENSITIVITY_COLUMNS, &[("input", 60.0), ("rank_correlation", 18.0)])?;
    let Some(sensitivity) = &u.sensitivity else { return Ok(()) };
    for (r, i) in sensitivity.inputs.iter().enumerate() {
        let row = (r + 1) as RowNum;
        s.text(row, 0, &i.input.shown())?;
        s.number(row, 1, i.rank_correlation, &f.rate)?;
    }
    let below = (sensitivity.inputs.len() + 2) as RowNum;
    let difference =
        t!("report-sensitivity-difference", option = sensitivity.option, versus = sensitivity.versus);
    s.text(below, 0, &difference.localized())?;
    let d = &sensitivity.difference;
    let mean = t!("report-statistic-mean").localized();
    for (k, (label, amount)) in
        [("P5", d.p5), ("P50", d.p50), ("P95", d.p95), (mean.as_str(), d.mean)].into_iter().enumerate()
    {
        let row = below.saturating_add(1).saturating_add(k as RowNum);
        s.text(row, 0, label)?;
        s.money(row, 1, amount)?;
    }
    Ok(())
}

fn range_inputs(ws: &mut Worksheet, f: &Formats, u: &Uncertainty) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, f };
    s.header(INPUT_COLUMNS, &[("input", 50.0), ("distribution", 50.0), ("method", 90.0)])?;
    for (r, i) in u.inputs.iter().enumerate() {
        let row = (r + 1) as RowNum;
        s.text(row, 0, &i.name.shown())?;
        s.text(row, 1, &serde_json::to_string(&i.distribution).unwrap_or_default())?;
        s.text(row, 2, &i.method.shown())?;
    }
    Ok(())
}

/// A workbook of plain tables, one sheet each (the scorecard's): numbers as numbers, text defused.
/// The sheet of a scorecard table (`scores` → Scores / 得分).
fn table_sheet_name(table: &str) -> crate::text::Text {
    match table {
        "scores" => t!("report-sheet-scores"),
        "requirements" => t!("report-sheet-requirements"),
        "items" => t!("report-sheet-items"),
        "criteria" => t!("report-sheet-criteria"),
        other => crate::text::Text::name(other),
    }
}

pub fn table_workbook(
    title: &str,
    comment: &str,
    tables: &[crate::report::scorecard::Table],
) -> Result<Vec<u8>, XlsxError> {
    use crate::report::csv::Cell;
    let f = Formats::new(&Currency::usd());
    let mut workbook = Workbook::new();
    workbook
        .set_properties(&DocProperties::new().set_title(title).set_author("Breakeven").set_comment(comment));
    for table in tables {
        let ws = workbook.add_worksheet().set_name(table_sheet_name(table.name).localized())?;
        let mut s = Sheet { ws, f: &f };
        // The scorecard's headers, as it gives them (widths by their stable English keys).
        let columns: Vec<&str> = table.keys.iter().map(String::as_str).collect();
        s.header_as_given(
            &columns,
            &table.columns,
            &[("option", 36.0), ("value", 40.0), ("source_url", 50.0), ("method", 80.0)],
        )?;
        for (r, row) in table.rows.iter().enumerate() {
            let row_number = (r + 1) as RowNum;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(text) => s.text(row_number, c as ColNum, text)?,
                    Cell::Number(text) => match text.parse::<Decimal>() {
                        Ok(value) => s.number(row_number, c as ColNum, value, &f.quantity)?,
                        Err(_) => s.text(row_number, c as ColNum, text)?,
                    },
                    Cell::Empty => {}
                }
            }
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compare;
    use crate::scenario::template;
    use crate::store::load_snapshot;

    fn comparisons() -> Vec<(Comparison, Scenario, String)> {
        let snapshot =
            load_snapshot(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data"))
                .expect("bundled data loads");
        let mut out = Vec::new();
        for (id, t) in snapshot.templates.iter() {
            let request = template::request_from_pairs(t, &[]).expect("defaults");
            let scenario = template::expand(t, &request).expect("expands");
            let comparison = compare(&snapshot.catalog, &scenario).expect("compares");
            out.push((comparison, scenario, id.clone()));
        }
        let example: Scenario = serde_json::from_str(
            &std::fs::read_to_string(
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/smb-im-50-users.json"),
            )
            .expect("example"),
        )
        .expect("scenario");
        out.push((compare(&snapshot.catalog, &example).expect("compares"), example, "example".into()));
        out
    }

    /// The formulas recompute the engine's figures only if these sums hold: what a SUMIFS over the line
    /// items gives equals each total, and what a month column gives equals each monthly row.
    #[test]
    fn formulas_reproduce_the_engine_totals() {
        for (c, _, id) in comparisons() {
            for o in &c.options {
                let sum = |f: &dyn Fn(&LineItem) -> Decimal| o.line_items.iter().map(f).sum::<Decimal>();
                let t = &o.totals;
                assert_eq!(sum(&|l| l.monthly_cash.iter().sum()), t.cash, "{id} {}: cash", o.name);
                assert_eq!(
                    sum(&|l| if l.nature == Nature::Capex { l.cash } else { Decimal::ZERO }),
                    t.capex,
                    "{id} {}: capex",
                    o.name
                );
                assert_eq!(
                    sum(&|l| if l.nature == Nature::Opex { l.cash } else { Decimal::ZERO }),
                    t.opex,
                    "{id} {}: opex",
                    o.name
                );
                assert_eq!(sum(&|l| l.expense), t.expense, "{id} {}: expense", o.name);
                assert_eq!(sum(&|l| l.depreciation), t.depreciation, "{id} {}: depreciation", o.name);
                assert_eq!(sum(&|l| l.interest), t.interest, "{id} {}: interest", o.name);
                assert_eq!(sum(&|l| l.terminal_value), t.terminal_value, "{id} {}: terminal value", o.name);
                assert_eq!(sum(&|l| l.npv), t.npv, "{id} {}: npv", o.name);
                for (i, m) in o.monthly.iter().enumerate() {
                    let month = |nature: Option<Nature>| {
                        o.line_items
                            .iter()
                            .filter(|l| nature.is_none_or(|n| l.nature == n))
                            .filter_map(|l| l.monthly_cash.get(i))
                            .sum::<Decimal>()
                    };
                    assert_eq!(month(None), m.cash, "{id} {} month {}: cash", o.name, m.month);
                    assert_eq!(
                        month(Some(Nature::Capex)),
                        m.capex,
                        "{id} {} month {}: capex",
                        o.name,
                        m.month
                    );
                    assert_eq!(month(Some(Nature::Opex)), m.opex, "{id} {} month {}: opex", o.name, m.month);
                }
                assert_eq!(o.yearly.iter().map(|y| y.months).sum::<u32>() as usize, o.monthly.len());
            }
        }
    }

    #[test]
    fn every_comparison_makes_a_workbook_with_the_five_sheets() {
        for (c, scenario, id) in comparisons() {
            let bytes = comparison_workbook(&c, &scenario, Some(&id)).expect("workbook");
            assert!(bytes.starts_with(b"PK"), "{id}: a zip");
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
            let mut workbook = String::new();
            std::io::Read::read_to_string(
                &mut zip.by_name("xl/workbook.xml").expect("workbook part"),
                &mut workbook,
            )
            .expect("workbook.xml");
            // The sheets, in order, from the workbook part: `<sheet name="…" sheetId=…/>`.
            let names: Vec<&str> = workbook
                .split("<sheet ")
                .skip(1)
                .filter_map(|s| s.split("name=\"").nth(1)?.split('"').next())
                .collect();
            assert_eq!(names, ["Summary", "Yearly", "Monthly", "Line items", "Assumptions"], "{id}");
            let worksheets = zip.file_names().filter(|n| n.starts_with("xl/worksheets/sheet")).count();
            assert_eq!(worksheets, 5, "{id}: one part per sheet");
            assert!(zip.by_name("xl/charts/chart1.xml").is_ok(), "{id}: has the chart");
        }
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect("part"), &mut text).expect(name);
        text
    }

    /// In Chinese the sheets, headers and labels are Chinese, and every formula names the sheets as the
    /// workbook does; in English the formulas are the ones they always were.
    #[test]
    fn sheet_names_follow_the_language_and_the_formulas_follow_the_sheet_names() {
        use crate::text::{with_language, Language};
        let (c, scenario, id) = comparisons().into_iter().next().expect("a comparison");
        let english = comparison_workbook(&c, &scenario, Some(&id)).expect("workbook");
        assert!(part(&english, "xl/worksheets/sheet1.xml")
            .contains("SUMIFS('Line items'!$S:$S,'Line items'!$A:$A,$A2)"));
        assert!(part(&english, "xl/worksheets/sheet2.xml").contains("SUM(Monthly!D2:D"));
        assert!(part(&english, "xl/charts/chart1.xml").contains("<c:f>Monthly!$A$2</c:f>"));
        let chinese = with_language(Language::ZhCn, || comparison_workbook(&c, &scenario, Some(&id)))
            .expect("workbook");
        let workbook = part(&chinese, "xl/workbook.xml");
        let names: Vec<&str> =
            workbook.split("<sheet name=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        assert_eq!(names, ["汇总", "按年", "按月", "明细", "假设"]);
        let summary = part(&chinese, "xl/worksheets/sheet1.xml");
        assert!(summary.contains("SUMIFS('明细'!$S:$S,'明细'!$A:$A,$A2)"), "{summary}");
        assert!(!summary.contains("Line items"));
        assert!(part(&chinese, "xl/worksheets/sheet2.xml").contains("SUM('按月'!D2:D"));
        assert!(
            part(&chinese, "xl/worksheets/sheet3.xml").contains("SUMIFS('明细'!$AG:$AG,'明细'!$A:$A,$A2)")
        );
        let chart = part(&chinese, "xl/charts/chart1.xml");
        // rust_xlsxwriter quotes a chart's sheet as Excel does: not a name of letters only.
        assert!(chart.contains("<c:f>按月!$A$2</c:f>"), "{chart}");
        let strings = part(&chinese, "xl/sharedStrings.xml");
        for label in
            ["方案", "净现值排名", "盈亏平衡：方案", "累计现金", "组件", "部分", "折现率（discount_rate）"]
        {
            assert!(strings.contains(&format!(">{label}<")), "{label}");
        }
        for (key, name) in SHEETS
            .iter()
            .chain(&UNCERTAINTY_SHEETS)
            .map(|k| (k, with_language(Language::ZhCn, || sheet_name(k).localized())))
        {
            assert!(
                name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{key}: {name}"
            );
        }
        assert_eq!(sheet_ref("Line items"), "'Line items'");
        assert_eq!(sheet_ref("Monthly"), "Monthly");
        assert_eq!(sheet_ref("O'Brien"), "'O''Brien'");
    }

    #[test]
    fn text_that_looks_like_a_formula_is_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Slack Pro"), "Slack Pro");
    }

    #[test]
    fn columns_the_formulas_name() {
        assert_eq!(letter(LINE_ITEM_COLUMNS, "option"), "A");
        assert_eq!(letter(LINE_ITEM_COLUMNS, "cash"), "S");
        assert_eq!(column_number_to_name(LINE_ITEM_COLUMNS.len() as ColNum), "AG", "first month column");
    }
}
