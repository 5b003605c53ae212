//! The rules a price book must pass before anyone prices anything with it.
//!
//! Each rule adds a `Problem` (`file › offering id › field: message`); nothing stops at the first.

use super::attributes::{self, AttributeFile};
use super::model::{
    Basis, Category, FxFile, Inclusion, Offering, PriceFile, PriceSchedule, Provenance, PurchaseOption, Tax,
    TierMode, Unit,
};
use crate::money::Currency;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One thing wrong with the data, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub offering: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn file(file: &str, message: String) -> Self {
        Problem { file: file.to_string(), offering: None, field: None, message }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(id) = &self.offering {
            write!(f, " › {id}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " › {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Collects problems for one offering (or one file) with its location filled in.
struct Report<'a> {
    file: &'a str,
    offering: Option<&'a str>,
    problems: &'a mut Vec<Problem>,
}

impl Report<'_> {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            offering: self.offering.map(str::to_string),
            field: Some(field.into()),
            message: message.into(),
        });
    }
}

/// Checks every price file, and the rules that span files (duplicate ids, FX coverage).
pub fn price_files(files: &[(String, PriceFile)], fx: &FxFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut pue_ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut currencies_in_use: BTreeMap<Currency, (String, String)> = BTreeMap::new();

    for (path, file) in files {
        let mut header = Report { file: path, offering: None, problems: &mut problems };
        if file.title.trim().is_empty() {
            header.add("title", "must not be empty");
        }
        check_url(&mut header, "source", &file.source);
        match &file.tax {
            None => header.add(
                "tax",
                "required: say whether the file's prices include VAT or sales tax, e.g. {\"included\": true, \"rate\": \"0.06\"} or {\"included\": false}",
            ),
            Some(tax) => check_tax(&mut header, "tax", tax),
        }
        for (i, preset) in file.pue_presets.iter().enumerate() {
            let field = format!("pue_presets[{i}]");
            if preset.pue < Decimal::ONE {
                header.add(format!("{field}.pue"), "a PUE is total facility power ÷ IT power, so at least 1");
            }
            check_provenance(&mut header, &format!("{field}.provenance"), &preset.provenance);
            if let Some(other) = pue_ids.insert(&preset.id, path) {
                header.add(
                    format!("{field}.id"),
                    format!("duplicate PUE preset id `{}` (also in {other})", preset.id),
                );
            }
        }

        for offering in &file.offerings {
            let mut report = Report { file: path, offering: Some(&offering.id), problems: &mut problems };
            if let Some(other) = first_seen.insert(&offering.id, path) {
                report.add("id", format!("duplicate id (first defined in {other})"));
            }
            check_offering(&mut report, offering);
            for (i, schedule) in offering.prices.iter().enumerate() {
                let currency = schedule.currency.clone().unwrap_or_else(|| file.currency.clone());
                currencies_in_use
                    .entry(currency)
                    .or_insert_with(|| (path.clone(), format!("{} › prices[{i}].currency", offering.id)));
            }
        }
        currencies_in_use
            .entry(file.currency.clone())
            .or_insert_with(|| (path.clone(), "currency".to_string()));
    }

    let known: BTreeSet<&Currency> = fx.rates.iter().map(|r| &r.currency).chain([&fx.base]).collect();
    for (currency, (path, field)) in &currencies_in_use {
        if !known.contains(currency) {
            problems.push(Problem {
                file: path.clone(),
                offering: None,
                field: Some(field.clone()),
                message: format!("no FX rate for {currency} in fx.json"),
            });
        }
    }
    problems
}

/// Checks `fx.json`: positive rates, each currency once, provenance on every rate.
pub fn fx_file(path: &str, fx: &FxFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report = Report { file: path, offering: None, problems: &mut problems };
    let mut seen = BTreeSet::new();
    for (i, rate) in fx.rates.iter().enumerate() {
        let field = format!("rates[{i}]");
        if rate.per_base <= Decimal::ZERO {
            report.add(format!("{field}.per_base"), "must be positive");
        }
        if rate.currency == fx.base {
            report.add(format!("{field}.currency"), "the base currency needs no rate");
        }
        if !seen.insert(&rate.currency) {
            report.add(format!("{field}.currency"), format!("duplicate rate for {}", rate.currency));
        }
        check_provenance(&mut report, &format!("{field}.provenance"), &rate.provenance);
    }
    problems
}

