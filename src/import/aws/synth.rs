//! A synthetic regional EC2 offer file in AWS's real format, of any size, deterministic from a seed.
//!
//! For benchmarks (P6: offer-file import throughput and memory; P5: catalogue load at upstream scale)
//! and nothing else: the prices are invented. The layout is AWS's: pretty-printed with AWS's
//! `"key" : value` spacing, `products` keyed by SKU and then `terms.OnDemand` and `terms.Reserved`
//! keyed by SKU and offer-term code, with `priceDimensions`, `rateCode`, `beginRange`/`endRange`,
//! `unit`, `pricePerUnit.USD` as 10-decimal strings and `termAttributes`.
//!
//! Products cycle through instance families × sizes first (all Linux, shared tenancy, no
//! pre-installed software, capacity `Used`: what a selection keeps), then through the other
//! operating systems, tenancies, pre-installed software and capacity statuses (what it skips), and
//! past that through numbered copies of the families (`m6iw1.large`…), so every product is
//! distinct whatever the size. Each product has one on-demand term and the twelve reserved terms
//! (1yr/3yr × No/Partial/All Upfront × standard/convertible), as real compute products do.
//!
//! `cargo run --release --bin aws-offer-synth -- generate --size 100MB --out target/bulk/aws/ec2-100MB.json`

use std::io::{self, Write};

pub const FAMILIES: [&str; 20] = [
    "m6i", "m7i", "m7g", "m6g", "m6a", "m7a", "c6i", "c7i", "c7g", "c6a", "r6i", "r7i", "r7g", "r6a", "t3",
    "t3a", "t4g", "i4i", "x2idn", "z1d",
];
pub const SIZES: [(&str, u32); 9] = [
    ("large", 2),
    ("xlarge", 4),
    ("2xlarge", 8),
    ("4xlarge", 16),
    ("8xlarge", 32),
    ("12xlarge", 48),
    ("16xlarge", 64),
    ("24xlarge", 96),
    ("32xlarge", 128),
];
const OSES: [(&str, &str); 6] = [
    ("Linux", "RunInstances"),
    ("Windows", "RunInstances:0002"),
    ("RHEL", "RunInstances:0010"),
    ("SUSE", "RunInstances:000g"),
    ("Red Hat Enterprise Linux with HA", "RunInstances:1010"),
    ("Ubuntu Pro", "RunInstances:0g00"),
];
const TENANCIES: [(&str, &str); 3] =
    [("Shared", "BoxUsage"), ("Dedicated", "DedicatedUsage"), ("Host", "HostBoxUsage")];
const SOFTWARE: [&str; 4] = ["NA", "SQL Web", "SQL Std", "SQL Ent"];
const CAPACITY: [&str; 3] = ["Used", "UnusedCapacityReservation", "AllocatedCapacityReservation"];

/// The twelve reserved terms: (offer-term code, lease, purchase option, class, hourly share of on
/// demand in %, upfront in hours of on-demand).
const RESERVED: [(&str, &str, &str, &str, u64, u64); 12] = [
    ("4NA7Y494T4", "1yr", "No Upfront", "standard", 63, 0),
    ("HU7G6KETJZ", "1yr", "Partial Upfront", "standard", 30, 2630),
    ("6QCMYABX3D", "1yr", "All Upfront", "standard", 0, 5150),
    ("BPH4J8HBKS", "3yr", "No Upfront", "standard", 43, 0),
    ("38NPMPTW36", "3yr", "Partial Upfront", "standard", 21, 5390),
    ("NQ3QZPMQV9", "3yr", "All Upfront", "standard", 0, 10150),
    ("7NE97W5U4E", "1yr", "No Upfront", "convertible", 72, 0),
    ("CUZHX8X6JH", "1yr", "Partial Upfront", "convertible", 35, 3050),
    ("VJWZNREJX2", "1yr", "All Upfront", "convertible", 0, 5980),
    ("Z2E3P23VKM", "3yr", "No Upfront", "convertible", 50, 0),
    ("R5XV2EPZQZ", "3yr", "Partial Upfront", "convertible", 27, 7100),
    ("MZU6U2429S", "3yr", "All Upfront", "convertible", 0, 13390),
];
const ON_DEMAND: &str = "JRTCKXETXF";
const HOURLY_RATE: &str = "6YS6EN2CT7";
const UPFRONT_RATE: &str = "2TG2D8R56U";

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthSpec {
    /// Approximate size of the file in bytes (within a few per cent).
    pub target_bytes: u64,
    pub seed: u64,
    /// Region code (`us-east-1`) and its usage-type prefix (`USE1-`, empty for us-east-1).
    pub region: String,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthSummary {
    pub bytes: u64,
    pub products: u64,
}

/// The instance type of product `i` (as written in the file), and whether it is the plain
/// Linux/Shared/NA/Used variant a default selection keeps.
pub fn instance_type_of(i: u64) -> (String, bool) {
    let p = Shape::of(i);
    (p.instance_type(), p.is_plain())
}

#[derive(Debug, Clone, Copy)]
struct Shape {
    size: usize,
    family: usize,
    os: usize,
    tenancy: usize,
    software: usize,
    capacity: usize,
    wrap: u64,
}

impl Shape {
    /// Mixed radix: size fastest, then family, OS, tenancy, software, capacity, then copies.
    fn of(i: u64) -> Shape {
        let mut n = i;
        let mut digit = |radix: usize| {
            let d = (n % radix as u64) as usize;
            n /= radix as u64;
            d
        };
        let size = digit(SIZES.len());
        let family = digit(FAMILIES.len());
        let os = digit(OSES.len());
        let tenancy = digit(TENANCIES.len());
        let software = digit(SOFTWARE.len());
        let capacity = digit(CAPACITY.len());
        Shape { size, family, os, tenancy, software, capacity, wrap: n }
    }

    fn family(&self) -> String {
        match self.wrap {
            0 => FAMILIES[self.family].to_string(),
            w => format!("{}w{w}", FAMILIES[self.family]),
        }
    }

    fn instance_type(&self) -> String {
        format!("{}.{}", self.family(), SIZES[self.size].0)
    }

    fn is_plain(&self) -> bool {
        self.os == 0 && self.tenancy == 0 && self.software == 0 && self.capacity == 0
    }
}

/// splitmix64: a tiny, well-known deterministic generator (no need for a crate here).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn sku(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        let mut v = self.next();
        (0..16)
            .map(|_| {
                let c = ALPHABET[(v % ALPHABET.len() as u64) as usize] as char;
                v /= ALPHABET.len() as u64;
                if v == 0 {
                    v = self.next();
                }
                c
            })
            .collect()
    }
}

