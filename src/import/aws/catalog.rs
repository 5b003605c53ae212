//! What was read from AWS's files, as catalogue offerings and price schedules.
//!
//! * On demand → `on_demand`, `usage`, per `hour` (EC2), per `gib_month` (EBS), per `gib` in
//!   graduated tiers (data transfer out); AWS's "GB" in billing is 2^30 bytes, so the units are GiB.
//! * Reserved → `reserved_1y`/`reserved_3y` with `payment` (no/partial/all upfront), the `Hrs`
//!   rate as `unit_price` (0 for All Upfront) and the `Quantity` fee as `upfront`; a convertible
//!   term carries `commitment: convertible`, a standard one none.
//! * Savings Plans → the same options with `commitment: compute_savings_plan` or
//!   `instance_savings_plan`. The file gives one effective hourly rate per plan: No Upfront is
//!   that rate per hour (`vendor_list`); All Upfront is the whole term's hours paid at the start
//!   (`upfront = rate × 8,760 h × years`, no hourly charge) and Partial Upfront half of that upfront
//!   and half the rate per hour, both `derived` with the formula in the note (AWS asks for "at least
//!   half" upfront on Partial; half is the usual purchase).
//!
//! Every figure is `vendor_list` (or `derived` from it) with `price_date` = the file's
//! `publicationDate` and `retrieved` = the run's date, given in.

use super::offer::{InstancePrices, OfferExtract, ReservedPrice};
use super::savings::{SavingsExtract, SavingsRate};
use crate::catalog::{
    Basis, Billing, Category, Commitment, Market, Offering, Payment, PriceSchedule, Provenance,
    PurchaseOption, Specs, Tier, TierMode, Unit,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The host every URL of the AWS Price List Bulk API is relative to.
pub const VENDOR_HOST: &str = "https://pricing.us-east-1.amazonaws.com";
/// Hours in a year of a Savings Plans commitment (AWS counts 365 days; the engine's 730 h a month).
const HOURS_PER_YEAR: u32 = 8_760;

/// Where the figures of one file came from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The vendor's URL of the file (even when it was read from a copy).
    pub url: String,
    pub retrieved: NaiveDate,
    /// Names the copy read, when it was not the vendor's URL.
    pub copy_note: Option<String>,
}

impl Origin {
    fn provenance(&self, publication_date: &str, basis: Basis, note: Option<String>) -> Provenance {
        let note = match (note, &self.copy_note) {
            (Some(n), Some(c)) => Some(format!("{n}. {c}.")),
            (Some(n), None) => Some(n),
            (None, Some(c)) => Some(format!("{c}.")),
            (None, None) => None,
        };
        Provenance {
            source_url: self.url.clone(),
            basis,
            copied_by: None,
            price_date: price_date(publication_date),
            retrieved: self.retrieved,
            note,
        }
    }
}

/// `2025-05-23T23:27:44Z` → 2025-05-23 (none when the text is not a date).
pub fn price_date(publication_date: &str) -> Option<NaiveDate> {
    publication_date.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

pub fn ec2_id(region: &str, instance_type: &str) -> String {
    format!("aws/ec2/{region}/{instance_type}").to_lowercase()
}

/// The offerings of one regional offer file.
pub fn offerings_of(region: &str, offer: &OfferExtract, origin: &Origin) -> Result<Vec<Offering>, String> {
    let note = |sku: &str| {
        Some(format!("AWS Price List, {} version {}, SKU {sku}", offer.offer_code, offer.version))
    };
    let mut out = Vec::new();
    for instance in offer.instances.values() {
        let provenance = origin.provenance(&offer.publication_date, Basis::VendorList, note(&instance.sku));
        out.push(instance_offering(region, instance, provenance)?);
    }
    for volume in offer.volumes.values() {
        let provenance = origin.provenance(&offer.publication_date, Basis::VendorList, note(&volume.sku));
        out.push(Offering {
            id: format!("aws/ebs/{region}/{}", volume.volume_api_name).to_lowercase(),
            name: format!("Amazon EBS {} volume ({region})", volume.volume_api_name),
            category: Category::Storage,
            prices: vec![PriceSchedule {
                unit_price: Some(volume.per_gb_month),
                ..schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::GibMonth)
            }],
            ..offering_base(region, provenance)
        });
    }
    if let Some(egress) = &offer.egress {
        let provenance = origin.provenance(&offer.publication_date, Basis::VendorList, note(&egress.sku));
        let tiers = egress.tiers.iter().map(|t| Tier {
            up_to: t.end,
            unit_price: Some(t.price),
            flat_fee: None,
            name: None,
        });
        out.push(Offering {
            id: format!("aws/data-transfer-out/{region}/internet"),
            name: format!("AWS data transfer out to the internet ({region})"),
            category: Category::Network,
            prices: vec![PriceSchedule {
                tier_mode: Some(TierMode::Graduated),
                tiers: tiers.collect(),
                ..schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::Gib)
            }],
            ..offering_base(region, provenance)
        });
    }
    Ok(out)
}

