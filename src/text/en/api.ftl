# API messages (English). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Problem titles, by kind
problem-bad-request = The request is malformed
problem-invalid-body = The request is invalid
problem-unauthorized = Unauthorized
problem-forbidden = Forbidden
problem-not-found = Not found
problem-method-not-allowed = Method not allowed
problem-payload-too-large = Request body too large
problem-unsupported-media-type = Unsupported media type
problem-limit-exceeded = A request limit was exceeded
problem-too-many-requests = Too many requests
problem-not-ready = Service not ready
problem-overloaded = The server is busy
problem-internal = Internal server error

## Problem details
problem-method-not-allowed-detail = this resource allows { $allow }
problem-payload-too-large-detail = the request body must be at most { $limit } bytes
problem-unsupported-media-type-detail = send the body as { $expected }
problem-too-many-requests-detail = at most { $limit } requests per { $window_secs } s are allowed for this client; retry in { $retry_after_secs } s
problem-not-ready-detail = the price catalogue is not loaded
problem-overloaded-detail = as many sweeps and tornado analyses as the server runs at once are running; retry after { $retry_after_secs } s
problem-internal-detail = an unexpected error occurred; it has been logged

## Statuses actix-web answers by itself
status-400 = Bad Request
status-404 = Not Found
status-405 = Method Not Allowed
status-406 = Not Acceptable
status-408 = Request Timeout
status-411 = Length Required
status-413 = Payload Too Large
status-414 = URI Too Long
status-415 = Unsupported Media Type
status-431 = Request Header Fields Too Large
status-500 = Internal Server Error
status-501 = Not Implemented
status-503 = Service Unavailable
status-505 = HTTP Version Not Supported
http-invalid-request = the request is not valid HTTP/1.1: invalid bytes or syntax in the request line or headers
http-head-timeout = the request line and headers did not arrive in time; the connection is closed
http-head-too-large = the request line and headers must be at most { $kib } KiB in all, with at most { $fields } header fields

## Not found
route-not-found = no resource at { $path }; see /openapi.json or /docs for the routes
offering-not-found = no offering with id `{ $id }`
template-not-found = no template `{ $id }`

## Limits
empty = {""}
too-long = `{ $pointer }` is { $length } characters long: at most { $max } are allowed
too-long-field = at most { $max } characters (got { $length })
body-over-limit = over a limit at { $pointer }: { $detail }
budget-comparison-ran-past = the comparison ran past
budget-points-ran-past = the sweep's points ran past
budget-points-need = the sweep's points need { $needed } line-months, more than
budget-bisection-ran-past = bisecting the crossovers ran past
budget-bars-ran-past = the tornado ran past
budget-bars-need = the tornado's bars need { $needed } line-months, more than
budget-draws-ran-past = the draws ran past
budget-draws-need = the draws need { $needed } line-months, more than
budget-per-draw = {" "}(one draw is { $per } line-months, as the answer without uncertainty)
budget-draws-allowed = at most { $n } draws of this request fit the evaluation budget of { $limit } line-months
budget-per-evaluation = {" "}(one comparison of this scenario is { $per } line-months)
budget-evaluations-allowed = at most { $n } comparisons of this scenario fit the evaluation budget of { $limit } line-months
budget-more-work = more work than the evaluation budget of { $limit } line-months
budget-exceeded = { $what } the evaluation budget of { $limit } line-months per request{ $per }; use fewer points, options, components, months or purchase tranches
seed-out-of-range = { $seed } is out of range: 0 to { $max }

## Language
lang-unknown = unknown language `{ $value }`: `lang` is `en` or `zh-CN`
lang-unknown-field = `{ $value }` is not a language this service answers in; use `en` or `zh-CN`

## Text with no translation, shown in English inside a translated lead-in where the language has one:
## a library's own message (jsonschema, serde) or a data-file problem from the loader (operator-facing).
api-schema-rule = { $message }
api-serde-detail = { $message }
api-data-problem = { $message }

## analysis.rs
api-template-request-invalid = the template request is invalid
api-scenario-states-its-own = only with `template`; a scenario states its own
api-overrides-with-scenario = template overrides given with a scenario
api-template-or-scenario = give exactly one of `template` and `scenario`
api-template-or-scenario-field = exactly one of `template` and `scenario`
api-range-step-or-points = a range needs exactly one of `step` and `points`
api-range-step-or-points-field = exactly one of `step` and `points`
api-values-or-range = give exactly one of `values` and `range`
api-values-or-range-field = exactly one of `values` and `range`
api-range-to-at-least-from = must be at least `from` ({ $from })
api-range-to-above-from = must be above `from` ({ $from })
api-range-points = 2 to { $max } points
api-range-step-above-zero = must be above 0
api-range-log-from = a logarithmic range starts above 0
api-range-invalid = the range is invalid
api-out-of-range = { $value } is out of range: { $min } to { $max }
api-sweep-outside-limits = the sweep of `{ $variable }` goes outside its limits

