//! Charts as SVG, drawn with plotters' SVG backend: a comparison's cumulative cash (or P&L expense)
//! per option with its break-even months marked, and a sweep's cost per option across the swept
//! variable with its crossovers (and their uncertainty bands) marked.
//!
//! Positions on the page are `f64` (it is a drawing); every figure the chart *states* — its `<desc>`
//! sentences and its `<metadata>` — is the exact `Decimal` of the answer, so a reader (or a test) can
//! check the picture against the numbers.

use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::json;

use crate::engine::sweep::Sweep;
use crate::engine::Comparison;
use plotters::coord::ranged1d::ValueFormatter;

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 540;

/// What a comparison chart draws (`chart=`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonChart {
    /// Cumulative cash per option, break-even months marked.
    #[default]
    Cash,
    /// Cumulative P&L expense (opex, depreciation, interest) per option.
    Pnl,
}

/// The media type of the charts.
pub const SVG_CONTENT_TYPE: &str = "image/svg+xml";

#[derive(Debug, thiserror::Error)]
#[error("the chart could not be drawn: {0}")]
pub struct ChartError(String);

fn failed(error: impl std::fmt::Display) -> ChartError {
    ChartError(error.to_string())
}

/// Okabe–Ito colours, told apart with the common colour-vision deficiencies (its yellow, too faint on
/// white, is replaced by a grey); lines beyond eight repeat them dashed.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
    RGBColor(110, 110, 110),
];

/// A line chart as plain data: what [`draw`] renders.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Distinguishes several charts inlined in one page (ids of `<title>` and `<desc>`).
    pub id: &'static str,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub log_x: bool,
    pub lines: Vec<Line>,
    pub marks: Vec<Mark>,
    pub verticals: Vec<Vertical>,
    /// Sentences for `<desc>` (what a screen reader says).
    pub summary: Vec<String>,
    /// The chart's figures as JSON in `<metadata>` (exact decimals as strings).
    pub data: serde_json::Value,
}

/// One option's line; a gap (an unavailable sweep point) splits it into segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    pub segments: Vec<Vec<(Decimal, Decimal)>>,
}

/// A marked point (a break-even month) on line `line`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub line: usize,
    pub x: Decimal,
    pub y: Decimal,
    pub label: String,
}

/// A vertical marker (a crossover), optionally with a shaded band (its uncertainty interval).
#[derive(Debug, Clone, PartialEq)]
pub struct Vertical {
    pub x: Decimal,
    pub label: String,
    pub band: Option<(Decimal, Decimal)>,
}

/// The chart of a comparison, in the current language.
pub fn comparison_chart(comparison: &Comparison, chart: ComparisonChart) -> LineChart {
    let currency = comparison.currency.to_string();
    let lines: Vec<Line> = comparison
        .options
        .iter()
        .map(|option| {
            let mut running = Decimal::ZERO;
            let mut points = vec![(Decimal::ZERO, Decimal::ZERO)];
            for row in &option.monthly {
                let y = match chart {
                    ComparisonChart::Cash => row.cumulative_cash,
                    ComparisonChart::Pnl => {
                        running = running.saturating_add(row.expense);
                        running
                    }
                };
                points.push((Decimal::from(row.month), y));
            }
            Line { name: option.name.clone(), segments: vec![points] }
        })
        .collect();
    let marks = match chart {
        ComparisonChart::Cash => break_even_marks(comparison),
        ComparisonChart::Pnl => Vec::new(),
    };
    let finals: Vec<(String, Decimal)> = lines
        .iter()
        .map(|line| (line.name.clone(), line.segments[0].last().map_or(Decimal::ZERO, |p| p.1)))
        .collect();
    let horizon = comparison.horizon_months;
    let mut summary: Vec<String> = finals
        .iter()
        .map(|(option, amount)| {
            t!("report-chart-final", option = option, amount = amount, currency = currency, month = horizon)
                .localized()
        })
        .collect();
    summary.extend(marks.iter().map(|mark| mark.label.clone()));
    let switches = switch_verticals(comparison);
    summary.extend(switches.iter().map(|(_, vertical)| vertical.label.clone()));
    let (title, y_label) = match chart {
        ComparisonChart::Cash => {
            (t!("report-chart-cash-title", currency = currency), t!("report-chart-cumulative-cash"))
        }
        ComparisonChart::Pnl => {
            (t!("report-chart-expense-title", currency = currency), t!("report-chart-cumulative-expense"))
        }
    };
    let data = json!({
        "chart": match chart { ComparisonChart::Cash => "cash", ComparisonChart::Pnl => "pnl" },
        "catalog_version": comparison.catalog_version,
        "currency": currency,
        "horizon_months": horizon,
        "options": finals.iter().map(|(option, amount)| json!({"option": option, "final": amount.to_string()})).collect::<Vec<_>>(),
        "break_even": marks.iter().map(|m| json!({"option": lines[m.line].name, "month": m.x.to_u32(), "cumulative_cash": m.y.to_string()})).collect::<Vec<_>>(),
        "switches": switches.iter().map(|(switch, _)| json!({"option": switch.0, "stage": switch.1, "month": switch.2})).collect::<Vec<_>>(),
    });
    LineChart {
        id: match chart {
            ComparisonChart::Cash => "cash",
            ComparisonChart::Pnl => "pnl",
        },
        title: title.localized(),
        x_label: t!("report-chart-month").localized(),
        y_label: y_label.localized(),
        log_x: false,
        lines,
        marks,
        verticals: switches.into_iter().map(|(_, vertical)| vertical).collect(),
        summary,
        data,
    }
}

