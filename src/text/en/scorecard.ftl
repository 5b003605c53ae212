# scorecard messages (en). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Checks in words
scorecard-check-data-in = data stored in { $place }
scorecard-check-certification-level = { $standard } level { $level } or above
scorecard-check-sla-at-least = SLA at least { $percent } %
scorecard-check-support-language = support in { $language }
scorecard-place-cn = mainland China (CN)
scorecard-place-eu = the EU

## Problems with a scorecard request
scorecard-criteria-count = give 1 to { $max } criteria, each with a weight; the weights add up to 100
scorecard-requirements-count = at most { $max } requirements
scorecard-weight-range = { $weight } is out of range: a weight is a percentage above 0 and at most 100
scorecard-one-price = only one price criterion
scorecard-weights-total = the weights add up to { $total }, not 100
scorecard-invalid-premises = `{ $place }` is not an ISO 3166-1 alpha-2 code such as `CN`
scorecard-invalid-place = `{ $place }` is not an ISO 3166-1 alpha-2 code such as `CN` (mainland China) or `DE`, or `EU`
scorecard-invalid-language = `{ $language }` is not a BCP 47 tag such as `zh` or `en`
scorecard-attribute-needs-check = an `attribute` criterion needs its `check`
scorecard-check-only-attribute = only an `attribute` criterion takes a check
scorecard-manual-score-missing = give option `{ $option }` a score from 0 to 100
scorecard-scores-only-manual = only a `manual` criterion takes scores
scorecard-no-such-option = no option is named `{ $option }`
scorecard-score-range = { $score } is out of range: 0 to 100
scorecard-levels-mlps-only = only mlps has levels here
scorecard-mlps-level-range = { $level } is out of range: MLPS levels are 1 to 5
scorecard-percent-range = { $percent } is out of range: a percentage above 0 and at most 100

## Price rules
scorecard-rule-lowest-price-ratio = Lowest-price ratio (低价优先法): the lowest price among eligible options is the benchmark and scores 100; every other option scores benchmark ÷ its price × 100. The rule of China's Measures for Tendering and Bidding of Government Procurement of Goods and Services (Ministry of Finance Order No. 87, 2017), art. 55, where the price weight is at least 30 % for goods and 10 % for services.
scorecard-rule-linear = Linear between the extremes: 100 × (highest − price) ÷ (highest − lowest) over eligible options; all score 100 when their prices are equal.

## How a criterion is scored
scorecard-how-price = { $rule } on { $measure }
scorecard-how-manual = given in the request
scorecard-how-attribute = 100 when the check passes, else 0
scorecard-how-rubric = { $kind } rubric: the sum of its items' points (see items)
scorecard-method-price = see price_rule
scorecard-method-manual = scores given in the request
scorecard-method-attribute = 100 when the check passes, else 0 (unknown is not a pass)
scorecard-rubric-method = rubric, points out of 100: { $items }
scorecard-rubric-item = { $label } ({ $max })
scorecard-list-next = { $first }; { $rest }

## Warnings
scorecard-warning-none-eligible = no option passes every requirement: none is ranked, and the price benchmark is the lowest of all options
scorecard-warning-no-price = no price criterion: the scores ignore cost
scorecard-warning-price-weight-low = price weight { $weight } % is below what Order No. 87 art. 55 allows in a government tender (at least 10 % for services, 30 % for goods)

## Rubric items
scorecard-item-vendor-support = vendor support beyond a community forum
scorecard-item-support-24x7 = a 24x7 support tier
scorecard-item-first-response = a first-response target of 4 hours or less
scorecard-item-support-included = support included in the price
scorecard-item-no-commitment = no term commitment or purchase
scorecard-item-data-export = data export
scorecard-item-residency-choice = the customer or operator chooses where data is stored
scorecard-item-patching = who patches: vendor 40, shared 20, operator 0
scorecard-item-days-to-deploy = days to deploy (high end): ≤ 5 gives 30, ≤ 20 gives 15
scorecard-item-operator-provides = what the operator must provide: nothing 30, up to 3 items 15
scorecard-item-vendor-identified = vendor identified
scorecard-item-sla-published = a published SLA
scorecard-item-service-credits = service credits
scorecard-item-china-entity = contracts through a mainland-China entity
scorecard-item-headquarters = headquarters stated

## Evidence: what an attribute says, or why it is unknown
scorecard-not-stated-by-source = no source states it
scorecard-not-stated = not stated
scorecard-residency-unknown = no source states where its data is stored
scorecard-premises-in = owned or self-hosted: on your premises in { $premises }
scorecard-premises-unknown = owned or self-hosted: wherever you put it (give `premises` to check)
scorecard-residency-choosable = not stated by default; a customer may choose { $options }
scorecard-stored-in = stored in { $places }
scorecard-operator-meets = self-hosted: met by you (operator_meets)
scorecard-operator-certification = self-hosted: the operator's own certification
scorecard-certification-level-held = { $standard } level { $level }
scorecard-sla-operator = self-hosted: availability is the operator's
scorecard-sla-unknown = no source states an SLA
scorecard-sla-none-published = no SLA published
scorecard-support-unknown = no source states its support
scorecard-languages-not-stated = languages not stated
scorecard-tiers-not-stated = tiers not stated
scorecard-feature-available = available
scorecard-feature-not-available = not available
scorecard-none = none
scorecard-nothing = nothing
scorecard-all-pay-as-you-go = every component is pay-as-you-go or monthly
scorecard-committed = committed or bought: { $components }
scorecard-formats-not-stated = formats not stated
scorecard-days = { $low }–{ $high } days
scorecard-published = published
scorecard-none-published = none published
scorecard-credit-steps = { $count } credit step(s)

## Tables (CSV and workbook)
scorecard-column-option = option
scorecard-column-eligible = eligible
scorecard-column-rank = rank
scorecard-column-price = price
scorecard-column-currency = currency
scorecard-column-total = total
scorecard-column-score = { $name } score
scorecard-column-weighted = { $name } weighted
scorecard-column-requires = requires { $requirement }
scorecard-column-requirement = requirement
scorecard-column-status = status
scorecard-column-offering = offering
scorecard-column-attribute = attribute
scorecard-column-value = value
scorecard-column-source-url = source_url
scorecard-column-basis = basis
scorecard-column-date = date
scorecard-column-retrieved = retrieved
scorecard-column-criterion = criterion
scorecard-column-item = item
scorecard-column-points = points
scorecard-column-max = max
scorecard-column-kind = kind
scorecard-column-weight = weight
scorecard-column-method = method
scorecard-yes = yes
scorecard-no = no
scorecard-status-pass = pass
scorecard-status-fail = fail
scorecard-status-unknown = unknown
scorecard-status-operator = operator
scorecard-price-rule = price rule
scorecard-price-rule-method = { $description } Measure: { $measure }.

## Criterion names (the keys themselves in English)
scorecard-criterion-price = price
scorecard-criterion-support = support
scorecard-criterion-security = security
scorecard-criterion-flexibility = flexibility
scorecard-criterion-deployment = deployment
scorecard-criterion-vendor = vendor
scorecard-criterion-attribute = attribute
scorecard-criterion-manual = manual