fn instance_offering(region: &str, i: &InstancePrices, provenance: Provenance) -> Result<Offering, String> {
    let mut prices = Vec::new();
    if let Some(hourly) = i.on_demand_hourly {
        prices.push(PriceSchedule {
            unit_price: Some(hourly),
            ..schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::Hour)
        });
    }
    for r in &i.reserved {
        prices.push(reserved_schedule(&i.instance_type, r)?);
    }
    prices.sort_by_key(schedule_key);
    let architecture =
        i.physical_processor.as_deref().map(|p| if p.contains("Graviton") { "arm64" } else { "x86_64" });
    Ok(Offering {
        id: ec2_id(region, &i.instance_type),
        name: format!("AWS EC2 {} ({region})", i.instance_type),
        category: Category::Compute,
        specs: Specs {
            vcpu: i.vcpu,
            memory_gib: i.memory_gib,
            architecture: architecture.map(str::to_string),
            ..Specs::default()
        },
        prices,
        ..offering_base(region, provenance)
    })
}

fn reserved_schedule(instance_type: &str, r: &ReservedPrice) -> Result<PriceSchedule, String> {
    let what = || format!("{instance_type} reserved term {}", r.offer_term_code);
    let (option, months) =
        lease(&r.lease).ok_or_else(|| format!("{}: LeaseContractLength `{}`", what(), r.lease))?;
    let payment = payment(&r.purchase_option)
        .ok_or_else(|| format!("{}: PurchaseOption `{}`", what(), r.purchase_option))?;
    let commitment = match r.offering_class.as_str() {
        "standard" => None,
        "convertible" => Some(Commitment::Convertible),
        other => return Err(format!("{}: OfferingClass `{other}`", what())),
    };
    Ok(PriceSchedule {
        payment: Some(payment),
        commitment,
        unit_price: Some(r.hourly.unwrap_or(Decimal::ZERO)),
        upfront: r.upfront.filter(|u| !u.is_zero()),
        term_months: Some(months),
        ..schedule(option, Billing::Monthly, Unit::Hour)
    })
}

/// Savings Plans schedules, by EC2 offering id.
pub fn savings_schedules(
    region: &str,
    plans: &SavingsExtract,
    origin: &Origin,
) -> Result<BTreeMap<String, Vec<PriceSchedule>>, String> {
    let mut out: BTreeMap<String, Vec<PriceSchedule>> = BTreeMap::new();
    for rate in &plans.rates {
        if rate.currency != "USD" {
            return Err(format!("Savings Plans rate `{}` is in {}, not USD", rate.rate_code, rate.currency));
        }
        let schedule = savings_schedule(rate, &plans.publication_date, origin)?;
        out.entry(ec2_id(region, &rate.instance_type)).or_default().push(schedule);
    }
    Ok(out)
}