/// A dashed vertical where each path moves to a later stage, at the month the stage starts.
fn switch_verticals(comparison: &Comparison) -> Vec<((String, String, u32), Vertical)> {
    comparison
        .options
        .iter()
        .flat_map(|option| {
            option.stages.iter().skip(1).filter_map(move |stage| {
                let month = stage.from_month?;
                let label =
                    t!("report-chart-switch", option = option.name, stage = stage.name, month = month)
                        .localized();
                let vertical = Vertical { x: Decimal::from(month), label, band: None };
                Some(((option.name.clone(), stage.name.clone(), month), vertical))
            })
        })
        .collect()
}

/// A mark where each break-even month falls on its option's cumulative cash line.
fn break_even_marks(comparison: &Comparison) -> Vec<Mark> {
    comparison
        .break_even
        .iter()
        .filter_map(|even| {
            let month = even.month?;
            let line = comparison.options.iter().position(|o| o.name == even.option)?;
            let row = comparison.options[line].monthly.iter().find(|row| row.month == month)?;
            let label =
                t!("report-chart-break-even", option = even.option, versus = even.versus, month = month)
                    .localized();
            Some(Mark { line, x: Decimal::from(month), y: row.cumulative_cash, label })
        })
        .collect()
}

/// The chart of a sweep (NPV per option across the variable), in the current language.
pub fn sweep_chart(sweep: &Sweep, log_x: bool) -> LineChart {
    let mut names: Vec<String> = Vec::new();
    for point in &sweep.points {
        for option in &point.options {
            if !names.contains(&option.option) {
                names.push(option.option.clone());
            }
        }
    }
    let lines: Vec<Line> = names
        .iter()
        .map(|name| {
            let mut segments: Vec<Vec<(Decimal, Decimal)>> = vec![Vec::new()];
            for point in &sweep.points {
                let npv = point.options.iter().find(|o| &o.option == name).and_then(|o| o.npv);
                match (npv, segments.last_mut()) {
                    (Some(npv), Some(segment)) => segment.push((point.value, npv)),
                    (None, Some(segment)) if !segment.is_empty() => segments.push(Vec::new()),
                    _ => {}
                }
            }
            segments.retain(|segment| !segment.is_empty());
            Line { name: name.clone(), segments }
        })
        .collect();
    let verticals: Vec<Vertical> = sweep
        .crossovers
        .iter()
        .map(|crossover| Vertical {
            x: crossover.at,
            label: t!("report-chart-crossover", from = crossover.from, to = crossover.to, at = crossover.at)
                .localized(),
            band: crossover.interval.as_ref().and_then(|i| Some((i.p5?, i.p95?))),
        })
        .collect();
    let currency = sweep.currency.clone();
    let variable = sweep.variable.clone();
    let mut summary: Vec<String> = Vec::new();
    if let (Some(first), Some(last)) = (sweep.points.first(), sweep.points.last()) {
        summary.push(
            t!("report-chart-cheapest", option = first.cheapest, variable = variable, value = first.value)
                .localized(),
        );
        summary.push(
            t!("report-chart-cheapest", option = last.cheapest, variable = variable, value = last.value)
                .localized(),
        );
    }
    summary.extend(verticals.iter().map(|v| v.label.clone()));
    let data = json!({
        "chart": "sweep",
        "catalog_version": sweep.catalog_version,
        "currency": currency,
        "variable": variable,
        "points": sweep.points.len(),
        "crossovers": sweep.crossovers.iter().map(|c| json!({"from": c.from, "to": c.to, "at": c.at.to_string()})).collect::<Vec<_>>(),
    });
    LineChart {
        id: "sweep",
        title: t!("report-chart-sweep-title", variable = variable, currency = currency).localized(),
        x_label: variable,
        y_label: t!("report-chart-npv").localized(),
        log_x,
        lines,
        marks: Vec::new(),
        verticals,
        summary,
        data,
    }
}