fn check_offering(report: &mut Report<'_>, offering: &Offering) {
    check_id(report, &offering.id);
    if offering.name.trim().is_empty() {
        report.add("name", "must not be empty");
    }
    if offering.provider.trim().is_empty() {
        report.add("provider", "must not be empty");
    } else if offering.id.split('/').next() != Some(offering.provider.as_str()) {
        report.add("provider", format!("`{}` must be the id's first segment", offering.provider));
    }
    check_provenance(report, "provenance", &offering.provenance);
    if offering.prices.is_empty() {
        report.add("prices", "an offering needs at least one price schedule");
    }
    for (i, schedule) in offering.prices.iter().enumerate() {
        check_schedule(report, &format!("prices[{i}]"), schedule);
        let basis = schedule.provenance.as_ref().unwrap_or(&offering.provenance).basis;
        if basis == Basis::Estimate && schedule.range.is_none() {
            report.add(
                format!("prices[{i}].range"),
                "an `estimate` states its range (\"range\": {\"low\", \"high\", \"method\"}, factors of the price)",
            );
        }
        let twin = offering.prices[..i].iter().position(|s| {
            s.purchase_option == schedule.purchase_option
                && s.payment == schedule.payment
                && s.commitment == schedule.commitment
                && s.unit == schedule.unit
        });
        if let Some(j) = twin {
            report.add(
                format!("prices[{i}]"),
                format!("same purchase_option, payment, commitment and unit as prices[{j}]: give each a distinct `payment` or `commitment` so a component can choose"),
            );
        }
    }
    check_category_needs(report, offering);
    for (i, guide) in offering.sizing.iter().enumerate() {
        let field = format!("sizing[{i}]");
        if guide.nodes == 0 || guide.vcpu_per_node == 0 || guide.memory_gib_per_node <= Decimal::ZERO {
            report.add(&field, "nodes, vcpu_per_node and memory_gib_per_node must be positive");
        }
        check_url(report, &format!("{field}.source_url"), &guide.source_url);
    }
    let sizes: Vec<u64> = offering.sizing.iter().map(|g| g.max_users).collect();
    if sizes.windows(2).any(|w| w[0] >= w[1]) {
        report.add("sizing", "rows must be in increasing max_users order");
    }
}

/// What each category needs beyond a price: power and life for hardware, on-cost for labour.
fn check_category_needs(report: &mut Report<'_>, offering: &Offering) {
    match offering.category {
        Category::Hardware => match &offering.hardware {
            None => report.add("hardware", "hardware needs power_typical_watts, power_max_watts, rack_units, useful_life_years and support_rate"),
            Some(hw) => {
                if hw.power_typical_watts <= Decimal::ZERO {
                    report.add("hardware.power_typical_watts", "must be positive");
                }
                if hw.power_max_watts < hw.power_typical_watts {
                    report.add("hardware.power_max_watts", "must be at least the typical draw");
                }
                if hw.useful_life_years == 0 {
                    report.add("hardware.useful_life_years", "must be at least 1");
                }
                if hw.support_rate < Decimal::ZERO || hw.support_rate > Decimal::ONE {
                    report.add("hardware.support_rate", "a yearly fraction of the purchase price, between 0 and 1");
                }
                if !offering.prices.iter().any(|s| s.purchase_option == PurchaseOption::Purchase) {
                    report.add("prices", "hardware needs a `purchase` price schedule");
                }
            }
        },
        Category::Labor => {
            match &offering.labor {
                None => report.add("labor", "a labour role needs on_cost_multiplier"),
                Some(labor) if labor.on_cost_multiplier < Decimal::ONE => {
                    report.add("labor.on_cost_multiplier", "total cost ÷ salary, so at least 1")
                }
                Some(_) => {}
            }
            if offering.prices.iter().any(|s| s.unit != Unit::FteYear) {
                report.add("prices", "labour is priced per fte_year");
            }
        }
        _ => {}
    }
    if offering.category != Category::Facilities && offering.prices.iter().any(|s| !s.includes.is_empty()) {
        report.add("prices", "only facility prices (rack space, colocation) say what they include");
    }
    if offering.hardware.is_some() && offering.category != Category::Hardware {
        report.add("hardware", "only hardware offerings carry a hardware spec");
    }
}

