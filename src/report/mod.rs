//! Renderers: the same results as CSV (and, later, workbooks and single numbers) for spreadsheets.
//!
//! Column names are stable keys (`rank_npv`, `unit_price`): the code finds columns by them and the
//! English header row shows them as they are. A header is rendered with [`column`], in the language of
//! the answer; the data under it (amounts, dates, ids, names, codes such as `capex`) never is.

pub mod catalog;
pub mod compact;
pub mod comparison;
pub mod csv;
pub mod examples;
pub mod scorecard;
pub mod svg;
pub mod xlsx;

use crate::text::Text;

/// The header of the column keyed `key` (its English text is the key itself); a key without a message
/// shows as it is.
pub fn column(key: &str) -> Text {
    match key {
        "after_tax_npv" => t!("report-column-after-tax-npv"),
        "base_fee" => t!("report-column-base-fee"),
        "basis" => t!("report-column-basis"),
        "billing" => t!("report-column-billing"),
        "block_size" => t!("report-column-block-size"),
        "break_even: option" => t!("report-column-break-even-option"),
        "capex" => t!("report-column-capex"),
        "cash" => t!("report-column-cash"),
        "cash_mean" => t!("report-column-cash-mean"),
        "cash_p5" => t!("report-column-cash-p5"),
        "cash_p50" => t!("report-column-cash-p50"),
        "cash_p95" => t!("report-column-cash-p95"),
        "category" => t!("report-column-category"),
        "component" => t!("report-column-component"),
        "copied_by" => t!("report-column-copied-by"),
        "cumulative_cash" => t!("report-column-cumulative-cash"),
        "cumulative_npv" => t!("report-column-cumulative-npv"),
        "currency" => t!("report-column-currency"),
        "depreciation" => t!("report-column-depreciation"),
        "detail" => t!("report-column-detail"),
        "discount" => t!("report-column-discount"),
        "distribution" => t!("report-column-distribution"),
        "expense" => t!("report-column-expense"),
        "from" => t!("report-column-from"),
        "fx_rate" => t!("report-column-fx-rate"),
        "id" => t!("report-column-id"),
        "included_quantity" => t!("report-column-included-quantity"),
        "input" => t!("report-column-input"),
        "interest" => t!("report-column-interest"),
        "kind" => t!("report-column-kind"),
        "market" => t!("report-column-market"),
        "max_quantity" => t!("report-column-max-quantity"),
        "memory_gib" => t!("report-column-memory-gib"),
        "method" => t!("report-column-method"),
        "min_quantity" => t!("report-column-min-quantity"),
        "month" => t!("report-column-month"),
        "months" => t!("report-column-months"),
        "name" => t!("report-column-name"),
        "nature" => t!("report-column-nature"),
        "net_cash" => t!("report-column-net-cash"),
        "note" => t!("report-column-note"),
        "npv" => t!("report-column-npv"),
        "npv_difference" => t!("report-column-npv-difference"),
        "npv_mean" => t!("report-column-npv-mean"),
        "npv_p5" => t!("report-column-npv-p5"),
        "npv_p50" => t!("report-column-npv-p50"),
        "npv_p95" => t!("report-column-npv-p95"),
        "offering" => t!("report-column-offering"),
        "opex" => t!("report-column-opex"),
        "option" => t!("report-column-option"),
        "p10" => t!("report-column-p10"),
        "p50" => t!("report-column-p50"),
        "p90" => t!("report-column-p90"),
        "payment" => t!("report-column-payment"),
        "period" => t!("report-column-period"),
        "point_month" => t!("report-column-point-month"),
        "point_npv" => t!("report-column-point-npv"),
        "pointer" => t!("report-column-pointer"),
        "present_value" => t!("report-column-present-value"),
        "price_currency" => t!("report-column-price-currency"),
        "price_date" => t!("report-column-price-date"),
        "probability_cheapest" => t!("report-column-probability-cheapest"),
        "probability_never" => t!("report-column-probability-never"),
        "provider" => t!("report-column-provider"),
        "purchase_option" => t!("report-column-purchase-option"),
        "quantity_first" => t!("report-column-quantity-first"),
        "quantity_last" => t!("report-column-quantity-last"),
        "rank_cash" => t!("report-column-rank-cash"),
        "rank_correlation" => t!("report-column-rank-correlation"),
        "rank_npv" => t!("report-column-rank-npv"),
        "reason" => t!("report-column-reason"),
        "reference_currency" => t!("report-column-reference-currency"),
        "reference_price" => t!("report-column-reference-price"),
        "region" => t!("report-column-region"),
        "retrieved" => t!("report-column-retrieved"),
        "section" => t!("report-column-section"),
        "shape" => t!("report-column-shape"),
        "source_url" => t!("report-column-source-url"),
        "stage" => t!("report-column-stage"),
        "term_months" => t!("report-column-term-months"),
        "terminal_value" => t!("report-column-terminal-value"),
        "tier_mode" => t!("report-column-tier-mode"),
        "tiers" => t!("report-column-tiers"),
        "timing" => t!("report-column-timing"),
        "to" => t!("report-column-to"),
        "unit" => t!("report-column-unit"),
        "unit_price" => t!("report-column-unit-price"),
        "upfront" => t!("report-column-upfront"),
        "value" => t!("report-column-value"),
        "vcpu" => t!("report-column-vcpu"),
        "versus" => t!("report-column-versus"),
        "year" => t!("report-column-year"),
        other => Text::name(other),
    }
}

/// The headers of `columns`, in the current language.
pub fn headers(columns: &[&str]) -> Vec<String> {
    columns.iter().map(|key| column(key).localized()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{with_language, Language};

    #[test]
    fn english_headers_are_the_column_keys() {
        let keys = [
            comparison::SUMMARY_COLUMNS,
            comparison::MONTHLY_COLUMNS,
            comparison::YEARLY_COLUMNS,
            comparison::LINE_ITEM_COLUMNS,
            catalog::OFFERING_COLUMNS,
            xlsx::SUMMARY_COLUMNS,
            xlsx::LINE_ITEM_COLUMNS,
            xlsx::MONTHLY_COLUMNS,
            xlsx::YEARLY_COLUMNS,
            xlsx::OPTION_RANGE_COLUMNS,
            xlsx::ASSUMPTION_COLUMNS,
            xlsx::BREAK_EVEN_COLUMNS,
            xlsx::BREAK_EVEN_RANGE_COLUMNS,
            xlsx::SENSITIVITY_COLUMNS,
            xlsx::INPUT_COLUMNS,
        ];
        for columns in keys {
            for key in columns {
                let text = column(key);
                assert!(matches!(text, Text::Message { .. }), "{key} has a message");
                assert_eq!(text.en(), *key);
                let zh = with_language(Language::ZhCn, || text.localized());
                assert_ne!(zh, *key, "{key} has a Chinese header");
            }
        }
    }
}
