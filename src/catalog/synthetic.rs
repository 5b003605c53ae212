//! A synthetic catalogue at upstream scale, for the P5 benchmark (`benches/catalog_scale.rs`) and the
//! tests that the indexed listing returns what a full scan returns.
//!
//! Deterministic (the same count gives the same bytes), in the repo's own price-file format, laid out
//! like a catalogue imported from whole regional offers: one file per provider and region
//! (`cloud/<provider>/<region>.json`), each with a few storage and egress offerings and then compute
//! offerings (instance type × OS × tenancy × pre-installed software) of seven schedules each (on
//! demand; reserved one and three years × no, partial and all upfront). Every price is made up: the
//! files say so in their notes. Pure: the caller writes the files (and adds a real `fx.json`).

use super::load::SourceFile;
use super::model::{
    Basis, Billing, Category, Commitment, Market, Offering, Payment, PriceFile, PriceSchedule, Provenance,
    PurchaseOption, Specs, Tax, Tier, TierMode, Unit,
};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The date every synthetic price carries.
pub const PRICE_DATE: (i32, u32, u32) = (2026, 11, 1);

/// Schedules of one compute offering: on demand and six reserved terms (one and three years × no,
/// partial and all upfront); AWS's also the six convertible ones.
pub const SCHEDULES_PER_COMPUTE: usize = 7;
pub const SCHEDULES_PER_AWS_COMPUTE: usize = 13;

struct Provider {
    name: &'static str,
    display: &'static str,
    product: &'static str,
    currency: &'static str,
    /// Share of all schedules, in percent.
    share: usize,
    regions: &'static [&'static str],
    families: &'static [Family],
    sizes: &'static [(&'static str, u32)],
    storage: &'static [(&'static str, i64)],
    source: &'static str,
    /// Whether its reservations also come convertible (AWS).
    convertible: bool,
}

/// An instance family: name, GiB of memory per vCPU, price of a vCPU-hour in millionths, architecture.
struct Family(&'static str, u32, u64, &'static str);

const AWS_FAMILIES: &[Family] = &[
    Family("m5", 4, 48_000, "x86_64"),
    Family("m6i", 4, 48_000, "x86_64"),
    Family("m7i", 4, 50_400, "x86_64"),
    Family("m7g", 4, 40_800, "arm64"),
    Family("c5", 2, 42_500, "x86_64"),
    Family("c6i", 2, 42_500, "x86_64"),
    Family("c7i", 2, 44_600, "x86_64"),
    Family("c7g", 2, 36_200, "arm64"),
    Family("r5", 8, 63_000, "x86_64"),
    Family("r6i", 8, 63_000, "x86_64"),
    Family("r7i", 8, 66_150, "x86_64"),
    Family("r7g", 8, 53_550, "arm64"),
    Family("t3", 4, 41_600, "x86_64"),
    Family("i4i", 8, 85_800, "x86_64"),
    Family("x2idn", 16, 208_400, "x86_64"),
];

const AWS_SIZES: &[(&str, u32)] = &[
    ("large", 2),
    ("xlarge", 4),
    ("2xlarge", 8),
    ("4xlarge", 16),
    ("8xlarge", 32),
    ("12xlarge", 48),
    ("16xlarge", 64),
    ("24xlarge", 96),
];

const AZURE_FAMILIES: &[Family] = &[
    Family("standard_d{}s_v5", 4, 48_000, "x86_64"),
    Family("standard_d{}as_v5", 4, 43_000, "x86_64"),
    Family("standard_d{}ps_v5", 4, 38_500, "arm64"),
    Family("standard_e{}s_v5", 8, 63_000, "x86_64"),
    Family("standard_f{}s_v2", 2, 42_300, "x86_64"),
    Family("standard_b{}ms", 4, 41_600, "x86_64"),
];

const NUMBERED_SIZES: &[(&str, u32)] =
    &[("2", 2), ("4", 4), ("8", 8), ("16", 16), ("32", 32), ("48", 48), ("64", 64), ("96", 96)];

const GCP_FAMILIES: &[Family] = &[
    Family("n2-standard-{}", 4, 48_500, "x86_64"),
    Family("n2d-standard-{}", 4, 42_200, "x86_64"),
    Family("c3-standard-{}", 4, 50_200, "x86_64"),
    Family("e2-standard-{}", 4, 33_500, "x86_64"),
    Family("t2a-standard-{}", 4, 38_500, "arm64"),
    Family("n2-highmem-{}", 8, 65_400, "x86_64"),
    Family("n2-highcpu-{}", 1, 35_800, "x86_64"),
];

