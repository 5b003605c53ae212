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
budget-per-evaluation = {" "}(one comparison of this scenario is { $per } line-months)
budget-evaluations-allowed = at most { $n } comparisons of this scenario fit the evaluation budget of { $limit } line-months
budget-more-work = more work than the evaluation budget of { $limit } line-months
budget-exceeded = { $what } the evaluation budget of { $limit } line-months per request{ $per }; use fewer points, options, components, months or purchase tranches
seed-out-of-range = { $seed } is out of range: 0 to { $max }