/// A price in ten-thousandths of a dollar, written as AWS does (`"0.0960000000"`).
fn price(ten_thousandths: u64) -> String {
    format!("{}.{:04}000000", ten_thousandths / 10_000, ten_thousandths % 10_000)
}

struct Product {
    sku: String,
    shape: Shape,
    /// On-demand price per hour in ten-thousandths.
    hourly: u64,
}

fn product(rng: &mut Rng, i: u64) -> Product {
    let shape = Shape::of(i);
    let vcpu = u64::from(SIZES[shape.size].1);
    // 0.024 USD per vCPU-hour ± 25 %, plus a licence surcharge for the non-Linux images.
    let per_vcpu = 180 + rng.next() % 120;
    let surcharge = [0, 460, 300, 250, 650, 35][shape.os] * vcpu / 2;
    let hourly = (per_vcpu * vcpu + surcharge) * if shape.tenancy == 0 { 1 } else { 11 }
        / if shape.tenancy == 0 { 1 } else { 10 };
    Product { sku: rng.sku(), shape, hourly }
}

fn write_product(
    w: &mut impl Write,
    p: &Product,
    spec: &SynthSpec,
    prefix: &str,
    first: bool,
) -> io::Result<()> {
    let s = &p.shape;
    let (size, vcpu) = SIZES[s.size];
    let (os, operation) = OSES[s.os];
    let (tenancy, usage) = TENANCIES[s.tenancy];
    let graviton = FAMILIES[s.family].ends_with('g') || FAMILIES[s.family] == "t4g";
    let processor = if graviton { "AWS Graviton3 Processor" } else { "Intel Xeon Platinum 8375C (Ice Lake)" };
    let separator = if first { "" } else { ",\n" };
    let instance_type = s.instance_type();
    write!(
        w,
        "{separator}    \"{sku}\" : {{\n      \"sku\" : \"{sku}\",\n      \"productFamily\" : \"Compute Instance\",\n      \"attributes\" : {{\n        \"enhancedNetworkingSupported\" : \"Yes\",\n        \"intelTurboAvailable\" : \"{turbo}\",\n        \"memory\" : \"{memory} GiB\",\n        \"dedicatedEbsThroughput\" : \"Up to 10000 Mbps\",\n        \"vcpu\" : \"{vcpu}\",\n        \"classicnetworkingsupport\" : \"false\",\n        \"capacitystatus\" : \"{capacity}\",\n        \"locationType\" : \"AWS Region\",\n        \"storage\" : \"EBS only\",\n        \"instanceFamily\" : \"General purpose\",\n        \"operatingSystem\" : \"{os}\",\n        \"intelAvx2Available\" : \"{turbo}\",\n        \"regionCode\" : \"{region}\",\n        \"physicalProcessor\" : \"{processor}\",\n        \"clockSpeed\" : \"3.5 GHz\",\n        \"ecu\" : \"NA\",\n        \"networkPerformance\" : \"Up to 12500 Megabit\",\n        \"servicename\" : \"Amazon Elastic Compute Cloud\",\n        \"gpuMemory\" : \"NA\",\n        \"vpcnetworkingsupport\" : \"true\",\n        \"instanceType\" : \"{instance_type}\",\n        \"tenancy\" : \"{tenancy}\",\n        \"usagetype\" : \"{prefix}{usage}:{instance_type}\",\n        \"normalizationSizeFactor\" : \"{nsf}\",\n        \"intelAvxAvailable\" : \"{turbo}\",\n        \"processorFeatures\" : \"AVX; AVX2; AVX512; Turbo\",\n        \"servicecode\" : \"AmazonEC2\",\n        \"licenseModel\" : \"No License required\",\n        \"currentGeneration\" : \"Yes\",\n        \"preInstalledSw\" : \"{software}\",\n        \"location\" : \"Synthetic Region\",\n        \"processorArchitecture\" : \"64-bit\",\n        \"marketoption\" : \"OnDemand\",\n        \"operation\" : \"{operation}\",\n        \"availabilityzone\" : \"NA\",\n        \"size\" : \"{size}\"\n      }}\n    }}",
        sku = p.sku,
        turbo = if graviton { "No" } else { "Yes" },
        memory = vcpu * 4,
        capacity = CAPACITY[s.capacity],
        region = spec.region,
        software = SOFTWARE[s.software],
        nsf = vcpu * 2,
    )
}

