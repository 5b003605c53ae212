//! Distributions of uncertain inputs: how a driver, a parameter or a setting may vary. Plain data,
//! checked here; the engine samples them (`engine::uncertainty`).

use crate::money;
use crate::text::Text;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A distribution of an uncertain input's value (`{"uniform": {"low": "100", "high": "200"}}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    Uniform(UniformDistribution),
    Triangular(TriangularDistribution),
    Normal(NormalDistribution),
    Lognormal(LognormalDistribution),
}

/// Every value from `low` to `high` equally likely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UniformDistribution {
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub low: Decimal,
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub high: Decimal,
}

/// From `low` to `high`, most likely at `mode` (the usual "min, most likely, max" of an estimate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriangularDistribution {
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub low: Decimal,
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub mode: Decimal,
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub high: Decimal,
}

/// Mean and standard deviation (draws are kept within the input's range).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NormalDistribution {
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub mean: Decimal,
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub sd: Decimal,
}

/// `median × e^(σ·Z)`: positive, skewed upwards (costs and demand that can overrun).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LognormalDistribution {
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub median: Decimal,
    #[schema(value_type = String)]
    #[schemars(with = "String")]
    pub sigma: Decimal,
}

impl Distribution {
    /// Every problem with the distribution's parameters (pointers relative to it).
    pub fn problems(&self) -> Vec<(String, Text)> {
        let mut p = Vec::new();
        match self {
            Distribution::Uniform(UniformDistribution { low, high }) if low > high => p.push((
                "/uniform/high".into(),
                t!("scenario-distribution-high-below-low", high = high, low = low),
            )),
            Distribution::Triangular(TriangularDistribution { low, mode, high })
                if !(low <= mode && mode <= high) =>
            {
                p.push((
                    "/triangular/mode".into(),
                    t!("scenario-distribution-mode-outside", low = low, mode = mode, high = high),
                ))
            }
            Distribution::Normal(NormalDistribution { sd, .. }) if sd.is_sign_negative() => {
                p.push(("/normal/sd".into(), t!("scenario-distribution-negative", value = sd)))
            }
            Distribution::Lognormal(LognormalDistribution { median, sigma }) => {
                if *median <= Decimal::ZERO {
                    p.push((
                        "/lognormal/median".into(),
                        t!("scenario-distribution-not-positive", value = median),
                    ));
                }
                if sigma.is_sign_negative() {
                    p.push(("/lognormal/sigma".into(), t!("scenario-distribution-negative", value = sigma)));
                }
            }
            _ => {}
        }
        p
    }

    /// The distribution of `factor ×` a value of this one (a relative distribution made absolute around
    /// an input's value): every location and scale figure times `factor`; a lognormal's σ is unchanged.
    pub fn scaled(&self, factor: Decimal) -> Option<Distribution> {
        let m = |x: &Decimal| money::mul(*x, factor).ok().map(|v| v.normalize());
        Some(match self {
            Distribution::Uniform(UniformDistribution { low, high }) => {
                Distribution::Uniform(UniformDistribution { low: m(low)?, high: m(high)? })
            }
            Distribution::Triangular(TriangularDistribution { low, mode, high }) => {
                Distribution::Triangular(TriangularDistribution {
                    low: m(low)?,
                    mode: m(mode)?,
                    high: m(high)?,
                })
            }
            Distribution::Normal(NormalDistribution { mean, sd }) => {
                Distribution::Normal(NormalDistribution { mean: m(mean)?, sd: m(sd)?.abs() })
            }
            Distribution::Lognormal(LognormalDistribution { median, sigma }) => {
                Distribution::Lognormal(LognormalDistribution { median: m(median)?, sigma: *sigma })
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_relative_distribution_scales_around_the_value() {
        let around = Distribution::Triangular(TriangularDistribution {
            low: dec!(0.9),
            mode: dec!(1),
            high: dec!(1.3),
        });
        assert_eq!(
            around.scaled(dec!(500)),
            Some(Distribution::Triangular(TriangularDistribution {
                low: dec!(450),
                mode: dec!(500),
                high: dec!(650)
            }))
        );
        let skewed = Distribution::Lognormal(LognormalDistribution { median: dec!(1), sigma: dec!(0.2) });
        assert_eq!(
            skewed.scaled(dec!(2)),
            Some(Distribution::Lognormal(LognormalDistribution { median: dec!(2), sigma: dec!(0.2) }))
        );
    }
}
