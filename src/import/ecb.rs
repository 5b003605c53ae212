//! ECB euro foreign exchange reference rates → `fx.json`.
//!
//! Reads the ECB's `eurofxref` XML: the daily file (`eurofxref-daily.xml`, one day, single-quoted
//! attributes, tab-indented) or the 90-day history (`eurofxref-hist-90d.xml`, one line, double quotes,
//! trailing zeros stripped); the newest day in the file is used. Rates must be plain decimals with a
//! point: a copy with decimal commas (`rate='1,1476'`, seen in a public 2026 file) is refused.
//!
//! The ECB quotes units of each currency per 1 EUR (`r_X`). `fx.json` quotes units per 1 unit of its
//! base `B`, so for a base other than EUR each rate is the cross rate
//! `X per B = r_X ÷ r_B` (and `EUR per B = 1 ÷ r_B`), rounded to 6 decimal places, half away from
//! zero, with `basis: derived` and the formula with its numbers in the note. With base EUR the ECB's
//! figures are copied as they are, as `statistic` (an official reference rate, not a price).

use super::{derived_provenance, provenance, Context, DataFile, ImportError, Imported, Importer};
use crate::catalog::load::FX_FILE;
use crate::catalog::Basis;
use crate::catalog::{FxFile, FxRate};
use crate::money::Currency;
use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::str::FromStr;

/// The vendor's daily file.
pub const DAILY_URL: &str = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";
/// The vendor's 90-day history.
pub const HIST_90D_URL: &str = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml";
/// The vendor's whole history (since 1999).
pub const HIST_URL: &str = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.xml";

/// Decimal places of a derived cross rate.
pub const CROSS_RATE_DP: u32 = 6;

pub const HELP: &str = "\
ECB euro foreign exchange reference rates → fx.json.

Reads https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml (no credentials), or with --from
the 90-day history (eurofxref-hist-90d.xml) or a local file of either format; the newest day in the
file is used. Rates with decimal commas are refused.

Selection file (default <data dir>/import/ecb.selection.json):
  {
    \"base\": \"USD\",                      fx.json's base: rates are units per 1 of it
    \"currencies\": [\"CNY\", \"EUR\", …]     the rates to write, in this order
  }
The ECB quotes units per 1 EUR (r_X); for a base B other than EUR each rate is the cross rate
r_X ÷ r_B (EUR: 1 ÷ r_B), rounded to 6 decimal places, half away from zero, labelled `derived` with the
formula in its note. A selected currency the ECB does not list is an error.";

/// `pricing-data/import/ecb.selection.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// The base of `fx.json`: each rate is units per 1 of it. EUR or a currency the ECB lists.
    pub base: String,
    /// The currencies written, in this order (the base itself is not listed).
    pub currencies: Vec<String>,
    /// `fx.json`'s title; default "Reference exchange rates (units per 1 <base>)".
    #[serde(default)]
    pub title: Option<String>,
}

/// One day of reference rates: units of each currency per 1 EUR.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    pub per_eur: BTreeMap<String, Decimal>,
}

const FORMAT: &str = "ECB eurofxref XML file";

/// Parses an eurofxref document (daily or history); days in file order. `source_name` is for errors.
pub fn parse(reader: impl BufRead, source_name: &str) -> Result<Vec<Day>, ImportError> {
    let bad = |detail: String| ImportError::format(source_name, FORMAT, detail);
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut days: Vec<Day> = Vec::new();
    let mut saw_envelope = false;
    let mut closed = false;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            bad(format!("XML error at byte {}: {e} (truncated or not XML?)", xml.buffer_position()))
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"Envelope" => saw_envelope = true,
                    b"Cube" => cube(e, &mut days).map_err(bad)?,
                    _ => {}
                }
            }
            Event::End(ref e) if e.local_name().as_ref() == b"Envelope" => closed = true,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_envelope {
        return Err(bad("no gesmes:Envelope element".into()));
    }
    if !closed {
        return Err(bad("the document ends before </gesmes:Envelope> (truncated)".into()));
    }
    if days.iter().all(|d| d.per_eur.is_empty()) {
        return Err(bad("no <Cube time=…> day with <Cube currency=… rate=…/> rates".into()));
    }
    if let Some(empty) = days.iter().find(|d| d.per_eur.is_empty()) {
        return Err(bad(format!("the day {} has no rates (truncated?)", empty.date)));
    }
    Ok(days)
}

