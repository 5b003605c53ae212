//! The README's worked examples, computed: each example's GET lines are run through the same parsers
//! and engine calls as `GET /v1/comparisons` and `GET /v1/sweeps`, and rendered as markdown.
//! `breakeven examples --readme README.md` rewrites the section; a test fails when it is stale.

use crate::api::analysis::{run_sweep, sweep_request_of_query};
use crate::api::comparisons::scenario_of_query;
use crate::api::problem::ApiError;
use crate::api::uncertainty::{run_uncertainty, uncertainty_request_of_query};
use crate::engine::comparison::Comparison;
use crate::engine::sweep::Sweep;
use crate::engine::uncertainty::Uncertainty;
use crate::store::Snapshot;
use rust_decimal::Decimal;
use std::fmt::Write;

/// The name of the README's markers around the section (`<!-- worked-examples:begin -->`).
pub const MARKER: &str = "worked-examples";

/// One worked example: a question, the comparison that answers it and, optionally, the sweep that
/// says at what scale the answer changes.
pub struct Example {
    pub heading: &'static str,
    /// The question in the user's words (rendered in italics).
    pub question: &'static str,
    /// Query string of `GET /v1/comparisons`.
    pub comparison: &'static str,
    /// Query string of `GET /v1/sweeps`.
    pub sweep: Option<&'static str>,
    /// Hand-written text printed after the table (kept verbatim).
    pub note: Option<&'static str>,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        heading: "team-im",
        question: "120 staff need team chat. Slack, or Mattermost on rented VMs, or on our own servers?",
        comparison: "template=team-im&users=120",
        sweep: Some("template=team-im&variable=users&from=10&to=100000&points=40&scale=log&intervals=100"),
        note: None,
    },
    Example {
        heading: "team-im (China)",
        question: "同样的问题在中国：飞书、阿里云上的 OpenIM，还是自有服务器？ (CNY)",
        comparison: "template=team-im&users=120&currency=CNY",
        sweep: None,
        note: Some(
            "Net of VAT (the default `tax_basis=net`): the China-site prices include 6 % (cloud, SaaS) or 13 %\n\
             (hardware, electricity) and are divided by 1.06 or 1.13; add `&tax_basis=gross` for the amounts a buyer\n\
             who cannot recover VAT pays.",
        ),
    },
    Example {
        heading: "customer-chat",
        question: "Our app has 20,000 monthly active users. IM PaaS by MAU, or self-hosted OpenIM?",
        comparison: "template=customer-chat&mau=20000",
        sweep: Some("template=customer-chat&variable=mau&from=10&to=300000&points=40&scale=log"),
        note: None,
    },
    Example {
        heading: "office-suite",
        question: "50 staff: Microsoft 365 / Google Workspace, or Nextcloud + Mattermost?",
        comparison: "template=office-suite&users=50",
        sweep: Some("template=office-suite&variable=users&from=5&to=250&points=40&intervals=100"),
        note: None,
    },
    Example {
        heading: "file-storage",
        question: "10 TiB growing 25 % a year: object storage, or a NAS pair refreshed every 5 years?",
        comparison: "template=file-storage&storage_tib=10",
        sweep: Some("template=file-storage&variable=storage_tib&from=1&to=200&points=40&scale=log"),
        note: None,
    },
    Example {
        heading: "web-app",
        question: "A steady 32 vCPU / 128 GiB workload: on demand, 1-year or 3-year commitments, or servers in colocation?",
        comparison: "template=web-app&vcpu=32",
        sweep: None,
        note: None,
    },
];

/// The markdown of every worked example against `snapshot`, as it goes between the README's markers.
pub fn markdown(snapshot: &Snapshot) -> Result<String, String> {
    let mut out = String::new();
    for example in EXAMPLES {
        out.push_str(&example_markdown(snapshot, example)?);
    }
    Ok(out)
}

/// Draws behind the examples' ranges (few, to keep the README's test quick).
pub const EXAMPLE_DRAWS: u32 = 500;

fn example_markdown(snapshot: &Snapshot, example: &Example) -> Result<String, String> {
    let comparison = run_comparison(snapshot, example.comparison)?;
    let ranges = run_ranges(snapshot, example.comparison)?;
    let mut out = format!(
        "#### {}\n\n*{}*\n\n```\nGET /v1/comparisons?{}\n```\n\n",
        example.heading, example.question, example.comparison
    );
    out.push_str(&comparison_table(&comparison, Some(&ranges)));
    let _ = write!(
        out,
        "\nRanges: `GET /v1/uncertainty?{}&draws={EXAMPLE_DRAWS}&seed=1` (every price drawn within the \
         spread of its basis, all else as given).\n",
        example.comparison
    );
    if let Some(note) = example.note {
        let _ = write!(out, "\n{note}\n");
    }
    if let Some(query) = example.sweep {
        let sweep = run_query_sweep(snapshot, query)?;
        let _ = write!(out, "\nAt what scale? `GET /v1/sweeps?{query}`: {}\n", crossover_sentence(&sweep));
    }
    out.push('\n');
    Ok(out)
}

fn problem_text(query: &str, error: &ApiError) -> String {
    let problem = error.problem();
    let fields: Vec<String> = problem.errors.iter().map(|f| format!("{}: {}", f.pointer, f.detail)).collect();
    format!("{query}: {} {}", problem.detail, fields.join("; "))
}

fn run_comparison(snapshot: &Snapshot, query: &str) -> Result<Comparison, String> {
    let (_, scenario) = scenario_of_query(snapshot, query).map_err(|e| problem_text(query, &e))?;
    crate::engine::compare(&snapshot.catalog, &scenario).map_err(|e| format!("{query}: {e}"))
}