fn px(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// The x and y spans of every drawn point, widened so that a flat line still has an axis.
fn spans(chart: &LineChart) -> ((f64, f64), (f64, f64)) {
    let points = chart.lines.iter().flat_map(|l| l.segments.iter().flatten());
    let xs = points.clone().map(|p| px(p.0)).chain(chart.verticals.iter().map(|v| px(v.x)));
    let ys = points.map(|p| px(p.1));
    let span = |values: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if !lo.is_finite() {
            (0.0, 1.0)
        } else if hi <= lo {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        }
    };
    (span(&mut xs.into_iter()), span(&mut ys.into_iter()))
}

/// The y axis: logarithmic when the x axis is and every amount is above zero (a sweep over orders of
/// magnitude, where a linear axis would flatten the crossovers into the baseline), else linear from
/// zero (or below it) with a margin.
fn y_axis(chart: &LineChart, (lo, hi): (f64, f64)) -> (bool, (f64, f64)) {
    if chart.log_x && lo > 0.0 {
        return (true, (lo / 1.25, hi * 1.25));
    }
    let pad = (hi - lo) * 0.05;
    (false, (if lo >= 0.0 { 0.0 } else { lo - pad }, hi + pad))
}

/// Thousands separated, no decimals: an axis tick, not a figure.
fn tick_label(value: &f64) -> String {
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// The chart as an SVG document (scalable through its `viewBox`, with `<title>`, `<desc>` and the
/// figures in `<metadata>`).
pub fn draw(chart: &LineChart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        plot(&root, chart)?;
        root.present().map_err(failed)?;
    }
    Ok(annotate(svg, chart))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn plot(root: &Area<'_>, chart: &LineChart) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(failed)?;
    let ((x0, x1), ys) = spans(chart);
    let (log_y, (y0, y1)) = y_axis(chart, ys);
    let log_x = chart.log_x && x0 > 0.0;
    let y_label = if log_y {
        t!("report-chart-log-axis", axis = chart.y_label).localized()
    } else {
        chart.y_label.clone()
    };
    let mut builder = ChartBuilder::on(root);
    builder.caption(&chart.title, ("sans-serif", 20)).margin(16).x_label_area_size(44).y_label_area_size(96);
    // Each pair of axis kinds is its own coordinate type.
    macro_rules! draw_on {
        ($x:expr, $y:expr) => {{
            let mut context = builder.build_cartesian_2d($x, $y).map_err(failed)?;
            configure(&mut context, chart, &y_label)?;
            series(&mut context, chart, (y0, y1))?;
            legend(&mut context)?;
        }};
    }
    match (log_x, log_y) {
        (true, true) => draw_on!((x0..x1).log_scale(), (y0..y1).log_scale()),
        (true, false) => draw_on!((x0..x1).log_scale(), y0..y1),
        (false, true) => draw_on!(x0..x1, (y0..y1).log_scale()),
        (false, false) => draw_on!(x0..x1, y0..y1),
    }
    Ok(())
}

fn configure<'a, X, Y>(
    context: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    chart: &LineChart,
    y_label: &str,
) -> Result<(), ChartError>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    context
        .configure_mesh()
        .x_desc(&chart.x_label)
        .y_desc(y_label)
        .y_label_formatter(&tick_label)
        .x_label_formatter(&tick_label)
        .light_line_style(WHITE)
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()
        .map_err(failed)?;
    Ok(())
}