fn savings_schedule(
    rate: &SavingsRate,
    publication_date: &str,
    origin: &Origin,
) -> Result<PriceSchedule, String> {
    let what = || format!("Savings Plans rate {}", rate.rate_code);
    let (option, months) =
        lease(&rate.lease).ok_or_else(|| format!("{}: purchaseTerm `{}`", what(), rate.lease))?;
    let payment = payment(&rate.purchase_option)
        .ok_or_else(|| format!("{}: purchaseOption `{}`", what(), rate.purchase_option))?;
    let commitment = match rate.plan.as_str() {
        "ComputeSavingsPlans" => Commitment::ComputeSavingsPlan,
        "EC2InstanceSavingsPlans" => Commitment::InstanceSavingsPlan,
        other => return Err(format!("{}: productFamily `{other}`", what())),
    };
    let plan = format!(
        "{} {} {} rate {} USD/h (SKU {}, rate {})",
        rate.plan, rate.lease, rate.purchase_option, rate.hourly, rate.sku, rate.rate_code
    );
    let hours = Decimal::from(HOURS_PER_YEAR * months / 12);
    let half = Decimal::new(5, 1);
    let overflow = || format!("{}: the upfront amount overflows", what());
    let (unit_price, upfront, provenance) = match payment {
        Payment::NoUpfront => {
            (rate.hourly, None, origin.provenance(publication_date, Basis::VendorList, Some(plan)))
        }
        Payment::AllUpfront => {
            let upfront = rate.hourly.checked_mul(hours).ok_or_else(overflow)?;
            let note = format!("{plan}; upfront = rate × {hours} h, nothing per hour");
            (Decimal::ZERO, Some(upfront), origin.provenance(publication_date, Basis::Derived, Some(note)))
        }
        Payment::PartialUpfront => {
            let upfront =
                rate.hourly.checked_mul(hours).and_then(|u| u.checked_mul(half)).ok_or_else(overflow)?;
            let note = format!("{plan}; taken as half upfront (AWS asks for at least half): upfront = rate × {hours} h × 0.5, per hour = rate × 0.5");
            let hourly = rate.hourly.checked_mul(half).ok_or_else(overflow)?;
            (hourly, Some(upfront), origin.provenance(publication_date, Basis::Derived, Some(note)))
        }
    };
    Ok(PriceSchedule {
        payment: Some(payment),
        commitment: Some(commitment),
        unit_price: Some(unit_price.normalize()),
        upfront: upfront.map(|u| u.normalize()),
        term_months: Some(months),
        provenance: Some(provenance),
        ..schedule(option, Billing::Monthly, Unit::Hour)
    })
}

fn lease(text: &str) -> Option<(PurchaseOption, u32)> {
    match text {
        "1yr" => Some((PurchaseOption::Reserved1y, 12)),
        "3yr" => Some((PurchaseOption::Reserved3y, 36)),
        _ => None,
    }
}

fn payment(text: &str) -> Option<Payment> {
    match text {
        "No Upfront" => Some(Payment::NoUpfront),
        "Partial Upfront" => Some(Payment::PartialUpfront),
        "All Upfront" => Some(Payment::AllUpfront),
        _ => None,
    }
}

/// The identity of a schedule inside an offering (what a component selects by), in a stable order.
pub fn schedule_key(s: &PriceSchedule) -> (u8, u8, u8, Unit) {
    let option = match s.purchase_option {
        PurchaseOption::OnDemand => 0,
        PurchaseOption::Reserved1y => 1,
        PurchaseOption::Reserved3y => 2,
        PurchaseOption::Spot => 3,
        PurchaseOption::MonthlySubscription => 4,
        PurchaseOption::AnnualSubscription => 5,
        PurchaseOption::Purchase => 6,
    };
    let payment = match s.payment {
        None => 0,
        Some(Payment::NoUpfront) => 1,
        Some(Payment::PartialUpfront) => 2,
        Some(Payment::AllUpfront) => 3,
    };
    let commitment = match s.commitment {
        None => 0,
        Some(Commitment::Convertible) => 1,
        Some(Commitment::ComputeSavingsPlan) => 2,
        Some(Commitment::InstanceSavingsPlan) => 3,
    };
    (option, payment, commitment, s.unit)
}

fn schedule(purchase_option: PurchaseOption, billing: Billing, unit: Unit) -> PriceSchedule {
    PriceSchedule {
        purchase_option,
        payment: None,
        commitment: None,
        billing,
        currency: None,
        unit,
        unit_price: None,
        base_fee: None,
        included_quantity: None,
        block_size: None,
        tier_mode: None,
        tiers: Vec::new(),
        upfront: None,
        term_months: None,
        min_quantity: None,
        max_quantity: None,
        provenance: None,
        tax: None,
        includes: Vec::new(),
        included_power_kw: None,
        range: None,
    }
}

fn offering_base(region: &str, provenance: Provenance) -> Offering {
    Offering {
        id: String::new(),
        name: String::new(),
        name_zh: None,
        provider: "aws".into(),
        category: Category::Compute,
        region: Some(region.to_string()),
        market: Some(if region.starts_with("cn-") { Market::China } else { Market::Global }),
        description: None,
        specs: Specs::default(),
        hardware: None,
        labor: None,
        sizing: Vec::new(),
        provenance,
        prices: Vec::new(),
    }
}

