//! The names a scenario shows, in the answer's language: an option, component or labour line with a
//! `name_zh` is named by it in a Chinese answer. Keys that refer to options by name (`risk.exit_costs`)
//! follow, so a request written with the English names still means the same options.

use super::Scenario;
use crate::text::Language;
use std::collections::BTreeMap;

impl Scenario {
    /// The same scenario with the names of `language` (English names are the ones given as `name`).
    pub fn named_in(mut self, language: Language) -> Scenario {
        if language != Language::ZhCn {
            return self;
        }
        let renamed = self.chinese_option_names();
        for option in &mut self.options {
            chinese(&mut option.name, &mut option.name_zh);
            for component in &mut option.components {
                chinese(&mut component.name, &mut component.name_zh);
            }
            if let Some(facility) = &mut option.facility {
                facility.name.get_or_insert_with(|| t!("scenario-facility-name").render(language));
            }
            for line in &mut option.labor {
                if let Some(zh) = line.name_zh.take() {
                    line.name = Some(zh);
                }
            }
            for stage in &mut option.stages {
                chinese(&mut stage.name, &mut stage.name_zh);
                for component in stage.components.iter_mut().chain(&mut stage.migration) {
                    chinese(&mut component.name, &mut component.name_zh);
                }
                if let Some(facility) = &mut stage.facility {
                    facility.name.get_or_insert_with(|| t!("scenario-facility-name").render(language));
                }
                for line in &mut stage.labor {
                    if let Some(zh) = line.name_zh.take() {
                        line.name = Some(zh);
                    }
                }
            }
        }
        if let Some(risk) = &mut self.risk {
            risk.exit_costs = std::mem::take(&mut risk.exit_costs)
                .into_iter()
                .map(|(name, cost)| (renamed.get(&name).cloned().unwrap_or(name), cost))
                .collect();
        }
        self
    }

    /// English option name → Chinese name, for the options that have one.
    pub fn chinese_option_names(&self) -> BTreeMap<String, String> {
        self.options.iter().filter_map(|o| Some((o.name.clone(), o.name_zh.clone()?))).collect()
    }
}

fn chinese(name: &mut String, name_zh: &mut Option<String>) {
    if let Some(zh) = name_zh.take() {
        *name = zh;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_replace_english_ones_and_exit_costs_follow() {
        let scenario: Scenario = serde_json::from_value(serde_json::json!({
            "currency": "CNY", "horizon_months": 12, "start": "2026-01", "discount_rate": "0.08",
            "options": [
                {"name": "Feishu", "name_zh": "飞书", "components": [
                    {"name": "Seats", "name_zh": "席位", "offering": "feishu/feishu/china/business-standard", "quantity": {"fixed": "5"}}]},
                {"name": "Own", "components": [], "labor": [{"name": "Admin", "name_zh": "管理员", "offering": "x", "fte": "0.1"}]}
            ],
            "risk": {"outage_cost_per_hour": "100", "exit_costs": {"Feishu": "500", "Own": "0"}}
        }))
        .expect("scenario");
        let english = scenario.clone().named_in(Language::En);
        assert_eq!(english, scenario, "English leaves the scenario as it is");
        let zh = scenario.named_in(Language::ZhCn);
        assert_eq!(zh.options[0].name, "飞书");
        assert_eq!(zh.options[0].components[0].name, "席位");
        assert_eq!(zh.options[1].name, "Own", "no Chinese name: the name stays");
        assert_eq!(zh.options[1].labor[0].name.as_deref(), Some("管理员"));
        let keys: Vec<_> = zh.risk.expect("risk").exit_costs.into_keys().collect();
        assert_eq!(keys, ["Own", "飞书"]);
    }
}