const ALIBABA_FAMILIES: &[Family] = &[
    Family("ecs.g7", 4, 310_000, "x86_64"),
    Family("ecs.c7", 2, 265_000, "x86_64"),
    Family("ecs.r7", 8, 410_000, "x86_64"),
    Family("ecs.g8y", 4, 250_000, "arm64"),
    Family("ecs.u1", 4, 230_000, "x86_64"),
];

const PROVIDERS: &[Provider] = &[
    Provider {
        name: "aws",
        display: "AWS EC2",
        product: "ec2",
        currency: "USD",
        share: 50,
        regions: &[
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "ca-central-1",
            "sa-east-1",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "me-south-1",
            "af-south-1",
            "ap-south-1",
            "ap-east-1",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "il-central-1",
        ],
        families: AWS_FAMILIES,
        sizes: AWS_SIZES,
        storage: &[
            ("ebs-gp3", 800),
            ("ebs-gp2", 1000),
            ("ebs-io2", 1250),
            ("ebs-st1", 450),
            ("ebs-sc1", 150),
        ],
        source: "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/{}/index.json",
        convertible: true,
    },
    Provider {
        name: "azure",
        display: "Azure VM",
        product: "vm",
        currency: "USD",
        share: 20,
        regions: &[
            "eastus",
            "eastus2",
            "westus2",
            "centralus",
            "northeurope",
            "westeurope",
            "uksouth",
            "germanywestcentral",
            "southeastasia",
            "japaneast",
            "australiaeast",
            "brazilsouth",
        ],
        families: AZURE_FAMILIES,
        sizes: NUMBERED_SIZES,
        storage: &[("premium-ssd-v2", 820), ("standard-ssd", 750), ("standard-hdd", 450)],
        source: "https://prices.azure.com/api/retail/prices?$filter=armRegionName%20eq%20%27{}%27",
        convertible: false,
    },
    Provider {
        name: "gcp",
        display: "Google Compute Engine",
        product: "gce",
        currency: "USD",
        share: 20,
        regions: &[
            "us-central1",
            "us-east1",
            "us-east4",
            "us-west1",
            "europe-west1",
            "europe-west3",
            "europe-west4",
            "asia-east1",
            "asia-northeast1",
            "asia-southeast1",
        ],
        families: GCP_FAMILIES,
        sizes: NUMBERED_SIZES,
        storage: &[("pd-balanced", 1000), ("pd-ssd", 1700), ("pd-standard", 400)],
        source: "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus?region={}",
        convertible: false,
    },
    Provider {
        name: "alibaba",
        display: "Alibaba Cloud ECS",
        product: "ecs",
        currency: "CNY",
        share: 10,
        regions: &[
            "cn-beijing",
            "cn-shanghai",
            "cn-hangzhou",
            "cn-shenzhen",
            "cn-hongkong",
            "ap-southeast-1",
        ],
        families: ALIBABA_FAMILIES,
        sizes: &[
            ("large", 2),
            ("xlarge", 4),
            ("2xlarge", 8),
            ("4xlarge", 16),
            ("8xlarge", 32),
            ("16xlarge", 64),
        ],
        storage: &[("cloud-essd", 10_000), ("cloud-ssd", 8_000), ("cloud-efficiency", 3_500)],
        source: "https://www.alibabacloud.com/product/ecs/pricing?region={}",
        convertible: false,
    },
];

/// OS, its extra price per vCPU-hour in millionths.
const SYSTEMS: &[(&str, u64)] =
    &[("linux", 0), ("windows", 46_000), ("rhel", 30_000), ("suse", 25_000), ("ubuntu-pro", 3_500)];
/// Tenancy and its price factor in percent.
const TENANCIES: &[(&str, u64)] = &[("shared", 100), ("dedicated", 110)];
/// Pre-installed software and its extra price per vCPU-hour in millionths.
const SOFTWARE: &[(&str, u64)] = &[("", 0), ("sql-web", 12_000), ("sql-std", 90_000)];

