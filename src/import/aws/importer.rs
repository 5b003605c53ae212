//! `breakeven import aws`: offer index → AmazonEC2 region index → one regional offer file per
//! selected region (streamed), plus the Savings Plans region index and regional files.

use super::catalog::{self, Origin, VENDOR_HOST};
use super::index::{self, OFFER_INDEX};
use super::offer::parse_offer;
use super::savings::parse_savings_plans;
use super::selection::AwsSelection;
use super::AwsError;
use crate::catalog::{PriceFile, Tax};
use crate::import::{Context, ImportError, Imported, Importer, Location};
use crate::money::Currency;
use std::path::PathBuf;

pub const HELP: &str = "\
AWS Price List Bulk API → cloud/aws.json (EC2 instances, EBS volumes, data transfer out, Savings Plans).

Reads https://pricing.us-east-1.amazonaws.com (no credentials): the offer index
/offers/v1.0/aws/index.json → AmazonEC2's currentRegionIndexUrl → for each selected region its
currentVersionUrl, the regional offer file (hundreds of MB: parsed as a stream, never held whole);
and, when Savings Plans are selected, the AmazonEC2 entry's currentSavingsPlanIndexUrl (an array
of {regionCode, versionUrl}) → each region's Savings Plans file. With --from: another base URL
(a mirror, a mock) or a local directory holding the same tree (offers/v1.0/aws/index.json, …).
An offer file unchanged since the last run (ETag/Last-Modified) is not read again.

Selection file (default <data dir>/import/aws.selection.json):
  {
    \"output\": \"cloud/aws.json\",              the file written (merged into when it exists)
    \"regions\": [\"us-east-1\", …],             region codes
    \"instance_families\": [\"m6i\", …],         every size of these families
    \"instance_types\": [\"t3.micro\", …],       and these single types
    \"operating_system\": \"Linux\",             operatingSystem attribute
    \"tenancy\": \"Shared\",                     tenancy attribute (Shared, Dedicated, Host)
    \"pre_installed_sw\": \"NA\",                preInstalledSw attribute (NA = none)
    \"capacity_status\": \"Used\",               capacitystatus attribute
    \"lease_lengths\": [\"1yr\", \"3yr\"],         reserved LeaseContractLength
    \"purchase_options\": [\"No Upfront\", \"Partial Upfront\", \"All Upfront\"],
    \"offering_classes\": [\"standard\", \"convertible\"],
    \"ebs_volume_types\": [\"gp3\"],             EBS volumeApiName values (storage per GB-month)
    \"data_transfer_out\": true,               the region's internet egress tiers
    \"savings_plans\": [\"ComputeSavingsPlans\", \"EC2InstanceSavingsPlans\"]
  }
Every field but regions has the default shown (none for the lists of families, types, volumes
and plans). On demand → on_demand per hour; reserved → reserved_1y/3y with payment, the hourly
rate and the upfront fee (convertible terms marked commitment: convertible); Savings Plans →
reserved_1y/3y with commitment compute_savings_plan / instance_savings_plan (No Upfront: the
rate per hour; All/Partial Upfront: the term's hours at the rate paid upfront, all or half,
labelled derived). price_date is each file's publicationDate. Offerings and schedules the run
does not produce are kept (an import never deletes).";

/// The `aws` importer.
pub struct Aws;

/// Where the tree is: a base URL, or a local directory mirroring it.
enum Root {
    Url(String),
    Dir(PathBuf),
}

impl Root {
    fn resolve(&self, reference: &str) -> Result<Location, ImportError> {
        match self {
            // AWS's references are host-relative (`/offers/v1.0/…`): appended to the base, so a
            // mirror under a path prefix works too.
            Root::Url(base) if reference.starts_with('/') => {
                Ok(Location::Url(format!("{}{reference}", base.trim_end_matches('/'))))
            }
            Root::Url(base) => Location::Url(base.clone()).join(reference),
            Root::Dir(dir) => Ok(Location::File(dir.join(reference.trim_start_matches('/')))),
        }
    }
}

