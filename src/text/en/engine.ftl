# engine messages (en). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Building blocks
engine-empty = { "" }
engine-list-comma = { $first }, { $rest }
engine-list-semicolon = { $first }; { $rest }
engine-list-or = { $first } or { $rest }
engine-label-inline-price = inline price at { $pointer }
engine-label-offering = `{ $id }`
engine-space-unit-rack = rack
engine-space-unit-u = U
engine-space-unit-server = server
engine-space-units-rack = racks
engine-space-units-u = Us
engine-space-units-server = servers
engine-schedule-with-payment = { $option } (payment { $payment })
engine-schedule-with-payment-commitment = { $option } (payment { $payment }, commitment { $commitment })
engine-another-option = another option
engine-another-component = another component of this option
engine-hourly-quantity = { $instances } instances ({ $hours } hours)

## Resolving a component's price (engine::resolve, engine::prepare)
engine-unknown-offering = unknown offering `{ $id }`
engine-unknown-offering-suggest = unknown offering `{ $id }`; did you mean { $suggestions }?
engine-cannot-convert = cannot convert { $from } to { $to }: { $error } in the catalogue's exchange rates
engine-offering-or-price = give either `offering` or `price`, not both
engine-needs-offering-or-price = needs an `offering` id from the catalogue or an inline `price`
engine-payment-required = required: `{ $offering }` offers { $option } with several payments: { $options }
engine-purchase-option-required = required: `{ $offering }` has several price schedules: { $options }
engine-not-offered = `{ $offering }` is not offered as { $asked }; it offers { $options }
engine-not-offered-with-payment = `{ $offering }` is not offered as { $asked } with that payment; it offers { $options }
engine-catalog-price-no-currency = the catalogue price of `{ $offering }` names no currency
engine-no-rate-for-scenario-currency = the catalogue has no exchange rate for { $currency }: prices cannot be converted to it
engine-asset-only-purchased = applies only to purchased components (purchase_option `purchase`)
engine-one-time-only-one-time = applies only to one-time charges (a price billed `one_time` that is not a purchase)
engine-one-time-month-outside = month { $month } is outside the horizon (1 to { $horizon })
engine-commitment-no-term = the commitment price of `{ $offering }` has no term in months
engine-useful-life-required = required: `{ $offering }` has no hardware spec giving a useful life
engine-purchase-price-no-amount = the purchase price of `{ $offering }` has no amount
engine-quantity-above-limit = reaches { $quantity } in month { $month }, above the limit { $limit }
engine-quantity-above-plan-maximum = reaches { $quantity } in month { $month }, above the plan maximum { $max } of `{ $offering }`
engine-quantity-beyond-largest-plan = reaches { $quantity } in month { $month }, beyond the largest plan ({ $largest }) of `{ $offering }`, which has no overage price
engine-quantity-negative = must not be negative
engine-price-no-amount = the price of `{ $offering }` has no amount
engine-quantity-too-large-to-price = reaches { $quantity } in month { $month }, too large to price
engine-no-price-per-unit = `{ $offering }` has no price per { $units }
engine-unknown-pue-preset = unknown PUE preset `{ $id }`
engine-unknown-pue-preset-known = unknown PUE preset `{ $id }`; the catalogue has: { $known }
engine-pue-or-preset = give either `pue` or `pue_preset`, not both
engine-needs-pue = needs `pue` (e.g. "1.6") or a `pue_preset`
engine-tariff-no-suitable-unit = `{ $offering }` has no price in a suitable unit
engine-tariff-no-currency = the price of `{ $offering }` names no currency
engine-pricing-error = `{ $offering }`: { $error }
engine-months-out-of-range = { $value } is out of range: must be between 1 and { $max }