fn check_schedule(report: &mut Report<'_>, field: &str, schedule: &PriceSchedule) {
    let amounts = [
        ("unit_price", schedule.unit_price),
        ("base_fee", schedule.base_fee),
        ("upfront", schedule.upfront),
        ("included_quantity", schedule.included_quantity),
        ("min_quantity", schedule.min_quantity),
        ("max_quantity", schedule.max_quantity),
    ];
    for (name, value) in amounts {
        if value.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) {
            report.add(format!("{field}.{name}"), "must not be negative");
        }
    }
    if schedule.block_size.is_some_and(|b| b <= Decimal::ZERO) {
        report.add(format!("{field}.block_size"), "must be positive");
    }
    if let (Some(min), Some(max)) = (schedule.min_quantity, schedule.max_quantity) {
        if min > max {
            report.add(format!("{field}.min_quantity"), format!("{min} is above max_quantity {max}"));
        }
    }
    let has_price = schedule.unit_price.is_some()
        || schedule.base_fee.is_some()
        || schedule.upfront.is_some()
        || !schedule.tiers.is_empty();
    if !has_price {
        report.add(field, "no price: give unit_price, base_fee, upfront or tiers");
    }
    check_tiers(report, field, schedule);
    let is_term = matches!(schedule.purchase_option, PurchaseOption::Reserved1y | PurchaseOption::Reserved3y);
    if is_term {
        let expected = if schedule.purchase_option == PurchaseOption::Reserved1y { 12 } else { 36 };
        if schedule.term_months != Some(expected) {
            report.add(
                format!("{field}.term_months"),
                format!("a {} term is {expected} months", schedule.purchase_option.as_str()),
            );
        }
        if schedule.payment.is_none() {
            report.add(
                format!("{field}.payment"),
                "a reserved term says how it is paid (no_upfront, partial_upfront, all_upfront)",
            );
        }
    } else if let Some(commitment) = schedule.commitment {
        report.add(
            format!("{field}.commitment"),
            format!("`{}` applies to reserved_1y/reserved_3y terms only", commitment.as_str()),
        );
    }
    if schedule.billing == super::model::Billing::AnnualUpfront && schedule.term_months.is_none() {
        report.add(format!("{field}.term_months"), "annual_upfront billing needs term_months (12)");
    }
    if let Some(provenance) = &schedule.provenance {
        check_provenance(report, &format!("{field}.provenance"), provenance);
    }
    if let Some(tax) = &schedule.tax {
        check_tax(report, &format!("{field}.tax"), tax);
    }
    if let Some(range) = &schedule.range {
        check_range(report, &format!("{field}.range"), range);
    }
    check_inclusions(report, field, schedule);
}

/// A stated range brackets the price (low ≤ 1 ≤ high, within 0 and 10) and says how it was found.
fn check_range(report: &mut Report<'_>, field: &str, range: &super::model::PriceRange) {
    if range.low < Decimal::ZERO || range.low > Decimal::ONE {
        report.add(
            format!("{field}.low"),
            format!("{} must be between 0 and 1 (a factor of the price)", range.low),
        );
    }
    if range.high < Decimal::ONE || range.high > Decimal::TEN {
        report.add(
            format!("{field}.high"),
            format!("{} must be between 1 and 10 (a factor of the price)", range.high),
        );
    }
    if range.method.trim().is_empty() {
        report.add(format!("{field}.method"), "a range states how it was found");
    }
}

fn check_tax(report: &mut Report<'_>, field: &str, tax: &Tax) {
    for (suffix, message) in tax.problems() {
        report.add(format!("{field}{}", suffix.replace('/', ".")), message.en());
    }
}

/// `included_power_kw` belongs to a price that includes power, and is positive.
fn check_inclusions(report: &mut Report<'_>, field: &str, schedule: &PriceSchedule) {
    if let Some(kw) = schedule.included_power_kw {
        if !schedule.includes.contains(&Inclusion::Power) {
            report.add(format!("{field}.included_power_kw"), "given without `includes: [\"power\"]`");
        }
        if kw <= Decimal::ZERO {
            report.add(format!("{field}.included_power_kw"), "must be positive");
        }
    }
    let mut seen = BTreeSet::new();
    for inclusion in &schedule.includes {
        if !seen.insert(inclusion.as_str()) {
            report.add(format!("{field}.includes"), format!("`{}` listed twice", inclusion.as_str()));
        }
    }
}