impl Importer for Aws {
    fn name(&self) -> &'static str {
        "aws"
    }

    fn default_url(&self) -> &'static str {
        VENDOR_HOST
    }

    /// Regional EC2 offer files run to several GB for the largest regions.
    fn max_body_bytes(&self) -> u64 {
        16 * 1024 * 1024 * 1024
    }

    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError> {
        let selection: AwsSelection = ctx.checked_selection(AwsSelection::check)?;
        let root = match ctx.upstream(VENDOR_HOST) {
            Location::Url(base) => Root::Url(base),
            Location::File(dir) => Root::Dir(dir),
        };
        let copy_note = ctx.copy_note(VENDOR_HOST);

        let offer_index_at = root.resolve(OFFER_INDEX)?;
        let offer_index = index::parse_offer_index(fetch(ctx, &offer_index_at)?.as_slice())
            .map_err(|e| format_error(&offer_index_at, e))?;
        let region_index_url =
            offer_index.region_index_url("AmazonEC2").map_err(|e| format_error(&offer_index_at, e))?;
        let region_index_at = root.resolve(region_index_url)?;
        let region_index = index::parse_region_index(fetch(ctx, &region_index_at)?.as_slice())
            .map_err(|e| format_error(&region_index_at, e))?;
        let savings_index = if selection.savings_plans.is_empty() {
            None
        } else {
            let at = root.resolve(offer_index.savings_plan_index_url("AmazonEC2"))?;
            let parsed = index::parse_savings_plan_region_index(fetch(ctx, &at)?.as_slice())
                .map_err(|e| format_error(&at, e))?;
            Some((at, parsed))
        };

        let mut produced = Vec::new();
        let mut read_any = false;
        for region in &selection.regions {
            let url = region_index.version_url(region).map_err(|e| format_error(&region_index_at, e))?;
            let at = root.resolve(url)?;
            let Some(reader) = ctx.open(&at, true)? else {
                ctx.progress().log(&format!("{}: not modified since the last run", at.display()));
                continue;
            };
            read_any = true;
            // `open` shows the download's progress as the parser pulls the stream.
            let extract = parse_offer(reader, &selection).map_err(|e| format_error(&at, e))?;
            ctx.progress().log(&format!(
                "{}: {} products read, {} kept",
                at.display(),
                extract.products_seen,
                extract.products_kept
            ));
            if extract.currency.as_deref().is_some_and(|c| c != "USD") {
                return Err(ImportError::format(
                    &at.display(),
                    FORMAT,
                    "prices are not in USD (the China partition is not supported)",
                ));
            }
            let origin = Origin {
                url: format!("{VENDOR_HOST}{url}"),
                retrieved: ctx.retrieved(),
                copy_note: copy_note.clone(),
            };
            let mut offerings = catalog::offerings_of(region, &extract, &origin)
                .map_err(|d| ImportError::format(&at.display(), FORMAT, d))?;
            if let Some((index_at, savings_index)) = &savings_index {
                let sp_url = savings_index.version_url(region).map_err(|e| format_error(index_at, e))?;
                let sp_at = root.resolve(sp_url)?;
                let Some(reader) = ctx.open(&sp_at, false)? else { continue };
                let plans =
                    parse_savings_plans(reader, region, &selection).map_err(|e| format_error(&sp_at, e))?;
                let origin = Origin { url: format!("{VENDOR_HOST}{sp_url}"), ..origin };
                let schedules = catalog::savings_schedules(region, &plans, &origin)
                    .map_err(|d| ImportError::format(&sp_at.display(), FORMAT, d))?;
                catalog::add_savings(&mut offerings, schedules);
            }
            produced.extend(offerings);
        }
        if !read_any {
            return Ok(Imported::NotModified);
        }

        let mut file = ctx.existing_prices(&selection.output)?.unwrap_or_else(|| new_file(ctx));
        let existing = std::mem::take(&mut file.offerings);
        file.offerings = catalog::merge(existing, produced);
        Ok(Imported::prices(&selection.output, file))
    }
}

const FORMAT: &str = "AWS Price List file";

/// A small index document, whole.
fn fetch(ctx: &mut Context<'_>, at: &Location) -> Result<Vec<u8>, ImportError> {
    Ok(ctx.fetch(at, false)?.unwrap_or_default())
}

/// An [`AwsError`] as the framework's error: read errors (truncation, size cap, a stalled
/// connection) as themselves, everything else as a wrong format naming the file.
fn format_error(at: &Location, e: AwsError) -> ImportError {
    match e {
        AwsError::Schema { source, .. } if source.is_io() => {
            ImportError::from_io(std::io::Error::from(source), &at.display())
        }
        other => ImportError::format(&at.display(), FORMAT, other.to_string()),
    }
}

fn new_file(ctx: &Context<'_>) -> PriceFile {
    PriceFile {
        schema: Some("../schema/price-file.schema.json".into()),
        title: "Amazon Web Services: EC2, EBS and data transfer out (AWS Price List Bulk API)".into(),
        publisher: "Amazon Web Services (AWS Price List Bulk API)".into(),
        currency: Currency::usd(),
        reviewed: ctx.retrieved(),
        source: format!("{VENDOR_HOST}{OFFER_INDEX}"),
        tax: Some(Tax {
            included: false,
            rate: None,
            note: Some("AWS Price List prices are net of tax: AWS adds sales tax, VAT or GST on the invoice by the buyer's location, so the rate is not known here.".into()),
        }),
        notes: None,
        offerings: Vec::new(),
        pue_presets: Vec::new(),
    }
}