fn write_dimension(
    w: &mut impl Write,
    sku: &str,
    term: &str,
    rate: &str,
    description: &str,
    unit: &str,
    amount: &str,
) -> io::Result<()> {
    // Usage dimensions carry a range; the upfront fee (`Quantity`) has none, as in AWS's files.
    let range = if unit == "Hrs" {
        "            \"beginRange\" : \"0\",\n            \"endRange\" : \"Inf\",\n"
    } else {
        ""
    };
    write!(
        w,
        "          \"{sku}.{term}.{rate}\" : {{\n            \"rateCode\" : \"{sku}.{term}.{rate}\",\n            \"description\" : \"{description}\",\n{range}            \"unit\" : \"{unit}\",\n            \"pricePerUnit\" : {{\n              \"USD\" : \"{amount}\"\n            }},\n            \"appliesTo\" : [ ]\n          }}"
    )
}

fn write_on_demand(w: &mut impl Write, p: &Product, first: bool) -> io::Result<()> {
    let separator = if first { "" } else { ",\n" };
    let sku = &p.sku;
    write!(w, "{separator}    \"{sku}\" : {{\n      \"{sku}.{ON_DEMAND}\" : {{\n        \"offerTermCode\" : \"{ON_DEMAND}\",\n        \"sku\" : \"{sku}\",\n        \"effectiveDate\" : \"2026-11-01T00:00:00Z\",\n        \"priceDimensions\" : {{\n")?;
    let amount = price(p.hourly);
    let description = format!(
        "${} per On Demand {} {} Instance Hour",
        amount.trim_end_matches('0').trim_end_matches('.'),
        OSES[p.shape.os].0,
        p.shape.instance_type()
    );
    write_dimension(w, sku, ON_DEMAND, HOURLY_RATE, &description, "Hrs", &amount)?;
    write!(w, "\n        }},\n        \"termAttributes\" : {{ }}\n      }}\n    }}")
}

fn write_reserved(w: &mut impl Write, p: &Product, first: bool) -> io::Result<()> {
    let separator = if first { "" } else { ",\n" };
    let sku = &p.sku;
    let instance_type = p.shape.instance_type();
    writeln!(w, "{separator}    \"{sku}\" : {{")?;
    for (k, (code, lease, option, class, share, upfront_hours)) in RESERVED.iter().enumerate() {
        let comma = if k == 0 { "" } else { ",\n" };
        write!(w, "{comma}      \"{sku}.{code}\" : {{\n        \"offerTermCode\" : \"{code}\",\n        \"sku\" : \"{sku}\",\n        \"effectiveDate\" : \"2026-11-01T00:00:00Z\",\n        \"priceDimensions\" : {{\n")?;
        let hourly = price(p.hourly * share / 100);
        let description = format!("Linux/UNIX (Amazon VPC), {instance_type} reserved instance applied");
        write_dimension(w, sku, code, HOURLY_RATE, &description, "Hrs", &hourly)?;
        if *upfront_hours > 0 {
            // Whole dollars, as AWS writes upfront fees.
            let upfront = (p.hourly * upfront_hours / 10_000).max(1);
            w.write_all(b",\n")?;
            write_dimension(w, sku, code, UPFRONT_RATE, "Upfront Fee", "Quantity", &upfront.to_string())?;
        }
        write!(w, "\n        }},\n        \"termAttributes\" : {{\n          \"LeaseContractLength\" : \"{lease}\",\n          \"OfferingClass\" : \"{class}\",\n          \"PurchaseOption\" : \"{option}\"\n        }}\n      }}")?;
    }
    w.write_all(b"\n    }")
}