/// Reserved terms: option, payment, share of the on-demand rate paid over the term, in percent, and
/// the share of that paid up front.
const TERMS: &[(PurchaseOption, Payment, u64, u64)] = &[
    (PurchaseOption::Reserved1y, Payment::NoUpfront, 62, 0),
    (PurchaseOption::Reserved1y, Payment::PartialUpfront, 59, 50),
    (PurchaseOption::Reserved1y, Payment::AllUpfront, 58, 100),
    (PurchaseOption::Reserved3y, Payment::NoUpfront, 45, 0),
    (PurchaseOption::Reserved3y, Payment::PartialUpfront, 41, 50),
    (PurchaseOption::Reserved3y, Payment::AllUpfront, 39, 100),
];

/// A small deterministic hash (SplitMix64's finaliser), for price variation by region and SKU.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// `value × percent / 100`, saturating (the generator's figures are far below the limits).
fn percent(value: u64, pct: u64) -> u64 {
    value.saturating_mul(pct) / 100
}

/// `value` rounded down to a multiple of `step`.
fn round_down(value: u64, step: u64) -> u64 {
    value.checked_rem(step).map_or(value, |r| value.saturating_sub(r))
}

/// Millionths as a decimal.
fn micros(value: u64) -> Decimal {
    Decimal::new(i64::try_from(value).unwrap_or(i64::MAX), 6).normalize()
}