fn run_ranges(snapshot: &Snapshot, query: &str) -> Result<Uncertainty, String> {
    let full = format!("{query}&draws={EXAMPLE_DRAWS}&seed=1");
    let request = uncertainty_request_of_query(snapshot, &full).map_err(|e| problem_text(&full, &e))?;
    run_uncertainty(snapshot, request).map_err(|e| problem_text(&full, &e))
}

fn run_query_sweep(snapshot: &Snapshot, query: &str) -> Result<Sweep, String> {
    let (request, _) = sweep_request_of_query(snapshot, query).map_err(|e| problem_text(query, &e))?;
    run_sweep(snapshot, request).map_err(|e| problem_text(query, &e))
}

/// Option, cash, NPV and rank by NPV, one row per option in the template's order; with `ranges`, the
/// NPV's P5–P95 and how often the option is the cheapest.
pub fn comparison_table(comparison: &Comparison, ranges: Option<&Uncertainty>) -> String {
    let currency = &comparison.currency;
    let mut out = format!(
        "| option | cash over {} months | NPV at {} % | rank |",
        comparison.horizon_months,
        percent(comparison.discount_rate)
    );
    out.push_str(if ranges.is_some() {
        " NPV P5–P95 | cheapest in |\n|---|---:|---:|---:|---:|---:|\n"
    } else {
        "\n|---|---:|---:|---:|\n"
    });
    for option in &comparison.options {
        let rank = comparison
            .ranking
            .by_npv
            .iter()
            .find(|entry| entry.option == option.name)
            .map(|entry| entry.rank.to_string())
            .unwrap_or_default();
        let _ = write!(
            out,
            "| {} | {} {currency} | {} {currency} | {rank} |",
            option.name,
            money(option.totals.cash),
            money(option.totals.npv)
        );
        if let Some(range) = ranges.and_then(|r| r.options.iter().find(|o| o.option == option.name)) {
            let share = (range.probability_cheapest * Decimal::ONE_HUNDRED).round_dp(0);
            let _ = write!(out, " {}–{} | {share} % |", money(range.npv.p5), money(range.npv.p95));
        }
        out.push('\n');
    }
    out
}

/// "from **122** users on, *B* beats *A*; …." — or who stays cheapest when nothing changes.
pub fn crossover_sentence(sweep: &Sweep) -> String {
    if sweep.crossovers.is_empty() {
        let cheapest = sweep.points.first().map(|p| p.cheapest.as_str()).unwrap_or_default();
        return format!("*{cheapest}* stays the cheapest across the range.");
    }
    let parts: Vec<String> = sweep
        .crossovers
        .iter()
        .map(|c| {
            let interval = c.interval.as_ref().map(interval_phrase).unwrap_or_default();
            format!("from **{}** {} on{interval}, *{}* beats *{}*", c.at, sweep.variable, c.to, c.from)
        })
        .collect();
    format!("{}.", parts.join("; "))
}

/// " (90 %: 1,300–2,400)", the P5–P95 of a crossover's draws, with its ends outside the span said so.
fn interval_phrase(i: &crate::engine::sweep::CrossoverInterval) -> String {
    let end = |x: Option<Decimal>, outside: &str| {
        x.map_or_else(|| outside.to_string(), |v| v.round_dp(2).normalize().to_string())
    };
    format!(
        " (90 % of {} draws: {}–{})",
        i.draws,
        end(i.p5, "below the range"),
        end(i.p95, "beyond the range")
    )
}

fn money(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

fn percent(rate: Decimal) -> String {
    (rate * Decimal::ONE_HUNDRED).normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sweep::{Crossover, SweepPoint};

    fn sweep(crossovers: Vec<Crossover>) -> Sweep {
        Sweep {
            catalog_version: "v".into(),
            variable: "users".into(),
            integer: true,
            currency: "USD".into(),
            points: vec![SweepPoint { value: Decimal::TEN, cheapest: "Rent".into(), options: vec![] }],
            crossovers,
            method: crate::text::Text::name("bisection"),
            line_months: 0,
            budget: 0,
        }
    }

    #[test]
    fn crossovers_are_one_sentence_and_no_crossover_names_the_winner() {
        let crossover = |at: i64, from: &str, to: &str| Crossover {
            below: Decimal::from(at - 1),
            at: Decimal::from(at),
            from: from.into(),
            to: to.into(),
            from_npv_at: Decimal::ZERO,
            to_npv_at: Decimal::ZERO,
            evaluations: 1,
            interval: None,
        };
        assert_eq!(
            crossover_sentence(&sweep(vec![crossover(12, "Rent", "VM"), crossover(500, "VM", "Own")])),
            "from **12** users on, *VM* beats *Rent*; from **500** users on, *Own* beats *VM*."
        );
        assert_eq!(crossover_sentence(&sweep(vec![])), "*Rent* stays the cheapest across the range.");
        let mut ranged = crossover(1746, "Rent", "Own");
        ranged.interval = Some(crate::engine::sweep::CrossoverInterval {
            draws: 100,
            seed: 1,
            p5: Some(Decimal::from(1300)),
            p50: Some(Decimal::from(1750)),
            p95: None,
            below_span: Decimal::ZERO,
            beyond_span: Decimal::new(8, 2),
            method: crate::text::Text::name(""),
        });
        assert_eq!(
            crossover_sentence(&sweep(vec![ranged])),
            "from **1746** users on (90 % of 100 draws: 1300–beyond the range), *Own* beats *Rent*."
        );
    }
}
