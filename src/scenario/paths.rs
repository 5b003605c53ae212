//! Paths: an option as a sequence of stages ("Slack now, our own Mattermost once we pass 300 users"),
//! each a bundle of components with a switch trigger, migration costs and an overlap in which both
//! stages run. A path is priced as the flat option it stands for: each stage's components, facility
//! and labour get the life span (`from_month`/`until_month`) the triggers give them, the migration
//! costs start in the switch month. Triggers on drivers are resolved on the scenario's driver series,
//! so a sweep or a draw that moves a driver moves the switch with it.

use super::timeline;
use super::{Component, OptionSpec, Scenario};
use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most stages in one path.
pub const MAX_STAGES: usize = 6;

/// One stage of a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Shown on the stage's line items; unique within the path.
    #[schema(max_length = 200)]
    pub name: String,
    /// Its Simplified Chinese name, shown instead when the answer is in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub name_zh: Option<String>,
    /// When the path moves to this stage. Required on every stage but the first (which starts in
    /// month 1); a stage whose trigger never fires is never reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch: Option<Switch>,
    /// Months the previous stage keeps running after the switch, both paid (a migration's parallel
    /// run). Default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 240)]
    pub overlap_months: Option<u32>,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<super::Facility>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labor: Vec<super::LaborLine>,
    /// Costs of moving to this stage: data migration, setup, training, the old vendor's exit fee. They
    /// start in the switch month and, unless they give their own `until_month`, bill in that month
    /// only: a one-time charge is paid then, and a usage price (the egress of moving the data out)
    /// bills the switch month's quantity once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migration: Vec<Component>,
}

/// A switch trigger: a month, or the first month a driver reaches a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    /// The month of the horizon the stage starts (1 = `start`). Exactly one of `at_month` and `driver`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub at_month: Option<u32>,
    /// A driver of the scenario: the stage starts in the first month its value is at least `at_least`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub driver: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub at_least: Option<Decimal>,
}

/// When each stage of a path ran, as priced.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StageRun {
    pub name: String,
    /// First and last month it runs (1-based); absent when its trigger never fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_month: Option<u32>,
    /// How its start was set.
    #[schema(value_type = String)]
    pub reason: Text,
}

/// The month (1-based) each stage starts, or `None` from the first stage never reached on.
pub fn stage_starts(scenario: &Scenario, stages: &[Stage]) -> Vec<(Option<u32>, Text)> {
    // Validation refuses a longer horizon; this runs before it and must not compute one.
    let months = scenario.horizon_months.clamp(1, super::MAX_HORIZON_MONTHS);
    let mut starts = Vec::with_capacity(stages.len());
    let mut previous = Some(1u32);
    for (k, stage) in stages.iter().enumerate() {
        let (start, reason) = if k == 0 {
            (Some(1), t!("scenario-stage-first"))
        } else {
            match &stage.switch {
                Some(Switch { at_month: Some(month), .. }) => {
                    (Some(*month), t!("scenario-stage-at-month", month = month))
                }
                Some(Switch { driver: Some(driver), at_least: Some(threshold), .. }) => {
                    let series = scenario
                        .drivers
                        .get(driver)
                        .and_then(|d| timeline::driver_series(d, months).ok())
                        .unwrap_or_default();
                    match series.iter().position(|v| v >= threshold) {
                        Some(t) => (
                            Some((t as u32).saturating_add(1)),
                            t!(
                                "scenario-stage-driver-reached",
                                driver = driver,
                                threshold = threshold,
                                month = t.saturating_add(1)
                            ),
                        ),
                        None => {
                            (None, t!("scenario-stage-driver-never", driver = driver, threshold = threshold))
                        }
                    }
                }
                _ => (None, t!("scenario-stage-no-trigger")),
            }
        };
        // A stage starts no earlier than the one before it (and never once one is not reached).
        let start = match (previous, start) {
            (Some(before), Some(at)) => Some(at.max(before)),
            _ => None,
        };
        previous = start;
        starts.push((start, reason));
    }
    starts
}

/// When each stage runs (1-based, inclusive), with why it starts when it does; `None` for a stage
/// never reached, or replaced in its own first month.
pub fn stage_windows(scenario: &Scenario, stages: &[Stage]) -> Vec<(Option<(u32, u32)>, Text)> {
    let months = scenario.horizon_months.clamp(1, super::MAX_HORIZON_MONTHS);
    let starts = stage_starts(scenario, stages);
    let mut windows = Vec::with_capacity(stages.len());
    for (k, (start, reason)) in starts.iter().enumerate() {
        let Some(start) = *start else {
            windows.push((None, reason.clone()));
            continue;
        };
        // It runs until the next reached stage starts, plus that stage's overlap; a stage replaced in
        // its own first month never ran, so there is nothing to run in parallel.
        let until = match starts.get(k.saturating_add(1)) {
            Some((Some(next), _)) if *next <= start => 0,
            Some((Some(next), _)) => {
                let overlap = stages.get(k.saturating_add(1)).and_then(|n| n.overlap_months).unwrap_or(0);
                next.saturating_sub(1).saturating_add(overlap).min(months)
            }
            _ => months,
        };
        if until < start {
            windows.push((None, t!("scenario-stage-replaced-at-once")));
        } else {
            windows.push((Some((start, until)), reason.clone()));
        }
    }
    windows
}

