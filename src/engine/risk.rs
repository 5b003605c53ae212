//! Risk-adjusted cost, kept apart: each option's expected downtime cost (from its SLA, or the
//! availability assumed for what the buyer runs itself) and its exit cost, as their own totals.
//!
//! Expected downtime hours = (1 − availability) × 730 h × months; an option of several services with
//! SLAs is up when all are (availability = the product of theirs). A path's stages serve one after
//! another, not together: its availability is its stages' weighted by the months each serves. An SLA
//! is a floor the vendor commits to, not a measured availability, so this is the downtime the
//! commitments allow (an upper bound where the vendor does better). Amounts are nominal (undiscounted), rounded once.

use super::comparison::{OptionResult, OptionRisk, RankEntry, RiskSummary};
use crate::catalog::attributes::{is_self_operated, is_service};
use crate::catalog::{Catalog, Category};
use crate::money::{self, MoneyError};
use crate::scenario::{Risk, Scenario};
use crate::text::Text;
use rust_decimal::Decimal;

/// Hours in a month, the project's convention for time-based prices.
const HOURS_PER_MONTH: i64 = 730;

/// The risk summary of a comparison whose scenario has a `risk` section.
pub fn assess(
    catalog: &Catalog,
    scenario: &Scenario,
    options: &[OptionResult],
) -> Result<Option<RiskSummary>, MoneyError> {
    let Some(risk) = &scenario.risk else { return Ok(None) };
    let hours = money::mul(Decimal::from(HOURS_PER_MONTH), Decimal::from(scenario.horizon_months))?;
    let rows = options
        .iter()
        .map(|o| option_risk(catalog, scenario, risk, o, hours))
        .collect::<Result<Vec<_>, _>>()?;
    let ranking_with_risk = if risk.rank_with_risk { Some(rank(&rows)?) } else { None };
    Ok(Some(RiskSummary {
        outage_cost_per_hour: risk.outage_cost_per_hour,
        hours_in_horizon: hours,
        method: t!("engine-risk-method"),
        options: rows,
        ranking_with_risk,
    }))
}

/// Where an option's availability comes from.
struct Availability {
    /// As a percentage; none when unknown.
    percent: Option<Decimal>,
    source: Text,
    source_urls: Vec<String>,
}

fn availability(
    catalog: &Catalog,
    risk: &Risk,
    option: &OptionResult,
    horizon: u32,
) -> Result<Availability, MoneyError> {
    let serving = serving_months(&option.stages, horizon);
    if serving.len() < 2 {
        return availability_of(catalog, risk, option.line_items.iter());
    }
    let mut weighted = Decimal::ZERO;
    let mut parts = Vec::with_capacity(serving.len());
    let mut urls = Vec::new();
    for (stage, from, until) in serving {
        let items = option.line_items.iter().filter(|l| l.stage.as_deref() == Some(stage));
        let found = availability_of(catalog, risk, items)?;
        let Some(percent) = found.percent else {
            let source = t!("engine-availability-stage-unknown", stage = stage, why = @found.source);
            return Ok(Availability { percent: None, source, source_urls: Vec::new() });
        };
        let months = Decimal::from(until.saturating_sub(from).saturating_add(1));
        weighted = money::add(weighted, money::mul(percent, months)?)?;
        parts.push(t!("engine-availability-stage", stage = stage, from = from, until = until, source = @found.source));
        urls.extend(found.source_urls);
    }
    Ok(Availability {
        percent: Some(money::div(weighted, Decimal::from(horizon.max(1)))?),
        source: t!("engine-availability-stages", parts = @super::join(parts, super::Separator::Semicolon)),
        source_urls: urls,
    })
}

/// The months each reached stage of a path serves (1-based, inclusive): from its start until the
/// next reached stage starts (during an overlap the old stage still serves while the new one is set
/// up), the last to the horizon's end.
fn serving_months(stages: &[crate::scenario::paths::StageRun], horizon: u32) -> Vec<(&str, u32, u32)> {
    let reached: Vec<(&str, u32)> =
        stages.iter().filter_map(|s| s.from_month.map(|from| (s.name.as_str(), from))).collect();
    reached
        .iter()
        .enumerate()
        .map(|(k, (name, from))| {
            let until = reached.get(k.saturating_add(1)).map_or(horizon, |(_, next)| next.saturating_sub(1));
            (*name, *from, until.max(*from))
        })
        .collect()
}

