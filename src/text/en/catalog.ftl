# catalog messages (en): errors of catalogue queries and price resolution a request can cause. Keep ids and arguments the same in every language: tests/messages.rs checks.

## Pricing a schedule (catalog::pricing)
catalog-pricing-above-maximum = quantity { $quantity } is above the plan maximum { $max }
catalog-pricing-beyond-largest-package = quantity { $quantity } exceeds the largest package ({ $largest }) and the schedule has no overage price
catalog-pricing-negative-quantity = negative quantity { $quantity }
catalog-pricing-no-price = the schedule has neither a unit price nor tiers
catalog-arithmetic-overflow = arithmetic overflow in { $operation }
catalog-division-by-zero = division by zero in { $operation }

## Exchange rates and listings
catalog-fx-missing-rate = no exchange rate for { $currency }
catalog-cursor-mismatch = the cursor does not belong to this ordering

## Tax on a price
catalog-tax-rate-out-of-range = { $rate } is out of range: a tax rate is a fraction, at least 0 and below 1 ("0.06" for 6 %)
catalog-tax-rate-required = required when the tax is included: a gross price cannot be made net without its rate
