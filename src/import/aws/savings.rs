//! A Savings Plans regional file (`/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/<version>/<region>/index.json`),
//! parsed as a stream.
//!
//! Unlike offer files, `products` and `terms.savingsPlan` are **arrays**. A product is one plan
//! (`productFamily` `ComputeSavingsPlans` or `EC2InstanceSavingsPlans`, `purchaseTerm` `1yr`/`3yr`,
//! `purchaseOption`); a term lists the plan's `rates[]`, one per usage it discounts
//! (`discountedUsageType` `EUW1-BoxUsage:c5.large`, `discountedOperation` `RunInstances` = Linux,
//! `discountedRate.price` per hour). Rates are filtered one by one as they stream past (only EC2
//! shared-tenancy Linux usage of the selected instance types in the file's own region is kept), so
//! memory is bounded by what is selected. Rates are joined to their plan at the end, whichever of
//! `products` and `terms` comes first.

use super::selection::AwsSelection;
use super::{parse_price, AwsError};
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::io::{BufReader, Read};

const FILE: &str = "Savings Plans file";

/// The Savings Plans rates selected from one regional file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SavingsExtract {
    pub version: String,
    pub publication_date: String,
    pub region_code: String,
    pub rates: Vec<SavingsRate>,
}

/// The hourly rate of one instance type under one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct SavingsRate {
    /// The plan's SKU.
    pub sku: String,
    /// `ComputeSavingsPlans` or `EC2InstanceSavingsPlans`.
    pub plan: String,
    /// `1yr` or `3yr`.
    pub lease: String,
    /// `No Upfront`, `Partial Upfront` or `All Upfront`.
    pub purchase_option: String,
    pub instance_type: String,
    pub rate_code: String,
    /// Effective price per instance-hour under the plan.
    pub hourly: Decimal,
    pub currency: String,
}

/// Parses one Savings Plans file for `region`, keeping the selected plans and instance types.
pub fn parse_savings_plans(
    reader: impl Read,
    region: &str,
    selection: &AwsSelection,
) -> Result<SavingsExtract, AwsError> {
    let buffered = BufReader::with_capacity(super::offer::READ_BUFFER, reader);
    let mut de = serde_json::Deserializer::from_reader(buffered);
    let mut state = State {
        region,
        selection,
        head: SavingsExtract::default(),
        plans: HashMap::new(),
        rates: Vec::new(),
    };
    let schema = |source| AwsError::Schema { file: FILE, source };
    (&mut de).deserialize_map(FileVisitor { state: &mut state }).map_err(schema)?;
    de.end().map_err(schema)?;
    state.finish()
}

struct Plan {
    family: String,
    lease: String,
    purchase_option: String,
}

/// A kept rate before it is joined to its plan: (plan SKU, instance type, rate).
struct PendingRate {
    sku: String,
    instance_type: String,
    rate: Rate,
}

struct State<'s> {
    region: &'s str,
    selection: &'s AwsSelection,
    head: SavingsExtract,
    plans: HashMap<String, Plan>,
    rates: Vec<PendingRate>,
}

impl State<'_> {
    fn finish(self) -> Result<SavingsExtract, AwsError> {
        let mut out = self.head;
        if out.publication_date.is_empty() {
            return Err(AwsError::content(FILE, "no `publicationDate`: not a Savings Plans file"));
        }
        for pending in self.rates {
            let Some(plan) = self.plans.get(&pending.sku) else { continue };
            let price = parse_price(&pending.rate.discounted_rate.price).ok_or_else(|| {
                AwsError::content(
                    FILE,
                    format!(
                        "rate `{}`: `{}` is not a decimal number",
                        pending.rate.rate_code, pending.rate.discounted_rate.price
                    ),
                )
            })?;
            out.rates.push(SavingsRate {
                sku: pending.sku,
                plan: plan.family.clone(),
                lease: plan.lease.clone(),
                purchase_option: plan.purchase_option.clone(),
                instance_type: pending.instance_type,
                rate_code: pending.rate.rate_code,
                hourly: price,
                currency: pending.rate.discounted_rate.currency.unwrap_or_else(|| "USD".to_string()),
            });
        }
        out.rates.sort_by(|a, b| {
            (&a.instance_type, &a.plan, &a.lease, &a.purchase_option).cmp(&(
                &b.instance_type,
                &b.plan,
                &b.lease,
                &b.purchase_option,
            ))
        });
        Ok(out)
    }

    fn keep_product(&mut self, p: SpProduct) {
        let Some(family) = p.product_family else { return };
        if !self.selection.wants_savings_plan(&family) {
            return;
        }
        let (Some(lease), Some(option)) = (p.attributes.purchase_term, p.attributes.purchase_option) else {
            return;
        };
        if !self.selection.lease_lengths.contains(&lease)
            || !self.selection.purchase_options.contains(&option)
        {
            return;
        }
        self.plans.insert(p.sku, Plan { family, lease, purchase_option: option });
    }

    /// The instance type a rate discounts, when it is selected EC2 usage of this region.
    fn wanted_instance(&self, r: &Rate) -> Option<String> {
        if r.discounted_service_code.as_deref() != Some("AmazonEC2") {
            return None;
        }
        // Linux/UNIX is operation `RunInstances`; other images have `RunInstances:<code>`.
        if self.selection.operating_system != "Linux"
            || r.discounted_operation.as_deref() != Some("RunInstances")
        {
            return None;
        }
        if r.discounted_region_code.as_deref().is_some_and(|c| c != self.region) {
            return None;
        }
        let usage_kind = match self.selection.tenancy.as_str() {
            "Shared" => "BoxUsage",
            "Dedicated" => "DedicatedUsage",
            _ => return None,
        };
        let (prefix, instance_type) = r.discounted_usage_type.split_once(':')?;
        let kind = prefix.rsplit('-').next().unwrap_or(prefix);
        (kind == usage_kind && self.selection.wants_instance(instance_type))
            .then(|| instance_type.to_string())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpProduct {
    sku: String,
    #[serde(default)]
    product_family: Option<String>,
    #[serde(default)]
    attributes: SpAttributes,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SpAttributes {
    purchase_option: Option<String>,
    purchase_term: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rate {
    #[serde(default)]
    discounted_service_code: Option<String>,
    #[serde(default)]
    discounted_usage_type: String,
    #[serde(default)]
    discounted_operation: Option<String>,
    #[serde(default)]
    discounted_region_code: Option<String>,
    #[serde(default)]
    rate_code: String,
    discounted_rate: DiscountedRate,
}

#[derive(Deserialize)]
struct DiscountedRate {
    price: String,
    #[serde(default)]
    currency: Option<String>,
}

struct FileVisitor<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> Visitor<'de> for FileVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a Savings Plans file (an object with publicationDate, products[] and terms.savingsPlan[])",
        )
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "version" => self.state.head.version = map.next_value()?,
                "publicationDate" => self.state.head.publication_date = map.next_value()?,
                "regionCode" => self.state.head.region_code = map.next_value()?,
                "products" => map.next_value_seed(ProductsSeed { state: self.state })?,
                "terms" => map.next_value_seed(TermsSeed { state: self.state })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct ProductsSeed<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> DeserializeSeed<'de> for ProductsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ProductsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`products`: an array of plans")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(product) = seq.next_element::<SpProduct>()? {
            self.state.keep_product(product);
        }
        Ok(())
    }
}

