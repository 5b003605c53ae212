//! Pricing one quantity of one offering: the catalogue's price calculator.

use super::extract::JsonBody;
use super::problem::{ApiError, BodyErrors, CommonErrors, FieldError, Problem};
use crate::catalog::pricing::{self, PricingError};
use crate::catalog::{
    Catalog, Commitment, Offering, Payment, PriceSchedule, Provenance, PurchaseOption, Tax, Unit,
};
use crate::money::{self, round_money, Currency};
use crate::store::CatalogStore;
use crate::text::Text;
use actix_web::{post, web};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What to price.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"offering": "aws/ec2/us-east-1/m7i.xlarge", "purchase_option": "on_demand", "quantity": "730", "currency": "CNY"}))]
pub struct PriceRequest {
    /// Offering id.
    #[schema(max_length = 200)]
    pub offering: String,
    /// Which schedule; default: the offering's first.
    pub purchase_option: Option<PurchaseOption>,
    pub payment: Option<Payment>,
    /// For reserved terms: a convertible reservation or a savings plan's rate; default the standard
    /// reservation.
    pub commitment: Option<Commitment>,
    /// Quantity in the schedule's unit for one month (e.g. 730 hours, 120 users, 500 GiB).
    #[schema(value_type = String, example = "730")]
    pub quantity: Decimal,
    /// Convert the result to this currency at the catalogue's reference rate.
    pub currency: Option<Currency>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PriceQuote {
    pub catalog_version: String,
    pub offering: String,
    pub purchase_option: PurchaseOption,
    pub unit: Unit,
    #[schema(value_type = String)]
    pub quantity: Decimal,
    /// Units charged after the included quantity, minimum billing and block rounding.
    #[schema(value_type = String)]
    pub billable_units: Decimal,
    /// One billing month's charge in the schedule's currency (upfront amounts not included).
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub currency: Currency,
    /// Upfront per unit for reserved terms and purchases, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub upfront: Option<Decimal>,
    /// The amount in the requested `currency`; absent when none was asked for or it is the schedule's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted: Option<Converted>,
    pub provenance: Provenance,
    /// Whether `amount` and `upfront` include VAT or sales tax, and at what rate (as the price states it;
    /// a quote is not converted between gross and net).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Converted {
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub currency: Currency,
    /// Units of `currency` per one unit of the schedule's currency.
    #[schema(value_type = String)]
    pub rate: Decimal,
    /// The rate's price date (the older leg's; absent when undated).
    #[schema(value_type = Option<String>, format = Date)]
    pub price_date: Option<NaiveDate>,
    pub source_url: String,
}

/// Prices a monthly quantity of one offering under one of its schedules (tiers, blocks, plans and
/// included quantities applied), optionally converted to another currency.
#[utoipa::path(
    tag = "catalog",
    operation_id = "create_price_quote",
    request_body = PriceRequest,
    responses(
        (status = 200, description = "The month's charge", body = PriceQuote),
        (status = 422, description = "Unknown offering or option, quantity out of the plan's limits, or an offering id over 200 characters (`/problems/limit-exceeded`)", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors
    )
)]
#[post("/v1/prices")]
pub async fn create_price_quote(
    store: web::Data<CatalogStore>,
    body: JsonBody<PriceRequest>,
) -> Result<web::Json<PriceQuote>, ApiError> {
    Ok(web::Json(quote(&store.snapshot(), body.0)?))
}

/// The month's charge of a price request: what `POST /v1/prices` answers (the no-panic property test
/// calls it).
pub fn quote(catalog: &Catalog, request: PriceRequest) -> Result<PriceQuote, ApiError> {
    super::limits::check_length("/offering", &request.offering, crate::catalog::MAX_ID_LENGTH)?;
    let offering = find_offering(catalog, &request.offering)?;
    let schedule = find_schedule(offering, request.purchase_option, request.payment, request.commitment)?;
    let currency = schedule.currency.clone().unwrap_or_else(Currency::usd);
    let amount = pricing::charge(schedule, request.quantity).map_err(quantity_problem)?;
    let billable_units = pricing::billable_units(schedule, request.quantity).map_err(quantity_problem)?;
    let converted = request
        .currency
        .as_ref()
        .filter(|to| **to != currency)
        .map(|to| convert(catalog, amount, &currency, to))
        .transpose()?;
    Ok(PriceQuote {
        catalog_version: catalog.version.clone(),
        offering: offering.id.clone(),
        purchase_option: schedule.purchase_option,
        unit: schedule.unit,
        quantity: request.quantity,
        billable_units,
        amount: round_money(amount, &currency),
        currency,
        upfront: schedule.upfront,
        converted,
        provenance: offering.provenance_of(schedule).clone(),
        tax: schedule.tax.clone(),
    })
}

fn find_offering<'a>(catalog: &'a Catalog, id: &str) -> Result<&'a Offering, ApiError> {
    catalog.offering(id).ok_or_else(|| {
        let suggestions = catalog.suggest(id, 3);
        ApiError::unprocessable(
            t!("api-unknown-offering", id = id),
            vec![FieldError::new(
                "/offering",
                t!("api-unknown-offering-field", suggestions = suggestions.join(", ")),
            )],
        )
    })
}

fn find_schedule(
    offering: &Offering,
    option: Option<PurchaseOption>,
    payment: Option<Payment>,
    commitment: Option<Commitment>,
) -> Result<&PriceSchedule, ApiError> {
    let found = match option {
        Some(option) => offering.schedule(option, payment, commitment),
        None => offering.prices.first(),
    };
    found.ok_or_else(|| {
        let offered: Vec<&str> = offering.prices.iter().map(|s| s.purchase_option.as_str()).collect();
        ApiError::unprocessable(
            t!("api-no-such-schedule", offering = offering.id),
            vec![FieldError::new(
                "/purchase_option",
                t!("api-schedules-offered", offered = offered.join(", ")),
            )],
        )
    })
}

fn quantity_problem(e: PricingError) -> ApiError {
    ApiError::unprocessable(e.text(), vec![FieldError::new("/quantity", e.text())])
}

fn convert(
    catalog: &Catalog,
    amount: Decimal,
    from: &Currency,
    to: &Currency,
) -> Result<Converted, ApiError> {
    let problem = |e: Text| ApiError::unprocessable(e.clone(), vec![FieldError::new("/currency", e)]);
    let conversion = catalog.fx.conversion(from, to).map_err(|e| problem(e.text()))?;
    let converted = money::mul(amount, conversion.rate).map_err(|e| problem(pricing::money_text(&e)))?;
    Ok(Converted {
        amount: round_money(converted, to),
        currency: to.clone(),
        rate: conversion.rate,
        price_date: conversion.price_date,
        source_url: conversion.source_url,
    })
}