fn series<'a, X, Y>(
    context: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    chart: &LineChart,
    (y0, y1): (f64, f64),
) -> Result<(), ChartError>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    // Bands first, so that no band covers a crossover's line or label.
    for (lo, hi) in chart.verticals.iter().filter_map(|v| v.band) {
        let band = Rectangle::new([(px(lo), y0), (px(hi), y1)], RGBColor(200, 200, 200).mix(0.35).filled());
        context.draw_series(std::iter::once(band)).map_err(failed)?;
    }
    for (index, vertical) in chart.verticals.iter().enumerate() {
        let x = px(vertical.x);
        context
            .draw_series(DashedLineSeries::new(vec![(x, y0), (x, y1)], 6, 4, BLACK.stroke_width(1)))
            .map_err(failed)?;
        // Only the value on the picture (staggered so that near crossovers stay legible); the sentence
        // naming both options is in `<desc>`.
        let y = y_at_share(y0, y1, 1.0 - 0.05 * (index % 4) as f64);
        let label = Text::new(format!(" {}", vertical.x), (x, y), ("sans-serif", 12));
        context.draw_series(std::iter::once(label)).map_err(failed)?;
    }
    for (index, line) in chart.lines.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        let style = colour.stroke_width(2);
        let dashed = index >= PALETTE.len();
        let mut first = true;
        for segment in &line.segments {
            let points: Vec<(f64, f64)> = segment.iter().map(|(x, y)| (px(*x), px(*y))).collect();
            let drawn = if dashed {
                context.draw_series(DashedLineSeries::new(points, 8, 4, style)).map_err(failed)?
            } else {
                context.draw_series(LineSeries::new(points, style)).map_err(failed)?
            };
            if std::mem::take(&mut first) {
                drawn.label(&line.name).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
                });
            }
        }
    }
    for mark in &chart.marks {
        let colour = PALETTE[mark.line % PALETTE.len()];
        let at = (px(mark.x), px(mark.y));
        context.draw_series(std::iter::once(Circle::new(at, 6, colour.stroke_width(2)))).map_err(failed)?;
        context.draw_series(std::iter::once(Circle::new(at, 2, colour.filled()))).map_err(failed)?;
    }
    Ok(())
}

/// The amount `share` of the way up an axis from `y0` to `y1` (geometrically on a log axis, where
/// both are above zero).
fn y_at_share(y0: f64, y1: f64, share: f64) -> f64 {
    if y0 > 0.0 && y1 / y0 > 20.0 {
        y0 * (y1 / y0).powf(share)
    } else {
        y0 + (y1 - y0) * share
    }
}

fn legend<'a, X, Y>(
    context: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
) -> Result<(), ChartError>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    context
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(failed)?;
    Ok(())
}

