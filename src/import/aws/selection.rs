//! What of AWS's price list lands in `pricing-data/`: regions, instance types, OS, tenancy, terms.
//!
//! Committed as `pricing-data/import/aws.selection.json`; every field but `regions` has a default,
//! so a selection names only what it narrows.

use serde::{Deserialize, Serialize};

/// The AWS selection file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsSelection {
    /// The data file written (merged into when it exists), relative to the data directory.
    #[serde(default = "default_output")]
    pub output: String,
    /// Region codes whose regional offer files are read (`us-east-1`, `eu-central-1`, …).
    pub regions: Vec<String>,
    /// Whole instance families (`m6i`, `m7g`): every size in them.
    #[serde(default)]
    pub instance_families: Vec<String>,
    /// Single instance types (`t3.micro`), on top of the families.
    #[serde(default)]
    pub instance_types: Vec<String>,
    /// The `operatingSystem` attribute (`Linux`; the pre-installed-software and tenancy filters below
    /// keep it to the plain licence-free image).
    #[serde(default = "default_os")]
    pub operating_system: String,
    /// The `tenancy` attribute (`Shared`, `Dedicated`, `Host`).
    #[serde(default = "default_tenancy")]
    pub tenancy: String,
    /// The `preInstalledSw` attribute (`NA` = none).
    #[serde(default = "default_pre_installed")]
    pub pre_installed_sw: String,
    /// The `capacitystatus` attribute (`Used` = an ordinary running instance, not a reservation's
    /// unused capacity).
    #[serde(default = "default_capacity")]
    pub capacity_status: String,
    /// Reserved terms kept: `LeaseContractLength` (`1yr`, `3yr`).
    #[serde(default = "default_leases")]
    pub lease_lengths: Vec<String>,
    /// `PurchaseOption` (`No Upfront`, `Partial Upfront`, `All Upfront`).
    #[serde(default = "default_purchase_options")]
    pub purchase_options: Vec<String>,
    /// `OfferingClass` (`standard`, `convertible`).
    #[serde(default = "default_classes")]
    pub offering_classes: Vec<String>,
    /// EBS volume types by `volumeApiName` (`gp3`, `gp2`, `io2`, `st1`, `sc1`).
    #[serde(default)]
    pub ebs_volume_types: Vec<String>,
    /// Import the region's data-transfer-out-to-internet tiers.
    #[serde(default)]
    pub data_transfer_out: bool,
    /// Savings Plans families to import: `ComputeSavingsPlans`, `EC2InstanceSavingsPlans`.
    #[serde(default)]
    pub savings_plans: Vec<String>,
}

fn default_output() -> String {
    "cloud/aws.json".into()
}
fn default_os() -> String {
    "Linux".into()
}
fn default_tenancy() -> String {
    "Shared".into()
}
fn default_pre_installed() -> String {
    "NA".into()
}
fn default_capacity() -> String {
    "Used".into()
}
fn default_leases() -> Vec<String> {
    vec!["1yr".into(), "3yr".into()]
}
fn default_purchase_options() -> Vec<String> {
    vec!["No Upfront".into(), "Partial Upfront".into(), "All Upfront".into()]
}
fn default_classes() -> Vec<String> {
    vec!["standard".into(), "convertible".into()]
}

impl AwsSelection {
    /// A selection of the given regions and instance types with every other field at its default.
    pub fn new(regions: &[&str], instance_types: &[&str]) -> Self {
        AwsSelection {
            output: default_output(),
            regions: regions.iter().map(|s| s.to_string()).collect(),
            instance_families: Vec::new(),
            instance_types: instance_types.iter().map(|s| s.to_string()).collect(),
            operating_system: default_os(),
            tenancy: default_tenancy(),
            pre_installed_sw: default_pre_installed(),
            capacity_status: default_capacity(),
            lease_lengths: default_leases(),
            purchase_options: default_purchase_options(),
            offering_classes: default_classes(),
            ebs_volume_types: Vec::new(),
            data_transfer_out: false,
            savings_plans: Vec::new(),
        }
    }

    /// What makes a selection unusable, said plainly.
    pub fn check(&self) -> Result<(), String> {
        if self.regions.is_empty() {
            return Err("`regions` is empty: name at least one region code (us-east-1, …)".into());
        }
        let wants_something = !self.instance_families.is_empty()
            || !self.instance_types.is_empty()
            || !self.ebs_volume_types.is_empty()
            || self.data_transfer_out;
        if !wants_something {
            return Err("selects nothing: give instance_families, instance_types, ebs_volume_types or data_transfer_out".into());
        }
        if !self.output.starts_with("cloud/") || !self.output.ends_with(".json") || self.output.contains("..")
        {
            return Err(format!("`output` {} must be a cloud/<name>.json file", self.output));
        }
        for (field, values, known) in [
            ("lease_lengths", &self.lease_lengths, &["1yr", "3yr"][..]),
            (
                "purchase_options",
                &self.purchase_options,
                &["No Upfront", "Partial Upfront", "All Upfront"][..],
            ),
            ("offering_classes", &self.offering_classes, &["standard", "convertible"][..]),
            ("savings_plans", &self.savings_plans, &["ComputeSavingsPlans", "EC2InstanceSavingsPlans"][..]),
        ] {
            if let Some(bad) = values.iter().find(|v| !known.contains(&v.as_str())) {
                return Err(format!("`{field}`: `{bad}` is not one of {}", known.join(", ")));
            }
        }
        Ok(())
    }

    /// Whether an instance type (`m6i.large`) is selected, by type or by family (`m6i`).
    pub fn wants_instance(&self, instance_type: &str) -> bool {
        let family = instance_type.split('.').next().unwrap_or(instance_type);
        self.instance_types.iter().any(|t| t == instance_type)
            || self.instance_families.iter().any(|f| f == family)
    }

    pub fn wants_volume(&self, volume_api_name: &str) -> bool {
        self.ebs_volume_types.iter().any(|v| v == volume_api_name)
    }

    pub fn wants_reserved(&self, lease: &str, purchase_option: &str, class: &str) -> bool {
        self.lease_lengths.iter().any(|l| l == lease)
            && self.purchase_options.iter().any(|p| p == purchase_option)
            && self.offering_classes.iter().any(|c| c == class)
    }

    pub fn wants_savings_plan(&self, product_family: &str) -> bool {
        self.savings_plans.iter().any(|f| f == product_family)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_everything_but_regions() {
        let s: AwsSelection =
            serde_json::from_str(r#"{"regions":["us-east-1"],"instance_families":["m6i"]}"#).expect("parses");
        assert_eq!(s.operating_system, "Linux");
        assert!(s.wants_instance("m6i.large"));
        assert!(!s.wants_instance("m6id.large"));
        assert!(s.wants_reserved("3yr", "All Upfront", "convertible"));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let e = serde_json::from_str::<AwsSelection>(r#"{"regions":[],"region":"x"}"#);
        assert!(e.is_err());
    }
}