## auth.rs
api-key-required = this API needs a key: Authorization: Bearer <key> or X-API-Key
api-key-invalid = the API key is not valid
api-key-full-in-query = only read-only keys may be sent as the api_key query parameter; send this key in a header
api-key-read-only = this key is read-only
api-key-metrics-need-full = the metrics need a full key

## body_schema.rs
api-body-off-schema = the body does not match the schema at { $pointer }: { $detail }
api-schema-top-level = the top level
api-schema-not-a-member = not a member of this object
api-schema-required = is required
api-schema-fits-none = fits none of the allowed shapes
api-schema-too-long = too long: at most { $limit } characters
api-schema-too-many-items = too many items: at most { $limit }
api-schema-fits-several = fits more than one of the allowed shapes; give exactly one of the alternative members
api-schema-minimum = { $value } is less than the minimum of { $limit }
api-schema-maximum = { $value } is greater than the maximum of { $limit }
api-schema-exclusive-minimum = { $value } is less than or equal to the minimum of { $limit }
api-schema-exclusive-maximum = { $value } is greater than or equal to the maximum of { $limit }
api-schema-min-length = { $value } is shorter than { $limit } characters
api-schema-min-items = { $value } has less than { $limit } items
api-schema-pattern = { $value } does not match "{ $pattern }"
api-schema-type = { $value } is not of type "{ $expected }"
api-schema-enum = { $value } is not one of { $options }

## catalog.rs
api-limit-out-of-range = limit { $limit } is out of range
api-between = must be between { $min } and { $max }
api-no-exchange-rate = no exchange rate for { $currency }; rates exist for { $known }
api-cursor-unknown = the cursor is not one this API issued
api-cursor-use-next = use the next_cursor of the previous page

## comparisons.rs
api-problems-in-request = { $count } problem(s) in the request; see errors
api-amounts-too-large = the amounts are too large to compute exactly: { $error }
api-template-parameter-required = the `template` parameter is required
api-one-of = one of: { $choices }
api-versus-required = `versus` is required for break_even_month
api-versus-field = name or position of the other option
api-no-option = no option `{ $key }`

## extract.rs
api-body-unreadable = could not read the body: { $error }
api-malformed-json = malformed JSON at line { $line } column { $column }: { $error }
api-decimal-as-string = { $got }: decimal amounts are JSON strings, e.g. "12000.50"
api-invalid-query-parameter = invalid query parameter `{ $name }`: { $error }

## health.rs
api-reload-invalid = the pricing data is invalid; the previous catalogue is still in use
api-reload-unreadable = the pricing data cannot be read ({ $error }); the previous catalogue is still in use

## prices.rs
api-unknown-offering = unknown offering `{ $id }`
api-unknown-offering-field = unknown offering; did you mean { $suggestions }?
api-no-such-schedule = `{ $offering }` has no such schedule
api-schedules-offered = offered: { $offered }

## price_book.rs
api-no-price-book = no price book for this API key

## scorecards.rs
api-not-a-name-here = `{ $word }` is not one of the names this parameter takes
api-not-a-decimal = `{ $text }` is not a decimal number
api-not-kind-weight = `{ $entry }` is not `kind:weight` (e.g. `price:40`)
api-criteria-need-post = `{ $kind }` criteria need the POST form (a check or scores)
api-not-a-level = `{ $level }` is not a level from 1 to 5
api-not-a-requirement = `{ $entry }` is not a requirement: data_in:CN, certification:iso_27001, certification:mlps:3, sla_at_least:99.9, support_language:zh or feature:sso
api-scorecard-request-invalid = the scorecard request is invalid

## uncertainty.rs
api-option-and-versus = give both `option` and `versus`, or neither
api-draw-invalid = a draw gave an invalid scenario: narrow the inputs' distributions
metrics-address-only = this address serves GET /metrics only

## Uncertainty methods
api-uncertainty-given = given in the request
api-uncertainty-template-default = the template's default: { $why }
api-uncertainty-interval-inputs = , and the template's default distributions of { $inputs }
api-uncertainty-to-whole-number = the whole number
api-uncertainty-to-permille = 0.1 % of the value
api-uncertainty-interval-method = { $draws } draws (seed { $seed }) of the catalogue prices within their stated ranges or their bases' spreads{ $inputs }; in each, the first value at which `to` is cheaper than `from` by NPV, found by stepping out from the point crossover and bisecting to { $to }; P5/P50/P95 are nearest-rank over the draws
