//! The two sites of the Chinese clouds' price APIs (Alibaba Cloud, Tencent Cloud, Huawei Cloud): the
//! China site, in CNY with prices taken as including 6 % VAT (增值税 on cloud services: China-site
//! prices are the amounts paid and invoiced; no API says), and the international site, in USD and
//! net of tax (added on the invoice at the buyer's country rate, not known here).

use crate::catalog::{Category, Market, Offering, PriceSchedule, Provenance, Specs, Tax};
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    China,
    Intl,
}

impl Site {
    /// The China-site or the international value of a pair (an endpoint, a product code).
    pub fn pick<T>(self, china: T, intl: T) -> T {
        match self {
            Site::China => china,
            Site::Intl => intl,
        }
    }

    pub fn currency(self) -> &'static str {
        self.pick("CNY", "USD")
    }

    pub fn market(self) -> Market {
        self.pick(Market::China, Market::Global)
    }

    /// What the site's list prices say of tax; `host` names the vendor's endpoint in the note.
    pub fn tax(self, host: &str) -> Tax {
        match self {
            Site::China => Tax {
                included: true,
                rate: Some(Decimal::new(6, 2)),
                note: Some(format!(
                    "China-site ({host}) CNY list price, taken as including 6 % VAT (增值税 on cloud services): China-site prices are the amounts paid and invoiced; the API does not say."
                )),
            },
            Site::Intl => Tax {
                included: false,
                rate: None,
                note: Some(format!(
                    "International-site ({host}) USD list price, net of tax: tax is added on the invoice at the buyer's country rate, not known here."
                )),
            },
        }
    }
}

/// A compute offering a run creates (one the file does not have yet), holding `schedules`.
pub struct NewVm<'a> {
    pub id: String,
    pub name: String,
    pub provider: &'a str,
    pub region: &'a str,
    pub site: Site,
    pub description: Option<String>,
    pub specs: Specs,
    pub provenance: Provenance,
}

impl NewVm<'_> {
    pub fn with(self, schedules: Vec<PriceSchedule>) -> Offering {
        let mut offering = Offering {
            id: self.id,
            name: self.name,
            name_zh: None,
            provider: self.provider.into(),
            category: Category::Compute,
            region: Some(self.region.to_string()),
            market: Some(self.site.market()),
            description: self.description,
            specs: self.specs,
            hardware: None,
            labor: None,
            sizing: Vec::new(),
            provenance: self.provenance,
            prices: Vec::new(),
        };
        super::merge::merge_schedules(&mut offering, schedules);
        offering
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_china_site_includes_six_percent_vat_and_the_international_one_is_net() {
        let china = Site::China.tax("bss.example");
        assert!(china.included);
        assert_eq!(china.rate, Some(Decimal::new(6, 2)));
        assert!(china.note.as_deref().unwrap_or_default().contains("bss.example"));
        let intl = Site::Intl.tax("intl.example");
        assert!(!intl.included);
        assert_eq!(intl.rate, None);
        assert_eq!((Site::China.currency(), Site::Intl.currency()), ("CNY", "USD"));
        assert_eq!(Site::Intl.market(), Market::Global);
    }
}