fn check_tiers(report: &mut Report<'_>, field: &str, schedule: &PriceSchedule) {
    if schedule.tiers.is_empty() {
        if schedule.tier_mode.is_some() {
            report.add(format!("{field}.tier_mode"), "given without tiers");
        }
        return;
    }
    if schedule.tier_mode.is_none() {
        report.add(format!("{field}.tier_mode"), "tiers need a mode: graduated, volume or package");
    }
    let last = schedule.tiers.len().saturating_sub(1);
    let mut previous: Option<Decimal> = None;
    for (i, tier) in schedule.tiers.iter().enumerate() {
        let tier_field = format!("{field}.tiers[{i}]");
        for (name, value) in
            [("unit_price", tier.unit_price), ("flat_fee", tier.flat_fee), ("up_to", tier.up_to)]
        {
            if value.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) {
                report.add(format!("{tier_field}.{name}"), "must not be negative");
            }
        }
        if tier.unit_price.is_none() && tier.flat_fee.is_none() {
            report.add(&tier_field, "a tier needs unit_price or flat_fee");
        }
        match (tier.up_to, i == last) {
            (None, false) => {
                report.add(format!("{tier_field}.up_to"), "only the last tier may be open-ended")
            }
            (Some(up_to), _) => {
                if let Some(prev) = previous {
                    if up_to <= prev {
                        report.add(format!("{tier_field}.up_to"), format!("{up_to} overlaps or precedes the previous tier's bound {prev}: tiers must ascend"));
                    }
                }
                previous = Some(up_to);
            }
            (None, true) => {}
        }
        if schedule.tier_mode == Some(TierMode::Package) && tier.flat_fee.is_none() {
            report.add(format!("{tier_field}.flat_fee"), "a package tier is a plan and needs its price");
        }
    }
}

fn check_id(report: &mut Report<'_>, id: &str) {
    let segments: Vec<&str> = id.split('/').collect();
    let well_formed = segments.len() == 4
        && segments.iter().all(|s| {
            !s.is_empty()
                && s.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '+')
                })
        });
    if !well_formed {
        report.add("id", "must be provider/product/region/sku: four lower-case segments of a-z 0-9 . _ - +");
    }
    // Requests may carry ids of at most this length: a longer one could never be asked for.
    if id.len() > super::MAX_ID_LENGTH {
        report.add("id", format!("at most {} characters", super::MAX_ID_LENGTH));
    }
}

fn check_url(report: &mut Report<'_>, field: &str, url: &str) {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        report.add(field, format!("`{url}` is not an http(s) URL"));
    }
}

fn check_provenance(report: &mut Report<'_>, field: &str, provenance: &Provenance) {
    check_url(report, &format!("{field}.source_url"), &provenance.source_url);
    let basis = provenance.basis.as_str();
    let blank = |text: &Option<String>| text.as_deref().is_none_or(|n| n.trim().is_empty());
    if matches!(provenance.basis, Basis::Derived | Basis::Estimate) && blank(&provenance.note) {
        let what = if provenance.basis == Basis::Derived { "its formula" } else { "its method and range" };
        report.add(format!("{field}.note"), format!("a `{basis}` figure must state {what}"));
    }
    match provenance.basis {
        Basis::ThirdParty if blank(&provenance.copied_by) => report.add(
            format!("{field}.copied_by"),
            "a `third_party` figure must name who made the copy of the vendor's list",
        ),
        Basis::VendorList | Basis::Statistic | Basis::Quote | Basis::Estimate if provenance.copied_by.is_some() => {
            report.add(
                format!("{field}.copied_by"),
                format!("only a copy (`third_party`, or `derived` from one) names who made it, not a `{basis}` figure"),
            )
        }
        _ => {}
    }
    match provenance.price_date {
        Some(date) if date > provenance.retrieved => report.add(
            format!("{field}.price_date"),
            format!("{date} is after the day the source was read ({})", provenance.retrieved),
        ),
        None if provenance.basis == Basis::Statistic => {
            report.add(format!("{field}.price_date"), "a statistic always covers a period: give its date")
        }
        _ => {}
    }
}