/// The availability of one group of line items: the services among them in series.
fn availability_of<'a>(
    catalog: &Catalog,
    risk: &Risk,
    items: impl Iterator<Item = &'a super::comparison::LineItem>,
) -> Result<Availability, MoneyError> {
    let mut parts = Vec::new();
    for id in items.filter_map(|l| l.offering.as_deref()) {
        if parts.iter().any(|(p, _, _)| p == id) {
            continue;
        }
        let Some(offering) = catalog.offering(id) else { continue };
        parts.push((id.to_string(), offering.category, catalog.attributes_of(id)));
    }
    let services: Vec<_> = parts.iter().filter(|(_, c, a)| is_service(*c, a)).collect();
    let judged: Vec<_> = if services.is_empty() {
        parts
            .iter()
            .filter(|(_, c, _)| matches!(c, Category::Compute | Category::Storage | Category::Hardware))
            .collect()
    } else {
        services
    };
    if judged.iter().any(|(_, c, a)| is_self_operated(*c, a)) {
        return Ok(Availability {
            percent: risk.self_hosted_availability_percent,
            source: match risk.self_hosted_availability_percent {
                Some(_) => t!("engine-availability-self-hosted-assumed"),
                None => t!("engine-availability-self-hosted-unknown"),
            },
            source_urls: Vec::new(),
        });
    }
    let mut fraction = Decimal::ONE;
    let mut urls = Vec::new();
    let mut named = Vec::new();
    for (id, _, attributes) in &judged {
        let sla = attributes.attributes.sla.as_ref();
        let Some((percent, url)) = sla
            .filter(|s| s.published)
            .and_then(|s| s.availability_percent.map(|p| (p, &s.provenance.source_url)))
        else {
            let source = if sla.is_some() {
                t!("engine-availability-no-sla-published", offering = id)
            } else {
                t!("engine-availability-no-sla-source", offering = id)
            };
            return Ok(Availability { percent: None, source, source_urls: Vec::new() });
        };
        fraction = money::mul(fraction, money::div(percent, Decimal::ONE_HUNDRED)?)?;
        urls.push(url.clone());
        named.push(format!("{id} {percent} %"));
    }
    if named.is_empty() {
        return Ok(Availability {
            percent: None,
            source: t!("engine-availability-no-service"),
            source_urls: Vec::new(),
        });
    }
    Ok(Availability {
        percent: Some(money::mul(fraction, Decimal::ONE_HUNDRED)?),
        source: t!("engine-availability-sla", parts = named.join(" × ")),
        source_urls: urls,
    })
}

fn option_risk(
    catalog: &Catalog,
    scenario: &Scenario,
    risk: &Risk,
    option: &OptionResult,
    hours: Decimal,
) -> Result<OptionRisk, MoneyError> {
    let found = availability(catalog, risk, option, scenario.horizon_months)?;
    let currency = &scenario.currency;
    let downtime_hours = found
        .percent
        .map(|p| money::mul(money::div(money::sub(Decimal::ONE_HUNDRED, p)?, Decimal::ONE_HUNDRED)?, hours))
        .transpose()?;
    let downtime_cost = downtime_hours
        .map(|h| money::mul(h, risk.outage_cost_per_hour).map(|c| money::round_money(c, currency)))
        .transpose()?;
    let exit_cost =
        money::round_money(risk.exit_costs.get(&option.name).copied().unwrap_or_default(), currency);
    let risk_total = downtime_cost.map(|c| money::add(c, exit_cost)).transpose()?;
    Ok(OptionRisk {
        option: option.name.clone(),
        availability_percent: found.percent.map(|p| p.round_dp(6).normalize()),
        availability_source: found.source,
        source_urls: found.source_urls,
        downtime_hours: downtime_hours.map(|h| h.round_dp(2).normalize()),
        expected_downtime_cost: downtime_cost,
        exit_cost,
        risk_total,
        cash_with_risk: risk_total.map(|r| money::add(option.totals.cash, r)).transpose()?,
    })
}

/// Options whose risk is known, by cash plus risk, cheapest first; equal values share a rank.
fn rank(rows: &[OptionRisk]) -> Result<Vec<RankEntry>, MoneyError> {
    let mut known: Vec<(&str, Decimal)> =
        rows.iter().filter_map(|r| r.cash_with_risk.map(|v| (r.option.as_str(), v))).collect();
    known.sort_by_key(|k| k.1);
    let cheapest = known.first().map(|k| k.1).unwrap_or_default();
    let mut out: Vec<RankEntry> = Vec::new();
    for (position, (option, value)) in known.into_iter().enumerate() {
        let rank = match out.last() {
            Some(previous) if previous.value == value => previous.rank,
            _ => u32::try_from(position).unwrap_or(u32::MAX).saturating_add(1),
        };
        out.push(RankEntry {
            rank,
            option: option.to_string(),
            value,
            difference: money::sub(value, cheapest)?,
        });
    }
    Ok(out)
}
