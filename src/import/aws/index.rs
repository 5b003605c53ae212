//! The small index files: the offer (service) index, an offer's region index (an object keyed by
//! region) and a Savings Plans region index (an array). URLs in them are relative to the host.

use super::AwsError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;

/// `/offers/v1.0/aws/index.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferIndex {
    pub publication_date: String,
    pub offers: BTreeMap<String, OfferEntry>,
}

/// One service of the offer index.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferEntry {
    pub offer_code: String,
    pub current_region_index_url: Option<String>,
    #[serde(default)]
    pub current_savings_plan_index_url: Option<String>,
}

/// An offer's `region_index.json`: `regions.<code>.currentVersionUrl`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionIndex {
    pub publication_date: String,
    pub regions: BTreeMap<String, RegionEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionEntry {
    pub region_code: String,
    pub current_version_url: String,
}

/// A Savings Plans `region_index.json`: `regions[].{regionCode, versionUrl}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavingsPlanRegionIndex {
    pub publication_date: String,
    pub regions: Vec<SavingsPlanRegionEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavingsPlanRegionEntry {
    pub region_code: String,
    pub version_url: String,
}

/// Where AWS serves the Compute (and EC2 Instance) Savings Plans region index when the offer
/// index does not say.
pub const COMPUTE_SAVINGS_PLAN_REGION_INDEX: &str =
    "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json";
/// The offer index, relative to the host.
pub const OFFER_INDEX: &str = "/offers/v1.0/aws/index.json";

pub fn parse_offer_index(reader: impl Read) -> Result<OfferIndex, AwsError> {
    serde_json::from_reader(reader).map_err(|source| AwsError::Schema { file: "offer index", source })
}

pub fn parse_region_index(reader: impl Read) -> Result<RegionIndex, AwsError> {
    serde_json::from_reader(reader).map_err(|source| AwsError::Schema { file: "region index", source })
}

pub fn parse_savings_plan_region_index(reader: impl Read) -> Result<SavingsPlanRegionIndex, AwsError> {
    serde_json::from_reader(reader)
        .map_err(|source| AwsError::Schema { file: "Savings Plans region index", source })
}

impl OfferIndex {
    /// The region-index URL of one service (`AmazonEC2`).
    pub fn region_index_url(&self, offer_code: &str) -> Result<&str, AwsError> {
        self.offers.get(offer_code).and_then(|o| o.current_region_index_url.as_deref()).ok_or_else(|| {
            AwsError::content("offer index", format!("no `{offer_code}` offer with a currentRegionIndexUrl"))
        })
    }

    /// The Savings Plans region-index URL the service names, else AWS's usual one.
    pub fn savings_plan_index_url(&self, offer_code: &str) -> &str {
        self.offers
            .get(offer_code)
            .and_then(|o| o.current_savings_plan_index_url.as_deref())
            .unwrap_or(COMPUTE_SAVINGS_PLAN_REGION_INDEX)
    }
}

impl RegionIndex {
    pub fn version_url(&self, region: &str) -> Result<&str, AwsError> {
        self.regions
            .get(region)
            .map(|r| r.current_version_url.as_str())
            .ok_or_else(|| AwsError::content("region index", format!("no region `{region}`")))
    }
}

impl SavingsPlanRegionIndex {
    pub fn version_url(&self, region: &str) -> Result<&str, AwsError> {
        self.regions
            .iter()
            .find(|r| r.region_code == region)
            .map(|r| r.version_url.as_str())
            .ok_or_else(|| AwsError::content("Savings Plans region index", format!("no region `{region}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::fs::File {
        let path = format!("{}/tests/fixtures/upstream/aws/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn real_offer_index_names_the_ec2_region_index() {
        let index = parse_offer_index(fixture("offers/v1.0/aws/index.json")).expect("parses");
        assert_eq!(index.publication_date, "2026-04-27T07:13:25Z");
        assert_eq!(
            index.region_index_url("AmazonEC2").expect("AmazonEC2"),
            "/offers/v1.0/aws/AmazonEC2/current/region_index.json"
        );
        assert!(index.region_index_url("NoSuchService").is_err());
    }

    #[test]
    fn real_region_index_is_keyed_by_region() {
        let index = parse_region_index(fixture("offers/v1.0/aws/AmazonEC2/current/region_index.json"))
            .expect("parses");
        assert_eq!(index.publication_date, "2025-05-23T23:27:44Z");
        assert_eq!(
            index.version_url("eu-central-1").expect("region"),
            "/offers/v1.0/aws/AmazonEC2/20250523232744/eu-central-1/index.json"
        );
        assert!(index.version_url("mars-1").is_err());
    }

    #[test]
    fn savings_plan_region_index_is_an_array() {
        let index = parse_savings_plan_region_index(fixture(
            "savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json",
        ))
        .expect("parses");
        assert_eq!(
            index.version_url("eu-west-1").expect("region"),
            "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20260422194203/eu-west-1/index.json"
        );
        // The offer-index shape (an object of regions) is a schema error here, and vice versa.
        assert!(matches!(
            parse_savings_plan_region_index(fixture("offers/v1.0/aws/AmazonEC2/current/region_index.json")),
            Err(AwsError::Schema { .. })
        ));
    }
}
