//! The compact comparison: everything but the monthly and yearly series, for portals that show totals,
//! ranking and line items. At 60 months it is under half the full answer (line items and their
//! provenance stay); at 240 months, where the series are most of a megabyte, far less.

use crate::engine::{
    BreakEven, CategoryTotals, Comparison, LineItem, NatureTotals, Payback, Ranking, Totals, Warning,
};
use crate::money::Currency;
use crate::scenario::paths::StageRun;
use crate::scenario::{OptionKind, TaxBasis, YearMonth};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

/// `Comparison` without `options[].monthly` and `options[].yearly` (`view=compact`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CompactComparison {
    pub catalog_version: String,
    pub currency: Currency,
    pub start: YearMonth,
    pub horizon_months: u32,
    pub discount_rate: Decimal,
    pub monthly_discount_rate: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<Decimal>,
    pub tax_basis: TaxBasis,
    pub options: Vec<CompactOption>,
    pub ranking: Ranking,
    pub break_even: Vec<BreakEven>,
    pub payback: Vec<Payback>,
    pub warnings: Vec<Warning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<crate::engine::RiskSummary>,
}

/// One option's totals and line items (closed: a full option, with its series, is not one).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompactOption {
    pub name: String,
    pub kind: OptionKind,
    pub totals: Totals,
    pub by_category: Vec<CategoryTotals>,
    pub by_nature: Vec<NatureTotals>,
    /// A path's stages and when each ran (absent for a plain option).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageRun>,
    pub line_items: Vec<LineItem>,
}

impl CompactComparison {
    pub fn of(c: &Comparison) -> Self {
        CompactComparison {
            catalog_version: c.catalog_version.clone(),
            currency: c.currency.clone(),
            start: c.start,
            horizon_months: c.horizon_months,
            discount_rate: c.discount_rate,
            monthly_discount_rate: c.monthly_discount_rate,
            tax_rate: c.tax_rate,
            tax_basis: c.tax_basis,
            options: c
                .options
                .iter()
                .map(|o| CompactOption {
                    name: o.name.clone(),
                    kind: o.kind,
                    totals: o.totals.clone(),
                    by_category: o.by_category.clone(),
                    by_nature: o.by_nature.clone(),
                    stages: o.stages.clone(),
                    line_items: o.line_items.clone(),
                })
                .collect(),
            ranking: c.ranking.clone(),
            break_even: c.break_even.clone(),
            payback: c.payback.clone(),
            warnings: c.warnings.clone(),
            risk: c.risk.clone(),
        }
    }
}