## Warnings (engine::comparison::Warning)
engine-warning-financing-beyond-horizon = `{ $component }`: a loan or lease runs past the horizon; loan balances still owed are netted from the terminal value (when credited), later lease payments are not counted
engine-warning-facility-includes-power = `{ $offering }` includes power ({ $kw } kW per { $unit }): energy is charged only for the draw beyond it
engine-warning-facility-includes-power-unlimited = `{ $offering }` includes power with no stated limit: no energy is charged on top of it
engine-warning-fx = prices in { $from } converted to { $to } at { $rate } (rate as of { $date })
engine-warning-fx-undated = prices in { $from } converted to { $to } at { $rate } (rate as of unknown)
engine-warning-stale-price = { $label } is priced as of { $date }, more than 12 months before the start
engine-warning-undated-price = { $label }: its source states no price date (read on { $retrieved }), so its age is unknown
engine-warning-estimate = { $label } is an estimate, not a published price
engine-warning-estimate-noted = { $label } is an estimate, not a published price: { $note }
engine-warning-third-party = { $label } is read from { $copier }'s copy of the vendor's price list, not from the vendor
engine-warning-third-party-unnamed = { $label } is read from a third party's copy of the vendor's price list, not from the vendor
engine-warning-statistic = { $label } is an official statistic (an average), not a quoted price
engine-warning-tax-to-net = prices including { $percent } % tax converted to net: divided by { $factor }
engine-warning-tax-to-gross = net prices converted to gross at { $percent } % tax: multiplied by { $factor }
engine-warning-tax-rate-unknown = { $label } is a net price whose tax rate is not known: it is left net in this { $basis } comparison
engine-warning-plan-limit-near = `{ $offering }`: the quantity reaches { $quantity } in month { $month }, { $percent }% of the plan maximum { $max }
engine-warning-plan-minimum-applied = `{ $offering }`: the quantity is { $quantity } in month { $month }, below the plan minimum { $min }, which is billed instead

## How a line was computed (LineItem.note)
engine-note-subscription = billed { $term } months in advance at each term start
engine-note-subscription-true-ups = billed { $term } months in advance at each term start, { $true_ups } prorated true-up(s) as the quantity rose
engine-note-commitment = { $terms } term(s) of { $term } months paid upfront, expensed over each term
engine-note-asset = { $bought } purchase(s){ $refreshes }{ $retirements }; life { $years } years
engine-note-asset-refreshes = , { $count } refresh(es) at end of life
engine-note-asset-retirements = , { $count } retirement(s) with residual value received
engine-note-one-time = paid in month { $month }
engine-note-power = Σ units × typical watts × 730 h ÷ 1000 × PUE { $pue } = kWh a month, at `{ $energy }`
engine-note-power-included-unlimited = `{ $space }` includes power with no stated limit: no energy is charged on top
engine-note-power-included = `{ $space }` includes { $kw } kW per { $unit }: only the draw beyond it, (Σ units × typical watts × 730 h ÷ 1000 − { $units } × { $kw } kW × 730 h) × PUE { $pue } kWh a month, is charged at `{ $energy }`
engine-note-labor = FTE × yearly cost ÷ 12 × on-cost multiplier { $multiplier }

## Break-even and payback
engine-break-even-never = the cumulative cash of { $option } ends above that of { $versus } ({ $option_cash } vs { $versus_cash }): no break-even within the horizon
engine-break-even-from = from month { $month } on, the cumulative cash of { $option } stays at or below that of { $versus }
engine-break-even-always = the cumulative cash of { $option } is at or below that of { $versus } in every month
engine-payback-month = the cumulative cash of { $own } is first at or below that of { $rent } in month { $month }
engine-payback-never = { $own } does not pay back against { $rent } within the horizon ({ $own_cash } vs { $rent_cash } at the end)

## Risk (engine::risk)
engine-risk-method = expected downtime hours = (1 − availability) × 730 h × months, availability from the SLA published for the option's service(s) (their product when several) or, for self-hosted and owned options, `self_hosted_availability_percent`; cost = hours × outage_cost_per_hour; exit cost as given; nominal amounts, not in the price totals
engine-availability-self-hosted-assumed = self-hosted or owned: the availability you assume (self_hosted_availability_percent)
engine-availability-self-hosted-unknown = self-hosted or owned: unknown (give self_hosted_availability_percent)
engine-availability-no-sla-published = unknown: { $offering } publishes no SLA
engine-availability-no-sla-source = unknown: { $offering } no source states an SLA
engine-availability-no-service = unknown: no service in the option
engine-availability-stage = { $stage } (months { $from }–{ $until }): { $source }
engine-availability-stages = weighted by the months each stage serves: { $parts }
engine-availability-stage-unknown = stage { $stage }: { $why }
engine-availability-sla = SLA: { $parts }