/// Merges what a run produced into the offerings already in the file: a produced schedule replaces
/// the one with the same option, payment, commitment and unit; the others are kept with their
/// provenance spelled out; the produced offering's provenance becomes the offering's default.
/// Offerings the run did not produce are kept as they are (an import never deletes).
pub fn merge(existing: Vec<Offering>, produced: Vec<Offering>) -> Vec<Offering> {
    let mut by_id: BTreeMap<String, Offering> = existing.into_iter().map(|o| (o.id.clone(), o)).collect();
    for new in produced {
        let Some(mut old) = by_id.remove(&new.id) else {
            by_id.insert(new.id.clone(), new);
            continue;
        };
        let produced_keys: Vec<_> = new.prices.iter().map(schedule_key).collect();
        let old_default = old.provenance.clone();
        let mut prices: Vec<PriceSchedule> = old
            .prices
            .drain(..)
            .filter(|s| !produced_keys.contains(&schedule_key(s)))
            .map(|mut s| {
                s.provenance.get_or_insert_with(|| old_default.clone());
                s
            })
            .collect();
        prices.extend(new.prices);
        prices.sort_by_key(schedule_key);
        old.provenance = new.provenance;
        for s in &mut prices {
            if s.provenance.as_ref() == Some(&old.provenance) {
                s.provenance = None;
            }
        }
        old.prices = prices;
        // The vendor's facts win; what the file had and the vendor does not say stays.
        old.specs.vcpu = new.specs.vcpu.or(old.specs.vcpu);
        old.specs.memory_gib = new.specs.memory_gib.or(old.specs.memory_gib);
        old.specs.architecture = new.specs.architecture.or(old.specs.architecture);
        by_id.insert(old.id.clone(), old);
    }
    by_id.into_values().collect()
}