/// One `<Cube>`: a day (`time`), a rate (`currency`, `rate`), or the wrapper (no attributes).
fn cube(element: &BytesStart<'_>, days: &mut Vec<Day>) -> Result<(), String> {
    let mut time = None;
    let mut currency = None;
    let mut rate = None;
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|e| format!("bad attribute in <Cube>: {e}"))?;
        let value = String::from_utf8(attribute.value.to_vec())
            .map_err(|_| "an attribute is not UTF-8".to_string())?;
        match attribute.key.local_name().as_ref() {
            b"time" => time = Some(value),
            b"currency" => currency = Some(value),
            b"rate" => rate = Some(value),
            _ => {}
        }
    }
    match (time, currency, rate) {
        (Some(time), None, None) => {
            let date = NaiveDate::parse_from_str(&time, "%Y-%m-%d")
                .map_err(|_| format!("<Cube time='{time}'>: not a YYYY-MM-DD date"))?;
            days.push(Day { date, per_eur: BTreeMap::new() });
            Ok(())
        }
        (None, Some(currency), Some(rate)) => {
            let day = days
                .last_mut()
                .ok_or_else(|| format!("the rate for {currency} is outside a <Cube time=…> day"))?;
            if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!("{}: `{currency}` is not an ISO 4217 currency code", day.date));
            }
            let value =
                parse_rate(&rate).map_err(|why| format!("{} {currency}: rate `{rate}` {why}", day.date))?;
            if day.per_eur.insert(currency.clone(), value).is_some() {
                return Err(format!("{}: {currency} is listed twice", day.date));
            }
            Ok(())
        }
        (None, None, None) => Ok(()),
        _ => Err("a <Cube> needs either time, or currency and rate".into()),
    }
}

/// A rate as the ECB writes it: digits, a point, digits; positive.
fn parse_rate(text: &str) -> Result<Decimal, &'static str> {
    if text.contains(',') {
        return Err("uses a decimal comma; ECB files use a point (this is not the ECB's file)");
    }
    let mut parts = text.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err("is not a plain decimal number");
    }
    let value = Decimal::from_str(text).map_err(|_| "is out of range")?;
    if value <= Decimal::ZERO {
        return Err("must be positive");
    }
    Ok(value)
}

/// The `fx.json` for `selection` from the newest of `days`.
///
/// `vendor_url` is the ECB file the figures come from; `copy_note` names the copy read, if any.
pub fn fx_file(
    days: &[Day],
    selection: &Selection,
    vendor_url: &str,
    retrieved: NaiveDate,
    copy_note: Option<&str>,
) -> Result<FxFile, String> {
    let day = days.iter().max_by_key(|d| d.date).ok_or("no day of rates")?;
    let base = Currency::from_str(&selection.base).map_err(|e| format!("base: {e}"))?;
    let per_eur = |code: &str| -> Result<Decimal, String> {
        day.per_eur
            .get(code)
            .copied()
            .ok_or_else(|| format!("the ECB lists no {code} rate on {} (it lists {})", day.date, listed(day)))
    };
    let base_per_eur = if base.code() == "EUR" { Decimal::ONE } else { per_eur(base.code())? };
    let with_copy = |note: String| match copy_note {
        Some(copy) => format!("{note} {copy}."),
        None => note,
    };
    let mut rates = Vec::new();
    for (i, code) in selection.currencies.iter().enumerate() {
        let currency = Currency::from_str(code).map_err(|e| format!("currencies[{i}]: {e}"))?;
        if currency == base {
            return Err(format!("currencies[{i}]: {code} is the base; it needs no rate"));
        }
        let date = day.date;
        let (per_base, provenance) = if base.code() == "EUR" {
            let rate = per_eur(currency.code())?;
            let note = copy_note.map(|c| format!("{c}."));
            (rate, provenance(Basis::Statistic, vendor_url, Some(date), retrieved, note))
        } else {
            let b = base.code();
            let (numerator, formula) = if currency.code() == "EUR" {
                (Decimal::ONE, format!("ECB euro reference rate of {date}: EUR/{b} {base_per_eur}; EUR per {b} = 1 / {base_per_eur}"))
            } else {
                let x = per_eur(currency.code())?;
                let c = currency.code();
                (x, format!("ECB euro reference rates of {date}: EUR/{c} {x} and EUR/{b} {base_per_eur}; {c} per {b} = {x} / {base_per_eur}"))
            };
            let rate = numerator
                .checked_div(base_per_eur)
                .ok_or_else(|| format!("{code}: cannot divide by the {b} rate {base_per_eur}"))?
                .round_dp_with_strategy(CROSS_RATE_DP, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            let note = with_copy(format!(
                "{formula} = {rate} (rounded to {CROSS_RATE_DP} dp, half away from zero)."
            ));
            (rate, derived_provenance(vendor_url, Some(date), retrieved, note))
        };
        rates.push(FxRate { currency, per_base, provenance });
    }
    let title = selection
        .title
        .clone()
        .unwrap_or_else(|| format!("Reference exchange rates (units per 1 {})", base.code()));
    Ok(FxFile { schema: Some("schema/fx.schema.json".into()), title, base, rates })
}

fn listed(day: &Day) -> String {
    let mut codes: Vec<&str> = day.per_eur.keys().map(String::as_str).collect();
    codes.insert(0, "EUR");
    codes.join(", ")
}

/// The ECB file a set of days comes from: one day is the daily file, up to 90 days the 90-day history.
pub fn vendor_url_for(days: &[Day]) -> &'static str {
    match days.len() {
        0 | 1 => DAILY_URL,
        2..=92 => HIST_90D_URL,
        _ => HIST_URL,
    }
}