## Sweeps and tornado analyses (engine::sweep)
engine-sweep-scenario-not-editable = the scenario could not be edited: { $error }
engine-sweep-not-a-number = `{ $pointer }` is not a number the scenario states (a JSON pointer into it)
engine-sweep-not-whole = { $variable } must be a whole number, not { $value }
engine-sweep-out-of-range = { $value } is out of range for { $variable }
engine-sweep-unknown-variable = `{ $name }` is neither a driver, a parameter nor a sweepable setting ({ $settings })
engine-sweep-value-count = a sweep takes 1 to { $max } values, not { $count }
engine-sweep-values-ascending = values must be strictly ascending
engine-sweep-values-whole = { $variable } takes whole numbers
engine-sweep-method-integer = bisection between adjacent points with different cheapest options (by NPV), to the integer
engine-sweep-method-decimal = bisection between adjacent points with different cheapest options (by NPV), to 6 decimals (1e-6)
engine-range-count = need from < to and 2 to { $max } points
engine-range-log-start = a logarithmic range starts above 0
engine-range-step = need from ≤ to and a positive step
engine-range-too-many-points = more than { $max } points; use a larger step
engine-tornado-variation = { $variation } must be above 0 and below 1
engine-tornado-unknown-option = no option `{ $name }`; options: { $options }
engine-tornado-no-option = no option `{ $name }`
engine-lever-labor-cost = labour cost (every labour price)
engine-lever-energy-tariff = energy tariff (every kWh price)
engine-lever-price-level = price level of every { $category } price
engine-lever-growth = annual growth of every driver
engine-lever-discount-rate = annual discount rate
engine-lever-pue = power usage effectiveness of every facility (never below 1)
engine-lever-useful-life = useful life of every owned asset (whole years, at least 1)
engine-lever-utilization = units served per server or instance (`per` of driver-sized quantities): higher means fewer units

## Monte Carlo ranges (engine::uncertainty)
engine-distribution-invalid = { $error }

## Uncertainty: where each input's distribution comes from
engine-uncertainty-bounded = { $method }; draws kept within { $low } to { $high }
engine-uncertainty-price-factor = price factor
engine-uncertainty-requested-spread = spread ±{ $spread } for basis { $basis } (given in the request)
engine-uncertainty-stated-range = range stated with the price: { $method }
engine-uncertainty-default-spread = default spread ±{ $spread } for basis { $basis }

## Life spans
engine-asset-until-month = an owned asset cannot end mid-horizon: it is bought with `from_month` and kept to its life's end (give `asset.useful_life_years` and `asset.refresh: false` instead)
engine-one-time-month-outside-span = month { $month } is outside the component's `from_month`–`until_month`
engine-note-subscription-ends-mid-term = billed { $term } months in advance at each term start, { $true_ups } prorated true-up(s); it ends in month { $until }, inside a term paid to month { $paid_to }
engine-warning-commitment-outlives = `{ $component }` ends in month { $until }, but its reserved or committed term runs to month { $billed_to } and is billed to then: a commitment is a commitment

## Best switch month
engine-switch-no-option = no such option
engine-switch-not-a-path = `{ $option }` is not a path: it needs `stages`, two at least
engine-switch-stage-range = the stage whose start is searched: 2 to { $count } (the first stage starts in month 1)
engine-switch-method = the path priced with the switch in each month from { $first } to { $last } and without it; the cheapest taken (on a tie, never switching, else the earliest month)
engine-switch-method-none = the path priced without the switch only: the stage cannot start within the horizon, as the stage before it never does
engine-switch-range-method = the switch month searched again in each of { $draws } seeded draws (seed { $seed }) of the uncertain inputs and prices, each priced exactly; percentiles by nearest rank, never switching counted after every month; regret is what switching in the point answer's month costs over the draw's own best