/// Adds Savings Plans schedules to the EC2 offerings produced from the same region.
pub fn add_savings(offerings: &mut [Offering], mut schedules: BTreeMap<String, Vec<PriceSchedule>>) {
    for offering in offerings.iter_mut() {
        if let Some(extra) = schedules.remove(&offering.id) {
            offering.prices.extend(extra);
            offering.prices.sort_by_key(schedule_key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::aws::offer::parse_offer;
    use crate::import::aws::savings::parse_savings_plans;
    use crate::import::aws::selection::AwsSelection;
    use rust_decimal_macros::dec;

    fn fixture(name: &str) -> std::fs::File {
        let path = format!("{}/tests/fixtures/upstream/aws/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn origin(url: &str) -> Origin {
        Origin {
            url: format!("{VENDOR_HOST}{url}"),
            retrieved: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            copy_note: None,
        }
    }

    #[test]
    fn the_2016_c4_large_as_schedules() {
        let s = AwsSelection::new(&["us-east-1"], &["c4.large"]);
        let offer = parse_offer(fixture("ec2-us-east-1-c4-2016.json"), &s).expect("parses");
        let o = offerings_of(
            "us-east-1",
            &offer,
            &origin("/offers/v1.0/aws/AmazonEC2/20161213014831/us-east-1/index.json"),
        )
        .expect("maps");
        assert_eq!(o.len(), 1);
        let c4 = &o[0];
        assert_eq!(c4.id, "aws/ec2/us-east-1/c4.large");
        assert_eq!(c4.specs.vcpu, Some(2));
        assert_eq!(c4.specs.memory_gib, Some(dec!(3.75)));
        assert_eq!(c4.specs.architecture.as_deref(), Some("x86_64"));
        assert_eq!(c4.provenance.basis, Basis::VendorList);
        assert_eq!(c4.provenance.price_date, NaiveDate::from_ymd_opt(2016, 12, 13));
        assert!(c4.provenance.note.as_deref().is_some_and(|n| n.contains("SKU 4C7N4APU9GEUZ6H6")));
        type Row<'a> =
            (&'a str, Option<&'a str>, Option<&'a str>, Option<Decimal>, Option<Decimal>, Option<u32>);
        let rows: Vec<Row> = c4
            .prices
            .iter()
            .map(|p| {
                (
                    p.purchase_option.as_str(),
                    p.payment.map(Payment::as_str),
                    p.commitment.map(Commitment::as_str),
                    p.unit_price,
                    p.upfront,
                    p.term_months,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("on_demand", None, None, Some(dec!(0.1)), None, None),
                ("reserved_1y", Some("no_upfront"), None, Some(dec!(0.063)), None, Some(12)),
                ("reserved_1y", Some("partial_upfront"), None, Some(dec!(0.03)), Some(dec!(263)), Some(12)),
                ("reserved_3y", Some("partial_upfront"), None, Some(dec!(0.021)), Some(dec!(539)), Some(36)),
                (
                    "reserved_3y",
                    Some("partial_upfront"),
                    Some("convertible"),
                    Some(dec!(0.027)),
                    Some(dec!(710)),
                    Some(36)
                ),
            ]
        );
    }

    #[test]
    fn savings_plans_become_commitment_schedules() {
        let mut s = AwsSelection::new(&["eu-west-1"], &["m4.large"]);
        s.savings_plans = vec!["ComputeSavingsPlans".into(), "EC2InstanceSavingsPlans".into()];
        let url = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20260422194203/eu-west-1/index.json";
        let plans = parse_savings_plans(fixture(url), "eu-west-1", &s).expect("parses");
        let by_id = savings_schedules("eu-west-1", &plans, &origin(url)).expect("maps");
        let m4 = &by_id["aws/ec2/eu-west-1/m4.large"];
        assert_eq!(m4.len(), 3);
        // 1yr No Upfront Compute SP: the rate per hour, vendor_list.
        let nu = &m4[0];
        assert_eq!(
            (nu.purchase_option, nu.payment, nu.commitment),
            (PurchaseOption::Reserved1y, Some(Payment::NoUpfront), Some(Commitment::ComputeSavingsPlan))
        );
        assert_eq!(nu.unit_price, Some(dec!(0.0678)));
        assert_eq!(nu.provenance.as_ref().map(|p| p.basis), Some(Basis::VendorList));
        // 3yr All Upfront Compute SP: 0.0432 × 26,280 h = 1135.296 upfront, derived.
        let au = &m4[1];
        assert_eq!((au.purchase_option, au.payment), (PurchaseOption::Reserved3y, Some(Payment::AllUpfront)));
        assert_eq!((au.unit_price, au.upfront), (Some(dec!(0)), Some(dec!(1135.296))));
        assert_eq!(au.provenance.as_ref().map(|p| p.basis), Some(Basis::Derived));
        assert_eq!(m4[2].commitment, Some(Commitment::InstanceSavingsPlan));
        assert_eq!(m4[2].unit_price, Some(dec!(0.0593)));
    }

    #[test]
    fn merge_replaces_like_for_like_and_keeps_the_rest() {
        let s = AwsSelection::new(&["us-east-1"], &["c4.large"]);
        let offer = parse_offer(fixture("ec2-us-east-1-c4-2016.json"), &s).expect("parses");
        let new = offerings_of("us-east-1", &offer, &origin("/x")).expect("maps");
        let mut old = new[0].clone();
        old.provenance.basis = Basis::Estimate;
        old.provenance.note = Some("old estimate".into());
        old.specs.form_factor = Some("vm".into());
        // An old 3yr All Upfront estimate the vendor file does not have, and an old on-demand price.
        old.prices = vec![
            PriceSchedule {
                unit_price: Some(dec!(0.2)),
                ..schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::Hour)
            },
            PriceSchedule {
                payment: Some(Payment::AllUpfront),
                unit_price: Some(dec!(0)),
                upfront: Some(dec!(999)),
                term_months: Some(36),
                ..schedule(PurchaseOption::Reserved3y, Billing::Monthly, Unit::Hour)
            },
        ];
        let merged = merge(vec![old], new.clone());
        let c4 = &merged[0];
        assert_eq!(c4.prices.len(), 6);
        assert_eq!(c4.prices[0].unit_price, Some(dec!(0.1)));
        assert_eq!(c4.provenance, new[0].provenance);
        let kept = c4.prices.iter().find(|p| p.upfront == Some(dec!(999))).expect("kept");
        assert_eq!(kept.provenance.as_ref().map(|p| p.basis), Some(Basis::Estimate));
        assert_eq!(c4.specs.form_factor.as_deref(), Some("vm"));
        // Merging the same again changes nothing.
        assert_eq!(format!("{:?}", merge(merged.clone(), new)), format!("{merged:?}"));
    }
}