/// The `ecb` importer.
pub struct Ecb;

impl Importer for Ecb {
    fn name(&self) -> &'static str {
        "ecb"
    }

    fn default_url(&self) -> &'static str {
        DAILY_URL
    }

    fn max_body_bytes(&self) -> u64 {
        // The whole history since 1999 is about 600 kB.
        16 * 1024 * 1024
    }

    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError> {
        let selection: Selection = ctx.selection()?;
        let upstream = ctx.upstream(DAILY_URL);
        let Some(bytes) = ctx.fetch(&upstream, true)? else {
            return Ok(Imported::NotModified);
        };
        let name = upstream.display();
        let days = parse(bytes.as_slice(), &name)?;
        let vendor_url = vendor_url_for(&days);
        let copy_note = ctx.copy_note(vendor_url);
        let fx = fx_file(&days, &selection, vendor_url, ctx.retrieved(), copy_note.as_deref())
            .map_err(|detail| ImportError::format(&name, FORMAT, detail))?;
        ctx.progress().log(&format!(
            "{name}: {} day(s), newest {}",
            days.len(),
            days.iter().map(|d| d.date).max().map(|d| d.to_string()).unwrap_or_default()
        ));
        Ok(Imported::Files(vec![(FX_FILE.to_string(), DataFile::Fx(fx))]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const DAILY: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">
\t<Cube>
\t\t<Cube time='2026-05-08'>
\t\t\t<Cube currency='USD' rate='1.1761'/>
\t\t\t<Cube currency='CNY' rate='7.9989'/>
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>";

    fn selection(base: &str, currencies: &[&str]) -> Selection {
        Selection {
            base: base.into(),
            currencies: currencies.iter().map(|c| c.to_string()).collect(),
            title: None,
        }
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn cross_rates_against_usd_match_the_hand_computed_ones() {
        let days = parse(DAILY.as_bytes(), "daily").expect("parses");
        let fx = fx_file(&days, &selection("USD", &["CNY", "EUR"]), DAILY_URL, date("2026-05-09"), None)
            .expect("converts");
        // The figures fx.json was hand-derived with: 7.9989 / 1.1761 and 1 / 1.1761.
        assert_eq!(fx.rates[0].per_base, dec!(6.801207));
        assert_eq!(fx.rates[1].per_base, dec!(0.850268));
        assert_eq!(fx.rates[0].provenance.price_date, Some(date("2026-05-08")));
        assert_eq!(fx.rates[0].provenance.retrieved, date("2026-05-09"));
        let note = fx.rates[0].provenance.note.as_deref().unwrap_or_default();
        assert!(note.contains("CNY per USD = 7.9989 / 1.1761 = 6.801207"), "{note}");
    }

    #[test]
    fn a_euro_base_copies_the_ecb_figures() {
        let days = parse(DAILY.as_bytes(), "daily").expect("parses");
        let fx =
            fx_file(&days, &selection("EUR", &["USD"]), DAILY_URL, date("2026-05-09"), None).expect("ok");
        assert_eq!(fx.rates[0].per_base, dec!(1.1761));
        assert_eq!(fx.rates[0].provenance.basis, Basis::Statistic);
    }

    #[test]
    fn decimal_commas_are_refused() {
        let altered = DAILY.replace("1.1761", "1,1761");
        let error = parse(altered.as_bytes(), "copy.xml").expect_err("a comma is no ECB decimal");
        let text = error.to_string();
        assert!(text.contains("USD: rate `1,1761` uses a decimal comma"), "{text}");
    }

    #[test]
    fn missing_currencies_and_empty_files_are_errors() {
        let days = parse(DAILY.as_bytes(), "daily").expect("parses");
        let error = fx_file(&days, &selection("USD", &["GBP"]), DAILY_URL, date("2026-05-09"), None)
            .expect_err("no GBP in the file");
        assert!(error.contains("no GBP rate on 2026-05-08"), "{error}");
        let error = parse("<html>no</html>".as_bytes(), "page").expect_err("not ECB");
        assert!(error.to_string().contains("no gesmes:Envelope"), "{error}");
        let truncated = &DAILY[..DAILY.find("<Cube currency").unwrap_or(0)];
        assert!(parse(truncated.as_bytes(), "cut").is_err());
    }

    #[test]
    fn rates_must_be_plain_positive_decimals() {
        for bad in ["", "1.", ".5", "1e3", "-1", "0", "1.2.3", " 1.2"] {
            assert!(parse_rate(bad).is_err(), "`{bad}` accepted");
        }
        assert_eq!(parse_rate("163.04"), Ok(dec!(163.04)));
        assert_eq!(parse_rate("10.7"), Ok(dec!(10.7)));
    }
}