/// Checks every attribute file against the offerings it describes (`ids`): each attribute sourced
/// and dated like a price, each pattern matching an offering, each profile id and pattern used once.
pub fn attribute_files(files: &[(String, AttributeFile)], ids: &BTreeSet<&str>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut profile_ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut patterns: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, file) in files {
        let mut header = Report { file: path, offering: None, problems: &mut problems };
        if file.title.trim().is_empty() {
            header.add("title", "must not be empty");
        }
        for (i, profile) in file.profiles.iter().enumerate() {
            let mut report = Report { file: path, offering: None, problems: &mut problems };
            let field = format!("profiles[{i}]");
            if let Some(other) = profile_ids.insert(&profile.id, path) {
                report.add(
                    format!("{field}.id"),
                    format!("duplicate profile id `{}` (also in {other})", profile.id),
                );
            }
            for (j, pattern) in profile.applies_to.iter().enumerate() {
                if let Some(other) = patterns.insert(pattern, &profile.id) {
                    report.add(
                        format!("{field}.applies_to[{j}]"),
                        format!("`{pattern}` is also profile `{other}`'s: one profile per pattern, so it is clear which one wins"),
                    );
                }
                if !ids.iter().any(|id| attributes::covers(pattern, id)) {
                    report.add(
                        format!("{field}.applies_to[{j}]"),
                        format!("`{pattern}` matches no offering (an exact id, or a prefix ending in `/`)"),
                    );
                }
            }
            check_profile(&mut report, &field, profile);
        }
    }
    problems
}

fn check_profile(report: &mut Report<'_>, field: &str, profile: &attributes::Profile) {
    let well_formed = !profile.id.is_empty()
        && profile.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c));
    if !well_formed {
        report.add(format!("{field}.id"), "lower-case a-z 0-9 . _ - / only");
    }
    if profile.applies_to.is_empty() {
        report.add(format!("{field}.applies_to"), "name at least one offering id or id prefix");
    }
    if profile.name.trim().is_empty() {
        report.add(format!("{field}.name"), "must not be empty");
    }
    let attributes = &profile.attributes;
    let field = &format!("{field}.attributes");
    let stated = attributes.vendor.is_some()
        || attributes.support.is_some()
        || attributes.sla.is_some()
        || attributes.residency.is_some()
        || !attributes.certifications.is_empty()
        || attributes.deployment.is_some()
        || attributes.exit.is_some()
        || !attributes.features.is_empty();
    if !stated {
        report.add(field, "states no attribute");
    }
    if let Some(vendor) = &attributes.vendor {
        let at = format!("{field}.vendor");
        if vendor.company.trim().is_empty() {
            report.add(format!("{at}.company"), "must not be empty");
        }
        check_place(report, &format!("{at}.headquarters"), &vendor.headquarters, false);
        check_provenance(report, &format!("{at}.provenance"), &vendor.provenance);
    }
    if let Some(support) = &attributes.support {
        check_support(report, &format!("{field}.support"), support);
    }
    if let Some(sla) = &attributes.sla {
        check_sla(report, &format!("{field}.sla"), sla);
    }
    if let Some(residency) = &attributes.residency {
        check_residency(report, &format!("{field}.residency"), residency);
    }
    for (i, certification) in attributes.certifications.iter().enumerate() {
        check_certification(report, &format!("{field}.certifications[{i}]"), certification);
    }
    if let Some(deployment) = &attributes.deployment {
        check_deployment(report, &format!("{field}.deployment"), deployment);
    }
    if let Some(exit) = &attributes.exit {
        check_provenance(report, &format!("{field}.exit.provenance"), &exit.provenance);
    }
    for (feature, value) in &attributes.features {
        check_provenance(
            report,
            &format!("{field}.features.{}.provenance", feature.as_str()),
            &value.provenance,
        );
    }
}

fn check_support(report: &mut Report<'_>, at: &str, support: &attributes::Support) {
    for (i, language) in support.languages.iter().enumerate() {
        let (primary, region) = language.split_once('-').unwrap_or((language, ""));
        let ok = (2..=3).contains(&primary.len())
            && primary.chars().all(|c| c.is_ascii_lowercase())
            && region.chars().all(|c| c.is_ascii_alphanumeric());
        if !ok {
            report.add(
                format!("{at}.languages[{i}]"),
                format!("`{language}` is not a BCP 47 tag such as `zh` or `en`"),
            );
        }
    }
    for (i, tier) in support.tiers.iter().enumerate() {
        if tier.name.trim().is_empty() {
            report.add(format!("{at}.tiers[{i}].name"), "must not be empty");
        }
        if tier.first_response_hours.is_some_and(|h| h <= Decimal::ZERO) {
            report.add(format!("{at}.tiers[{i}].first_response_hours"), "must be positive");
        }
    }
    check_provenance(report, &format!("{at}.provenance"), &support.provenance);
}