/// Bytes one product adds to the file (product, on-demand and reserved terms), measured on a sample.
fn bytes_per_product(spec: &SynthSpec) -> io::Result<u64> {
    let mut rng = Rng(spec.seed);
    let mut sink = Counter { inner: io::sink(), bytes: 0 };
    const SAMPLE: u64 = 64;
    for i in 0..SAMPLE {
        let p = product(&mut rng, i);
        write_product(&mut sink, &p, spec, "", false)?;
        write_on_demand(&mut sink, &p, false)?;
        write_reserved(&mut sink, &p, false)?;
    }
    Ok((sink.bytes / SAMPLE).max(1))
}

/// Writes the file to `out`.
pub fn write_offer(out: impl Write, spec: &SynthSpec) -> io::Result<SynthSummary> {
    let count = (spec.target_bytes / bytes_per_product(spec)?).max(1);
    let mut w = Counter { inner: io::BufWriter::with_capacity(1 << 20, out), bytes: 0 };
    let prefix = usage_prefix(&spec.region);
    write!(w, "{{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"SYNTHETIC benchmark data in the AWS Price List format; not AWS prices.\",\n  \"offerCode\" : \"AmazonEC2\",\n  \"version\" : \"20261101000000\",\n  \"publicationDate\" : \"2026-11-01T00:00:00Z\",\n  \"products\" : {{\n")?;
    // Three passes over the same deterministic sequence: products, then each term type.
    let mut rng = Rng(spec.seed);
    for i in 0..count {
        write_product(&mut w, &product(&mut rng, i), spec, &prefix, i == 0)?;
    }
    w.write_all(b"\n  },\n  \"terms\" : {\n    \"OnDemand\" : {\n")?;
    let mut rng = Rng(spec.seed);
    for i in 0..count {
        write_on_demand(&mut w, &product(&mut rng, i), i == 0)?;
    }
    w.write_all(b"\n    },\n    \"Reserved\" : {\n")?;
    let mut rng = Rng(spec.seed);
    for i in 0..count {
        write_reserved(&mut w, &product(&mut rng, i), i == 0)?;
    }
    w.write_all(b"\n    }\n  }\n}\n")?;
    w.flush()?;
    Ok(SynthSummary { bytes: w.bytes, products: count })
}

/// AWS's usage-type prefix for a region (`USE1-`…); us-east-1 has none. Synthetic regions get
/// their code upper-cased.
pub fn usage_prefix(region: &str) -> String {
    match region {
        "us-east-1" => String::new(),
        "eu-west-1" => "EU-".into(),
        "eu-central-1" => "EUC1-".into(),
        "us-west-2" => "USW2-".into(),
        "ap-southeast-1" => "APS1-".into(),
        "ap-northeast-1" => "APN1-".into(),
        other => format!("{}-", other.to_uppercase()),
    }
}

struct Counter<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::aws::offer::parse_offer;
    use crate::import::aws::selection::AwsSelection;

    fn generate(bytes: u64, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        let spec = SynthSpec { target_bytes: bytes, seed, region: "us-east-1".into() };
        let summary = write_offer(&mut out, &spec).expect("writes");
        assert_eq!(summary.bytes, out.len() as u64);
        out
    }

    #[test]
    fn same_seed_same_bytes_and_near_the_target_size() {
        let a = generate(300_000, 7);
        assert_eq!(a, generate(300_000, 7));
        assert_ne!(a, generate(300_000, 8));
        let ratio = a.len() as f64 / 300_000.0;
        assert!((0.9..1.1).contains(&ratio), "{} bytes", a.len());
    }

    #[test]
    fn the_importer_reads_it_and_keeps_the_plain_linux_variants() {
        let file = generate(2_000_000, 1);
        let mut selection = AwsSelection::new(&["us-east-1"], &[]);
        selection.instance_families = vec!["m6i".into(), "m7g".into()];
        let extract = parse_offer(file.as_slice(), &selection).expect("parses");
        // 9 sizes of each family; each with on-demand and all 12 reserved terms.
        assert_eq!(extract.instances.len(), 18);
        let m6i = &extract.instances["m6i.large"];
        assert!(m6i.on_demand_hourly.is_some());
        assert_eq!(m6i.reserved.len(), 12);
        assert!(m6i
            .reserved
            .iter()
            .filter(|r| r.purchase_option == "All Upfront")
            .all(|r| r.upfront.is_some()));
    }
}