struct TermsSeed<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> DeserializeSeed<'de> for TermsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`terms`: an object with a savingsPlan array")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "savingsPlan" {
                map.next_value_seed(PlanTermsSeed { state: self.state })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct PlanTermsSeed<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> DeserializeSeed<'de> for PlanTermsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PlanTermsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`terms.savingsPlan`: an array of plan terms")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(PlanTermSeed { state: &mut *self.state })?.is_some() {}
        Ok(())
    }
}

/// One element of `terms.savingsPlan`: its `sku` and its `rates`, filtered as they stream.
struct PlanTermSeed<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> DeserializeSeed<'de> for PlanTermSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PlanTermSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a plan term (an object with sku and rates)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut sku: Option<String> = None;
        let mut kept: Vec<(String, Rate)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "sku" => sku = Some(map.next_value()?),
                "rates" => map.next_value_seed(RatesSeed { state: self.state, kept: &mut kept })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let sku = sku.ok_or_else(|| de::Error::missing_field("sku"))?;
        self.state.rates.extend(kept.into_iter().map(|(instance_type, rate)| PendingRate {
            sku: sku.clone(),
            instance_type,
            rate,
        }));
        Ok(())
    }
}

struct RatesSeed<'a, 'k, 's> {
    state: &'a State<'s>,
    kept: &'k mut Vec<(String, Rate)>,
}

impl<'de> DeserializeSeed<'de> for RatesSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RatesSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`rates`: an array of discounted rates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(rate) = seq.next_element::<Rate>()? {
            if let Some(instance_type) = self.state.wanted_instance(&rate) {
                self.kept.push((instance_type, rate));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn fixture(name: &str) -> std::fs::File {
        let path = format!("{}/tests/fixtures/upstream/aws/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn selection() -> AwsSelection {
        let mut s = AwsSelection::new(&["eu-west-1"], &[]);
        s.instance_families = vec!["m4".into(), "c1".into()];
        s.savings_plans = vec!["ComputeSavingsPlans".into(), "EC2InstanceSavingsPlans".into()];
        s
    }

    #[test]
    fn ligoj_fixture_has_no_linux_ec2_rate_to_keep() {
        // Its EC2 rates carry no discountedOperation (trimmed by the fixture's author), so none can be
        // told to be Linux: nothing is kept, and the Fargate/Lambda rates are ignored.
        let e = parse_savings_plans(
            fixture("savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/eu-west-1/index.json"),
            "eu-west-1",
            &selection(),
        )
        .expect("parses");
        assert_eq!(e.publication_date, "2020-02-20T22:03:00Z");
        assert!(e.rates.is_empty(), "{:?}", e.rates);
    }

    #[test]
    fn real_shape_rates_join_their_plans() {
        let e = parse_savings_plans(
            fixture("savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20260422194203/eu-west-1/index.json"),
            "eu-west-1",
            &selection(),
        )
        .expect("parses");
        let got: Vec<(&str, &str, &str, &str, Decimal)> = e
            .rates
            .iter()
            .map(|r| {
                (
                    r.instance_type.as_str(),
                    r.plan.as_str(),
                    r.lease.as_str(),
                    r.purchase_option.as_str(),
                    r.hourly,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("m4.large", "ComputeSavingsPlans", "1yr", "No Upfront", dec!(0.0678)),
                ("m4.large", "ComputeSavingsPlans", "3yr", "All Upfront", dec!(0.0432)),
                ("m4.large", "EC2InstanceSavingsPlans", "1yr", "No Upfront", dec!(0.0593)),
            ]
        );
    }

    #[test]
    fn offer_shape_is_a_schema_error() {
        let e = parse_savings_plans(
            r#"{"publicationDate":"x","products":{"A":{}}}"#.as_bytes(),
            "eu-west-1",
            &selection(),
        )
        .expect_err("refused");
        assert!(e.to_string().contains("an array of plans"), "{e}");
    }
}