/// The flat option a path stands for, and when each stage runs. Components keep their stage's name
/// in `stage`; a stage that never runs contributes nothing.
pub fn flatten(scenario: &Scenario, option: &OptionSpec) -> (OptionSpec, Vec<StageRun>) {
    let months = scenario.horizon_months.clamp(1, super::MAX_HORIZON_MONTHS);
    let mut flat = OptionSpec { stages: Vec::new(), ..option.clone() };
    let mut runs = Vec::new();
    for (stage, (window, reason)) in option.stages.iter().zip(stage_windows(scenario, &option.stages)) {
        let run = |from_month, until_month| StageRun {
            name: stage.name.clone(),
            from_month,
            until_month,
            reason: reason.clone(),
        };
        let Some((start, until)) = window else {
            runs.push(run(None, None));
            continue;
        };
        let label = Some(stage.name.clone());
        let until_set = (until < months).then_some(until);
        for c in &stage.components {
            flat.components.push(Component {
                from_month: Some(start),
                until_month: until_set,
                stage: label.clone(),
                ..c.clone()
            });
        }
        for c in &stage.migration {
            let from_month = c.from_month.or(Some(start));
            flat.components.push(Component {
                from_month,
                until_month: c.until_month.or(from_month),
                stage: label.clone(),
                ..c.clone()
            });
        }
        if let Some(facility) = &stage.facility {
            flat.facility = Some(super::Facility {
                from_month: Some(start),
                until_month: until_set,
                stage: label.clone(),
                ..facility.clone()
            });
        }
        for line in &stage.labor {
            flat.labor.push(super::LaborLine {
                from_month: Some(start),
                until_month: until_set,
                stage: label.clone(),
                ..line.clone()
            });
        }
        runs.push(run(Some(start), Some(until)));
    }
    (flat, runs)
}

/// The scenario with every path flattened, and the stage runs of each option (empty for plain ones).
pub fn flatten_scenario(scenario: &Scenario) -> (Scenario, Vec<Vec<StageRun>>) {
    let mut runs = Vec::with_capacity(scenario.options.len());
    let options = scenario
        .options
        .iter()
        .map(|option| {
            if option.stages.is_empty() {
                runs.push(Vec::new());
                option.clone()
            } else {
                let (flat, stage_runs) = flatten(scenario, option);
                runs.push(stage_runs);
                flat
            }
        })
        .collect();
    (Scenario { options, ..scenario.clone() }, runs)
}

/// Where a flattened option's element came from: `/options/{i}/components/{j}` of the flat option →
/// its place in the path (`/options/{i}/stages/{s}/components/{j}` or `…/migration/{j}`), and the
/// facility and labour lines likewise.
pub fn original_pointer(option: &OptionSpec, scenario: &Scenario, i: usize, pointer: &str) -> String {
    let root = format!("/options/{i}/");
    let Some(rest) = pointer.strip_prefix(&root) else { return pointer.to_string() };
    let mut parts = rest.splitn(3, '/');
    let (list, index, tail) = (parts.next().unwrap_or(""), parts.next(), parts.next());
    let tail = tail.map(|t| format!("/{t}")).unwrap_or_default();
    let reached: Vec<(usize, &Stage)> = option
        .stages
        .iter()
        .enumerate()
        .zip(stage_windows(scenario, &option.stages))
        .filter(|(_, (window, _))| window.is_some())
        .map(|(stage, _)| stage)
        .collect();
    if list == "facility" {
        if let Some((s, _)) = reached.iter().rev().find(|(_, stage)| stage.facility.is_some()) {
            let rest = rest.strip_prefix("facility").unwrap_or("");
            return format!("/options/{i}/stages/{s}/facility{rest}");
        }
        return pointer.to_string();
    }
    let Some(Ok(mut j)) = index.map(str::parse::<usize>) else { return pointer.to_string() };
    for (s, stage) in reached {
        let groups: &[(&str, usize)] = match list {
            "components" => &[("components", stage.components.len()), ("migration", stage.migration.len())],
            "labor" => &[("labor", stage.labor.len())],
            _ => return pointer.to_string(),
        };
        for (name, len) in groups {
            if j < *len {
                return format!("/options/{i}/stages/{s}/{name}/{j}{tail}");
            }
            j = j.saturating_sub(*len);
        }
    }
    pointer.to_string()
}

impl OptionSpec {
    /// Every component of the option: its own, and each stage's (migration costs included).
    pub fn every_component(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().chain(self.stages.iter().flat_map(|s| s.components.iter().chain(&s.migration)))
    }

    pub fn every_component_mut(&mut self) -> impl Iterator<Item = &mut Component> {
        self.components
            .iter_mut()
            .chain(self.stages.iter_mut().flat_map(|s| s.components.iter_mut().chain(s.migration.iter_mut())))
    }

    /// Its facility, or its stages' (a path has at most one).
    pub fn every_facility_mut(&mut self) -> impl Iterator<Item = &mut super::Facility> {
        self.facility.iter_mut().chain(self.stages.iter_mut().filter_map(|s| s.facility.as_mut()))
    }

    pub fn has_facility(&self) -> bool {
        self.facility.is_some() || self.stages.iter().any(|s| s.facility.is_some())
    }

    pub fn has_labor(&self) -> bool {
        !self.labor.is_empty() || self.stages.iter().any(|s| !s.labor.is_empty())
    }
}