fn check_sla(report: &mut Report<'_>, at: &str, sla: &attributes::Sla) {
    let hundred = Decimal::ONE_HUNDRED;
    let percent = |d: Decimal| d > Decimal::ZERO && d <= hundred;
    match (sla.published, sla.availability_percent) {
        (true, None) => {
            report.add(format!("{at}.availability_percent"), "required when the SLA is published")
        }
        (true, Some(p)) if !percent(p) => report.add(
            format!("{at}.availability_percent"),
            format!("{p} is not a percentage above 0 and at most 100"),
        ),
        (false, Some(_)) => report.add(
            format!("{at}.availability_percent"),
            "an SLA that is not published has no availability: leave it out",
        ),
        _ => {}
    }
    if !sla.published && !sla.credits.is_empty() {
        report.add(format!("{at}.credits"), "an SLA that is not published has no service credits");
    }
    for (i, credit) in sla.credits.iter().enumerate() {
        if !percent(credit.below_percent) || !percent(credit.credit_percent) {
            report.add(
                format!("{at}.credits[{i}]"),
                "below_percent and credit_percent are percentages above 0, at most 100",
            );
        }
    }
    check_provenance(report, &format!("{at}.provenance"), &sla.provenance);
}

fn check_residency(report: &mut Report<'_>, at: &str, residency: &attributes::Residency) {
    use attributes::ResidencyChoice;
    match (residency.choice, residency.stored_in.is_empty()) {
        (ResidencyChoice::Operator, false) => report.add(
            format!("{at}.stored_in"),
            "an operator-chosen place is the operator's to say: leave stored_in empty",
        ),
        (ResidencyChoice::Vendor | ResidencyChoice::Customer, true) if residency.options.is_empty() => report.add(
            format!("{at}.stored_in"),
            "say where the data is stored, or the places a customer may choose (ISO 3166-1 codes, `CN` for mainland China)",
        ),
        _ => {}
    }
    for (i, place) in residency.stored_in.iter().enumerate() {
        check_place(report, &format!("{at}.stored_in[{i}]"), place, true);
    }
    for (i, place) in residency.options.iter().enumerate() {
        check_place(report, &format!("{at}.options[{i}]"), place, true);
    }
    check_provenance(report, &format!("{at}.provenance"), &residency.provenance);
}

/// A place is an ISO 3166-1 alpha-2 code (`CN`: mainland China), or `EU` where allowed.
fn check_place(report: &mut Report<'_>, at: &str, place: &str, eu_allowed: bool) {
    let ok =
        place.len() == 2 && place.chars().all(|c| c.is_ascii_uppercase()) && (eu_allowed || place != "EU");
    if !ok {
        report.add(at, format!("`{place}` is not an ISO 3166-1 alpha-2 code such as `CN` or `DE`"));
    }
}

fn check_certification(report: &mut Report<'_>, at: &str, certification: &attributes::Certification) {
    if certification.standard == attributes::Standard::Mlps {
        let level = certification.level.as_deref().and_then(|l| l.parse::<u8>().ok());
        if !level.is_some_and(|l| (1..=5).contains(&l)) {
            report.add(format!("{at}.level"), "an MLPS (等保) certification states its level, 1 to 5");
        }
    }
    check_provenance(report, &format!("{at}.provenance"), &certification.provenance);
}

fn check_deployment(report: &mut Report<'_>, at: &str, deployment: &attributes::Deployment) {
    use attributes::DeploymentModel;
    if let Some(days) = &deployment.days_to_deploy {
        if days.low <= Decimal::ZERO || days.low > days.high {
            report.add(format!("{at}.days_to_deploy"), "low must be positive and at most high");
        }
    }
    let operated = matches!(deployment.model, DeploymentModel::SelfHosted | DeploymentModel::Hardware);
    if operated && deployment.operator_provides.is_empty() {
        report.add(
            format!("{at}.operator_provides"),
            "self-hosted and owned options state what the operator must provide itself",
        );
    }
    check_provenance(report, &format!("{at}.provenance"), &deployment.provenance);
}

/// The schedule rules alone, for schedules outside a price file (a price book's), at `prices[j]`.
pub fn schedules(file: &str, offering: &str, schedules: &[PriceSchedule]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report = Report { file, offering: Some(offering), problems: &mut problems };
    for (j, schedule) in schedules.iter().enumerate() {
        check_schedule(&mut report, &format!("prices[{j}]"), schedule);
    }
    problems
}