fn price_date() -> NaiveDate {
    let (y, m, d) = PRICE_DATE;
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// How many schedules each (provider, region) file gets so that the whole catalogue has `total`.
fn budgets(total: usize) -> Vec<(&'static Provider, &'static str, usize)> {
    let mut out = Vec::new();
    let mut assigned = 0usize;
    for provider in PROVIDERS {
        let share = total.saturating_mul(provider.share) / 100;
        let regions = provider.regions.len().max(1);
        for (i, region) in provider.regions.iter().enumerate() {
            let mut budget = share.checked_div(regions).unwrap_or(0);
            if i < share.checked_rem(regions).unwrap_or(0) {
                budget = budget.saturating_add(1);
            }
            assigned = assigned.saturating_add(budget);
            out.push((provider, *region, budget));
        }
    }
    // Rounding leftovers go to the first file.
    if let Some(first) = out.first_mut() {
        first.2 = first.2.saturating_add(total.saturating_sub(assigned));
    }
    out
}

/// The price files of a synthetic catalogue with exactly `schedules` price schedules, by path.
pub fn price_files(schedules: usize) -> Vec<(String, PriceFile)> {
    budgets(schedules)
        .into_iter()
        .filter(|(_, _, budget)| *budget > 0)
        .map(|(provider, region, budget)| {
            (format!("cloud/{}/{region}.json", provider.name), region_file(provider, region, budget))
        })
        .collect()
}

/// The files of `price_files`, as the pretty JSON the repo's data files are written in.
pub fn source_files(schedules: usize) -> Result<Vec<SourceFile>, serde_json::Error> {
    price_files(schedules)
        .into_iter()
        .map(|(path, file)| {
            let mut bytes = serde_json::to_vec_pretty(&file)?;
            bytes.push(b'\n');
            Ok(SourceFile { path, bytes })
        })
        .collect()
}

/// As an importer reading the vendor's price API writes it: the upstream's publication date as the
/// price date, the run's date as retrieved.
fn provenance(provider: &Provider, region: &str) -> Provenance {
    Provenance {
        source_url: provider.source.replace("{}", region),
        basis: Basis::VendorList,
        copied_by: None,
        price_date: Some(price_date()),
        retrieved: price_date(),
        note: None,
    }
}

/// The file's tax treatment, worded like the bundled files' (CNY prices include 6 % VAT).
fn tax(provider: &Provider) -> Tax {
    if provider.currency == "CNY" {
        Tax {
            included: true,
            rate: Some(Decimal::new(6, 2)),
            note: Some(
                "China-site CNY list price, including 6 % VAT on cloud services (synthetic).".to_string(),
            ),
        }
    } else {
        Tax {
            included: false,
            rate: None,
            note: Some(
                "USD list price, net of tax: the vendor adds sales tax or VAT by the buyer's location (synthetic)."
                    .to_string(),
            ),
        }
    }
}

fn region_file(provider: &'static Provider, region: &str, budget: usize) -> PriceFile {
    let mut offerings = Vec::new();
    let mut left = budget;
    for (i, (sku, cents)) in provider.storage.iter().enumerate() {
        if left == 0 {
            break;
        }
        offerings.push(storage(provider, region, sku, *cents, i));
        left = left.saturating_sub(1);
    }
    if left > 0 {
        offerings.push(egress(provider, region));
        left = left.saturating_sub(1);
    }
    let per_compute = if provider.convertible { SCHEDULES_PER_AWS_COMPUTE } else { SCHEDULES_PER_COMPUTE };
    let mut k = 0u64;
    while left > 0 {
        let take = left.min(per_compute);
        offerings.push(compute(provider, region, k, take));
        left = left.saturating_sub(take);
        k = k.saturating_add(1);
    }
    PriceFile {
        schema: Some("../../schema/price-file.schema.json".to_string()),
        title: format!("{} in {region} (synthetic, for the P5 benchmark)", provider.display),
        publisher: format!("Breakeven's bulk generator (shaped like {}'s price list)", provider.display),
        currency: provider.currency.parse().unwrap_or_else(|_| Currency::usd()),
        reviewed: price_date(),
        source: provider.source.replace("{}", region),
        tax: Some(tax(provider)),
        notes: Some(
            "Synthetic prices generated by `cargo run --release --example bulk_catalog` for the \
             catalogue-scale benchmark; not real prices. Do not commit."
                .to_string(),
        ),
        offerings,
        pue_presets: Vec::new(),
    }
}

fn market(provider: &Provider, region: &str) -> Market {
    if provider.name == "alibaba" && region.starts_with("cn-") && region != "cn-hongkong" {
        Market::China
    } else {
        Market::Global
    }
}

fn schedule(option: PurchaseOption, billing: Billing, unit: Unit) -> PriceSchedule {
    PriceSchedule {
        purchase_option: option,
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

fn region_factor(provider: &Provider, region: &str) -> u64 {
    let seed = region.bytes().fold(provider.share as u64, |h, b| mix(h ^ u64::from(b)));
    100u64.saturating_add(seed % 36)
}

fn storage(provider: &Provider, region: &str, sku: &str, ten_thousandths: i64, i: usize) -> Offering {
    let factor = i64::try_from(region_factor(provider, region)).unwrap_or(100);
    let mut od = schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::GibMonth);
    od.unit_price = Some(Decimal::new(ten_thousandths.saturating_mul(factor), 6).normalize());
    Offering {
        id: format!("{}/{}/{region}/{sku}", provider.name, "storage"),
        name: format!("{} {sku} block storage ({region})", provider.display),
        name_zh: None,
        provider: provider.name.to_string(),
        category: Category::Storage,
        region: Some(region.to_string()),
        market: Some(market(provider, region)),
        description: (i == 0)
            .then(|| "General-purpose block storage, per GiB-month provisioned.".to_string()),
        specs: Specs::default(),
        hardware: None,
        labor: None,
        sizing: Vec::new(),
        provenance: provenance(provider, region),
        prices: vec![od],
    }
}

fn egress(provider: &Provider, region: &str) -> Offering {
    let mut od = schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::Gib);
    let tier = |up_to: Option<i64>, price: i64| Tier {
        up_to: up_to.map(Decimal::from),
        unit_price: Some(Decimal::new(price, 3)),
        flat_fee: None,
        name: None,
    };
    od.tier_mode = Some(TierMode::Graduated);
    od.tiers = vec![tier(Some(100), 0), tier(Some(10_240), 90), tier(Some(51_200), 85), tier(None, 70)];
    Offering {
        id: format!("{}/egress/{region}/internet", provider.name),
        name: format!("{} data transfer out to the internet ({region})", provider.display),
        name_zh: None,
        provider: provider.name.to_string(),
        category: Category::Network,
        region: Some(region.to_string()),
        market: Some(market(provider, region)),
        description: None,
        specs: Specs::default(),
        hardware: None,
        labor: None,
        sizing: Vec::new(),
        provenance: provenance(provider, region),
        prices: vec![od],
    }
}

/// The `k`-th compute offering of a region, with the first `take` of its seven schedules.
fn compute(provider: &Provider, region: &str, k: u64, take: usize) -> Offering {
    // Mixed radix: family, size, OS, tenancy, software; beyond every combination, a generation suffix.
    let radix = |n: usize| u64::try_from(n.max(1)).unwrap_or(1);
    let mut rest = k;
    let mut digit = |n: usize| {
        let d = rest.checked_rem(radix(n)).unwrap_or(0);
        rest = rest.checked_div(radix(n)).unwrap_or(0);
        usize::try_from(d).unwrap_or(0)
    };
    let family = &provider.families[digit(provider.families.len())];
    let (size, vcpu) = provider.sizes[digit(provider.sizes.len())];
    let (os, os_extra) = SYSTEMS[digit(SYSTEMS.len())];
    let (tenancy, tenancy_pct) = TENANCIES[digit(TENANCIES.len())];
    let (software, software_extra) = SOFTWARE[digit(SOFTWARE.len())];
    let generation = rest;

    let type_name =
        if family.0.contains("{}") { family.0.replace("{}", size) } else { format!("{}.{size}", family.0) };
    let mut sku = format!("{type_name}.{os}");
    for part in [if tenancy == "shared" { "" } else { tenancy }, software] {
        if !part.is_empty() {
            sku.push('.');
            sku.push_str(part);
        }
    }
    if generation > 0 {
        sku.push_str(&format!(".g{generation}"));
    }

    // On demand, in millionths an hour, rounded to 1/10,000.
    let per_vcpu = family.2.saturating_add(os_extra).saturating_add(software_extra);
    let jitter = 97u64.saturating_add(mix(k ^ (region.len() as u64)) % 7);
    let hourly = percent(
        percent(
            percent(per_vcpu.saturating_mul(u64::from(vcpu)), region_factor(provider, region)),
            tenancy_pct,
        ),
        jitter,
    );
    let hourly = round_down(hourly, 100);
    let mut prices = Vec::with_capacity(take);
    let mut od = schedule(PurchaseOption::OnDemand, Billing::Usage, Unit::Hour);
    od.unit_price = Some(micros(hourly));
    prices.push(od);
    let commitments: &[(Option<Commitment>, u64)] =
        if provider.convertible { &[(None, 0), (Some(Commitment::Convertible), 8)] } else { &[(None, 0)] };
    let terms = commitments.iter().flat_map(|c| TERMS.iter().map(move |t| (c, t)));
    for ((commitment, dearer), (option, payment, share, upfront_pct)) in terms {
        let hours: u64 = if *option == PurchaseOption::Reserved1y { 8_760 } else { 26_280 };
        let effective = percent(hourly, share.saturating_add(*dearer));
        let mut s = schedule(*option, Billing::Monthly, Unit::Hour);
        s.payment = Some(*payment);
        s.commitment = *commitment;
        s.term_months = Some(if *option == PurchaseOption::Reserved1y { 12 } else { 36 });
        s.unit_price = Some(micros(round_down(percent(effective, 100u64.saturating_sub(*upfront_pct)), 100)));
        if *upfront_pct > 0 {
            s.upfront =
                Some(micros(round_down(percent(effective.saturating_mul(hours), *upfront_pct), 10_000)));
        }
        prices.push(s);
    }
    prices.truncate(take);

    let memory = u64::from(vcpu).saturating_mul(u64::from(family.1));
    Offering {
        id: format!("{}/{}/{region}/{sku}", provider.name, provider.product),
        name: format!("{} {type_name} {os} {tenancy} ({region})", provider.display),
        name_zh: None,
        provider: provider.name.to_string(),
        category: Category::Compute,
        region: Some(region.to_string()),
        market: Some(market(provider, region)),
        description: None,
        specs: Specs {
            vcpu: Some(vcpu),
            memory_gib: Some(Decimal::from(memory)),
            storage_gib: None,
            architecture: Some(family.3.to_string()),
            form_factor: None,
            extra: std::collections::BTreeMap::new(),
        },
        hardware: None,
        labor: None,
        sizing: Vec::new(),
        provenance: provenance(provider, region),
        prices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_schedules_asked_for_with_unique_ids() {
        for total in [0, 1, 10, 999, 10_000] {
            let files = price_files(total);
            let count: usize = files.iter().flat_map(|(_, f)| &f.offerings).map(|o| o.prices.len()).sum();
            assert_eq!(count, total);
            let mut ids: Vec<&str> =
                files.iter().flat_map(|(_, f)| &f.offerings).map(|o| o.id.as_str()).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n, "ids are unique");
        }
    }

    #[test]
    fn deterministic() {
        let a = source_files(2_000).expect("serialises");
        let b = source_files(2_000).expect("serialises");
        assert!(a.iter().zip(&b).all(|(x, y)| x.path == y.path && x.bytes == y.bytes));
    }
}
