# scenario messages (en). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Ranges
scenario-out-of-range = { $value } is out of range: must be between { $lo } and { $hi }
scenario-out-of-range-above = { $value } is out of range: must be above { $lo } and at most { $hi }
scenario-out-of-range-below = { $value } is out of range: must be at least { $lo } and below { $hi }
scenario-years-out-of-range = { $value } is out of range: must be between { $lo } and { $hi } years
scenario-months-out-of-range = { $value } is out of range: must be between { $lo } and { $hi } months
scenario-term-out-of-range = { $value } is out of range: { $lo } to { $hi }
scenario-too-long = { $length } characters: at most { $max } are allowed

## Options, components and names
scenario-exit-cost-unknown-option = no option is named `{ $name }`
scenario-no-options = at least one option is needed
scenario-too-many-options = { $count } options: at most { $max } may be compared
scenario-too-many-components = { $count } components in all: at most { $max } are allowed
scenario-name-empty = must not be empty
scenario-name-taken = { $what } is already named `{ $name }`
scenario-either-not-both = give either `{ $a }` or `{ $b }`, not both
scenario-needs-one-of = needs `{ $a }` or `{ $b }`

## Drivers and quantities
scenario-driver-name-empty = a driver needs a name
scenario-driver-no-values = needs at least one value
scenario-driver-growth-with-values = applies to `start`, not to `values_by_year`
scenario-driver-needs-start-or-values = needs `start` (with optional `annual_growth`) or `values_by_year`
scenario-driver-grows-above-limit = the driver grows to { $value } by month { $month }, above the limit { $limit }
scenario-driver-grows-beyond-range = the driver grows beyond the supported range
scenario-quantity-driver-only = applies only to a driver-derived quantity
scenario-unknown-driver-none = unknown driver `{ $name }`: the scenario defines no drivers
scenario-unknown-driver = unknown driver `{ $name }`; the scenario defines: { $known }
scenario-per-too-small = { $value } is too small: at least { $min }

## Inline prices
scenario-price-needs-amount = needs a `unit_price`, `base_fee`, `tiers` or `upfront`
scenario-tier-mode-required = required with `tiers`: graduated, volume or package
scenario-tiers-not-ascending = tiers must be in ascending order of `up_to`
scenario-tier-open-ended = only the last tier may be open-ended

## Distributions of uncertain inputs
scenario-distribution-high-below-low = { $high } is below low { $low }
scenario-distribution-mode-outside = needs low ≤ mode ≤ high ({ $low }, { $mode }, { $high })
scenario-distribution-negative = { $value } is negative
scenario-distribution-not-positive = { $value } must be above 0

## Template requests
scenario-template-unknown-market = unknown market `{ $market }`; this template has { $known }
scenario-template-unknown-driver = unknown driver; this template has { $known }
scenario-template-unknown-parameter = unknown parameter; this template has { $known }
scenario-template-not-whole = { $value } must be a whole number of { $unit }s
scenario-template-derived-overflow = arithmetic overflow in multiplication
scenario-query-not-decimal = `{ $value }` is not a decimal number
scenario-query-not-currency = `{ $value }` is not an ISO 4217 currency
scenario-query-not-months = `{ $value }` is not a whole number of months
scenario-query-not-month = `{ $value }` is not a month YYYY-MM
scenario-query-not-tax-basis = `{ $value }` is not a tax basis: `net` or `gross`
scenario-not-tax-basis = `{ $value }` is not a tax basis: expected `net` or `gross`
scenario-query-unknown-parameter = unknown parameter `{ $name }`; valid: { $valid }

## Names
scenario-facility-name = facility

## Life spans
scenario-span-month-outside = month { $month } is outside the horizon (1 to { $horizon })
scenario-span-ends-before-start = `until_month` { $until } is before `from_month` { $from }

## Paths
scenario-path-not-both = an option is either a path (`stages`) or one bundle (`components`, `facility`, `labor`), not both
scenario-too-many-stages = { $count } stages: at most { $max } in one path
scenario-another-stage = another stage
scenario-first-stage-no-switch = the first stage starts in month 1: it takes no `switch`
scenario-first-stage-no-overlap = the first stage follows no other: it takes no `overlap_months`
scenario-stage-needs-switch = every stage after the first needs a `switch` (`at_month`, or `driver` with `at_least`)
scenario-stage-sets-spans = inside a path the stage sets when this runs: leave out `from_month` and `until_month` (a migration cost may set `from_month`)
scenario-path-one-facility = at most one stage of a path may have a facility
scenario-at-least-with-driver = `at_least` goes with `driver`, not with `at_month`
scenario-at-least-required = `driver` needs `at_least`: the value at which the stage starts
scenario-stage-first = the first stage, from month 1
scenario-stage-at-month = switched to in month { $month }
scenario-stage-driver-reached = `{ $driver }` first reaches { $threshold } in month { $month }
scenario-stage-driver-never = `{ $driver }` never reaches { $threshold } within the horizon: this stage is never reached
scenario-stage-no-trigger = no switch trigger
scenario-stage-replaced-at-once = the next stage starts in this stage's first month: it never runs

## Inline prices
scenario-inline-estimate-needs-method = an estimate says how it was made: give its method and range in `source`
scenario-inline-basis = an inline price is a `quote` or an `estimate`; vendor lists, copies and statistics come from the catalogue, with their sources
scenario-switch-not-after = month { $month } is not after the previous stage's switch in month { $previous }: stages are entered in order