/// Adds what plotters does not write: `role="img"` with `<title>`/`<desc>` for assistive technology,
/// the figures in `<metadata>`, and a width that follows its container.
fn annotate(svg: String, chart: &LineChart) -> String {
    let id = chart.id;
    let head = format!(
        "<svg role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\" preserveAspectRatio=\"xMidYMid meet\" "
    );
    let body = format!(
        "<title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc><metadata id=\"chart-{id}-data\">{}</metadata>",
        escape(&chart.title),
        escape(&chart.summary.join(" ")),
        escape(&chart.data.to_string()),
    );
    let svg = svg.replacen("<svg ", &head, 1);
    match svg.find('>') {
        Some(end) => {
            let (open, rest) = svg.split_at(end + 1);
            format!("{open}\n{body}{rest}")
        }
        None => svg,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sweep::{PointOption, SweepPoint};
    use rust_decimal_macros::dec;

    fn option(name: &str, npv: Option<Decimal>) -> PointOption {
        PointOption {
            option: name.into(),
            available: npv.is_some(),
            npv,
            cash: npv,
            after_tax_npv: None,
            reason: None,
        }
    }

    fn sweep(points: Vec<(Decimal, Option<Decimal>, Decimal)>) -> Sweep {
        Sweep {
            catalog_version: "sha256:test".into(),
            variable: "users".into(),
            integer: true,
            currency: "USD".into(),
            points: points
                .into_iter()
                .map(|(value, rent, own)| SweepPoint {
                    value,
                    cheapest: "own".into(),
                    options: vec![option("Rent & <co>", rent), option("own", Some(own))],
                })
                .collect(),
            crossovers: Vec::new(),
            method: t!("report-chart-npv"),
            line_months: 0,
            budget: 0,
        }
    }

    #[test]
    fn ticks_are_whole_and_grouped_by_thousands() {
        assert_eq!(tick_label(&1_234_567.6), "1,234,568");
        assert_eq!(tick_label(&-1000.0), "-1,000");
        assert_eq!(tick_label(&999.4), "999");
        assert_eq!(tick_label(&0.0), "0");
    }

    #[test]
    fn an_unavailable_point_splits_a_sweep_line_into_segments() {
        let chart = sweep_chart(
            &sweep(vec![
                (dec!(1), Some(dec!(10)), dec!(50)),
                (dec!(2), None, dec!(50)),
                (dec!(3), Some(dec!(30)), dec!(50)),
                (dec!(4), Some(dec!(40)), dec!(50)),
            ]),
            false,
        );
        assert_eq!(
            chart.lines[0].segments,
            vec![vec![(dec!(1), dec!(10))], vec![(dec!(3), dec!(30)), (dec!(4), dec!(40))]]
        );
        assert_eq!(chart.lines[1].segments.len(), 1);
        assert_eq!(chart.lines[1].segments[0].len(), 4);
    }

    #[test]
    fn the_document_escapes_names_and_states_its_title_description_and_figures() {
        let chart = sweep_chart(
            &sweep(vec![(dec!(1), Some(dec!(10)), dec!(50)), (dec!(9), Some(dec!(90)), dec!(50))]),
            true,
        );
        let svg = draw(&chart).expect("drawn");
        assert!(svg.starts_with("<svg role=\"img\" aria-labelledby=\"chart-sweep-title chart-sweep-desc\""));
        assert!(
            svg.contains("<title id=\"chart-sweep-title\">Cost per option (NPV) across users (USD)</title>")
        );
        assert!(svg.contains("Rent &amp; &lt;co&gt;"), "the legend and the description escape the name");
        assert!(!svg.contains("Rent & <co>"));
        assert!(svg.contains("Cheapest at users = 1: own. Cheapest at users = 9: own."));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn a_log_sweep_of_positive_amounts_gets_a_log_amount_axis_and_says_so() {
        let points =
            vec![(dec!(10), Some(dec!(100)), dec!(5000)), (dec!(10000), Some(dec!(100000)), dec!(9000))];
        let log = sweep_chart(&sweep(points.clone()), true);
        assert_eq!(y_axis(&log, spans(&log).1), (true, (80.0, 125_000.0)));
        assert!(draw(&log).expect("drawn").contains("NPV (log scale)"));
        let linear = sweep_chart(&sweep(points), false);
        // Linear from zero, 5 % of the span above the top.
        assert_eq!(y_axis(&linear, spans(&linear).1), (false, (0.0, 104_995.0)));
        assert!(!draw(&linear).expect("drawn").contains("log scale"));
    }

    #[test]
    fn a_flat_or_empty_chart_still_has_axes() {
        let flat = sweep_chart(
            &sweep(vec![(dec!(5), Some(dec!(7)), dec!(7)), (dec!(5), Some(dec!(7)), dec!(7))]),
            false,
        );
        let ((x0, x1), ys) = spans(&flat);
        let (_, (y0, y1)) = y_axis(&flat, ys);
        assert!(x0 < x1 && y0 < y1, "widened: {x0}..{x1}, {y0}..{y1}");
        let empty = sweep_chart(&sweep(Vec::new()), false);
        assert_eq!(spans(&empty).0, (0.0, 1.0));
        assert!(draw(&empty).is_ok());
    }
}
