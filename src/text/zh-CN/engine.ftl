# engine messages (zh-CN). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Building blocks
engine-empty = { "" }
engine-list-comma = { $first }、{ $rest }
engine-list-semicolon = { $first }；{ $rest }
engine-list-or = { $first } 或 { $rest }
engine-label-inline-price = { $pointer } 处的内联价格
engine-label-offering = `{ $id }`
engine-space-unit-rack = 机柜
engine-space-unit-u = U
engine-space-unit-server = 服务器
engine-space-units-rack = 机柜数
engine-space-units-u = U 数
engine-space-units-server = 服务器数
engine-schedule-with-payment = { $option }（付款方式 { $payment }）
engine-schedule-with-payment-commitment = { $option }（付款方式 { $payment }，承诺 { $commitment }）
engine-another-option = 另一个方案
engine-another-component = 本方案的另一个组件
engine-hourly-quantity = { $instances } 个实例（{ $hours } 小时）

## Resolving a component's price (engine::resolve, engine::prepare)
engine-unknown-offering = 未知的产品 `{ $id }`
engine-unknown-offering-suggest = 未知的产品 `{ $id }`；您是否要找 { $suggestions }？
engine-cannot-convert = 无法将 { $from } 换算为 { $to }：价格目录的汇率中{ $error }
engine-offering-or-price = `offering` 与 `price` 只能给出其一，不能同时给出
engine-needs-offering-or-price = 需要价格目录中的 `offering` id，或内联的 `price`
engine-payment-required = 必填：`{ $offering }` 的 { $option } 有多种付款方式：{ $options }
engine-purchase-option-required = 必填：`{ $offering }` 有多个价格方案：{ $options }
engine-not-offered = `{ $offering }` 不提供 { $asked }；可选的有：{ $options }
engine-not-offered-with-payment = `{ $offering }` 不以该付款方式提供 { $asked }；可选的有：{ $options }
engine-catalog-price-no-currency = 价格目录中 `{ $offering }` 的价格未注明币种
engine-no-rate-for-scenario-currency = 价格目录中没有 { $currency } 的汇率：价格无法换算为该币种
engine-asset-only-purchased = 仅适用于购买的组件（purchase_option 为 `purchase`）
engine-one-time-only-one-time = 仅适用于一次性费用（按 `one_time` 计费且不是购买的价格）
engine-one-time-month-outside = 第 { $month } 个月超出测算期（1 至 { $horizon }）
engine-commitment-no-term = `{ $offering }` 的承诺价格没有以月计的期限
engine-useful-life-required = 必填：`{ $offering }` 没有给出使用年限的硬件规格
engine-purchase-price-no-amount = `{ $offering }` 的购买价格没有金额
engine-quantity-above-limit = 第 { $month } 个月达到 { $quantity }，超过上限 { $limit }
engine-quantity-above-plan-maximum = 第 { $month } 个月达到 { $quantity }，超过 `{ $offering }` 的套餐上限 { $max }
engine-quantity-beyond-largest-plan = 第 { $month } 个月达到 { $quantity }，超出 `{ $offering }` 的最大套餐（{ $largest }），且该产品没有超量价格
engine-quantity-negative = 不得为负数
engine-price-no-amount = `{ $offering }` 的价格没有金额
engine-quantity-too-large-to-price = 第 { $month } 个月达到 { $quantity }，数值过大，无法计价
engine-no-price-per-unit = `{ $offering }` 没有按 { $units } 计的价格
engine-unknown-pue-preset = 未知的 PUE 预设 `{ $id }`
engine-unknown-pue-preset-known = 未知的 PUE 预设 `{ $id }`；价格目录中有：{ $known }
engine-pue-or-preset = `pue` 与 `pue_preset` 只能给出其一，不能同时给出
engine-needs-pue = 需要 `pue`（例如 "1.6"）或 `pue_preset`
engine-tariff-no-suitable-unit = `{ $offering }` 没有以适用单位计的价格
engine-tariff-no-currency = `{ $offering }` 的价格未注明币种
engine-pricing-error = `{ $offering }`：{ $error }
engine-months-out-of-range = { $value } 超出范围：必须介于 1 与 { $max } 之间

## Warnings (engine::comparison::Warning)
engine-warning-financing-beyond-horizon = `{ $component }`：贷款或租赁期超出测算期；仍欠的贷款余额从期末价值中扣除（计入期末价值时），之后的租赁付款不计入
engine-warning-facility-includes-power = `{ $offering }` 已含电力（每{ $unit } { $kw } kW）：仅对超出部分的用电计收电费
engine-warning-facility-includes-power-unlimited = `{ $offering }` 已含电力且未注明上限：不另计电费
engine-warning-fx = 以 { $from } 计的价格已按 { $rate } 换算为 { $to }（汇率日期：{ $date }）
engine-warning-fx-undated = 以 { $from } 计的价格已按 { $rate } 换算为 { $to }（汇率日期：未知）
engine-warning-stale-price = { $label } 的价格日期为 { $date }，早于起始月 12 个月以上
engine-warning-undated-price = { $label }：来源未注明价格日期（读取于 { $retrieved }），价格新旧未知
engine-warning-estimate = { $label } 为估算，并非公开价格
engine-warning-estimate-noted = { $label } 为估算，并非公开价格：{ $note }
engine-warning-third-party = { $label } 取自 { $copier } 对厂商价目表的第三方转载，而非厂商本身
engine-warning-third-party-unnamed = { $label } 取自厂商价目表的第三方转载，而非厂商本身
engine-warning-statistic = { $label } 为官方统计数据（平均值），并非报价
engine-warning-tax-to-net = 含 { $percent } % 税的价格已换算为不含税价：除以 { $factor }
engine-warning-tax-to-gross = 不含税价格已按 { $percent } % 税率换算为含税价：乘以 { $factor }
engine-warning-tax-rate-unknown = { $label } 为不含税价格且税率未知：在本次 { $basis } 口径的比较中仍按不含税计
engine-warning-plan-limit-near = `{ $offering }`：数量在第 { $month } 个月达到 { $quantity }，为套餐上限 { $max } 的 { $percent }%
engine-warning-plan-minimum-applied = `{ $offering }`：第 { $month } 个月数量为 { $quantity }，低于套餐下限 { $min }，按下限计费

## How a line was computed (LineItem.note)
engine-note-subscription = 每个计费期初预付 { $term } 个月
engine-note-subscription-true-ups = 每个计费期初预付 { $term } 个月，数量上升时按比例补缴 { $true_ups } 次
engine-note-commitment = 预付 { $terms } 期、每期 { $term } 个月，在各期内分摊为费用
engine-note-asset = 购买 { $bought } 次{ $refreshes }{ $retirements }；使用年限 { $years } 年
engine-note-asset-refreshes = ，寿命到期更新 { $count } 次
engine-note-asset-retirements = ，退役 { $count } 次并收回残值
engine-note-one-time = 第 { $month } 个月支付
engine-note-power = Σ 台数 × 典型功率（W）× 730 h ÷ 1000 × PUE { $pue } = 每月 kWh，按 `{ $energy }` 计价
engine-note-power-included-unlimited = `{ $space }` 已含电力且未注明上限：不另计电费
engine-note-power-included = `{ $space }` 每{ $unit }含 { $kw } kW：仅超出部分按 `{ $energy }` 计费，即每月（Σ 台数 × 典型功率（W）× 730 h ÷ 1000 − { $units } × { $kw } kW × 730 h）× PUE { $pue } kWh
engine-note-labor = FTE × 年成本 ÷ 12 × 附加用工成本系数 { $multiplier }

## Break-even and payback
engine-break-even-never = { $option } 的累计现金期末高于 { $versus }（{ $option_cash } 对 { $versus_cash }）：测算期内未达到盈亏平衡
engine-break-even-from = 自第 { $month } 个月起，{ $option } 的累计现金始终不高于 { $versus }
engine-break-even-always = { $option } 的累计现金每个月都不高于 { $versus }
engine-payback-month = { $own } 的累计现金在第 { $month } 个月首次不高于 { $rent }
engine-payback-never = 测算期内 { $own } 相对 { $rent } 未能回本（期末 { $own_cash } 对 { $rent_cash }）

## Risk (engine::risk)
engine-risk-method = 预期停机小时数 = (1 − 可用性) × 730 h × 月数；可用性取自该方案所用服务公布的服务等级协议 (SLA)（多项服务时取其乘积），自建和自有方案则取 `self_hosted_availability_percent`；成本 = 小时数 × outage_cost_per_hour；退出成本按给定值；均为名义金额，不计入价格合计
engine-availability-self-hosted-assumed = 自建或自有：采用您假设的可用性（self_hosted_availability_percent）
engine-availability-self-hosted-unknown = 自建或自有：未知（请给出 self_hosted_availability_percent）
engine-availability-no-sla-published = 未知：{ $offering } 未公布服务等级协议 (SLA)
engine-availability-no-sla-source = 未知：{ $offering } 没有任何来源说明其服务等级协议 (SLA)
engine-availability-no-service = 未知：该方案中没有服务
engine-availability-stage = { $stage }（第 { $from }–{ $until } 个月）：{ $source }
engine-availability-stages = 按各阶段服务的月数加权：{ $parts }
engine-availability-stage-unknown = 阶段 { $stage }：{ $why }
engine-availability-sla = 服务等级协议 (SLA)：{ $parts }

## Sweeps and tornado analyses (engine::sweep)
engine-sweep-scenario-not-editable = 无法编辑场景：{ $error }
engine-sweep-not-a-number = `{ $pointer }` 不是场景中给出的数字（应为指向场景内部的 JSON 指针）
engine-sweep-not-whole = { $variable } 必须为整数，而非 { $value }
engine-sweep-out-of-range = { $value } 超出 { $variable } 的取值范围
engine-sweep-unknown-variable = `{ $name }` 既不是驱动因子、参数，也不是可扫描的设置（{ $settings }）
engine-sweep-value-count = 扫描需要 1 至 { $max } 个取值，而非 { $count } 个
engine-sweep-values-ascending = 取值必须严格递增
engine-sweep-values-whole = { $variable } 只能取整数
engine-sweep-method-integer = 在最便宜方案（按净现值）不同的相邻点之间二分查找，精确到整数
engine-sweep-method-decimal = 在最便宜方案（按净现值）不同的相邻点之间二分查找，精确到 6 位小数（1e-6）
engine-range-count = 需要 from < to，且点数为 2 至 { $max }
engine-range-log-start = 对数范围的起点必须大于 0
engine-range-step = 需要 from ≤ to，且步长为正数
engine-range-too-many-points = 点数超过 { $max }；请使用更大的步长
engine-tornado-variation = { $variation } 必须大于 0 且小于 1
engine-tornado-unknown-option = 没有方案 `{ $name }`；现有方案：{ $options }
engine-tornado-no-option = 没有方案 `{ $name }`
engine-lever-labor-cost = 人工成本（所有人工价格）
engine-lever-energy-tariff = 电价（所有 kWh 价格）
engine-lever-price-level = 所有 { $category } 价格的价格水平
engine-lever-growth = 所有驱动因子的年增长率
engine-lever-discount-rate = 年折现率
engine-lever-pue = 所有设施的电能使用效率 PUE（不低于 1）
engine-lever-useful-life = 所有自有资产的使用年限（整年，至少 1 年）
engine-lever-utilization = 每台服务器或实例服务的单位数（按驱动因子定量时的 `per`）：越高则所需台数越少

## Monte Carlo ranges (engine::uncertainty)
engine-distribution-invalid = 分布无效：{ $error }

## Uncertainty: where each input's distribution comes from
engine-uncertainty-bounded = { $method }；抽样值限制在 { $low } 到 { $high } 之间
engine-uncertainty-price-factor = 价格系数
engine-uncertainty-requested-spread = 依据类型 { $basis } 的价格浮动 ±{ $spread }（请求中给出）
engine-uncertainty-stated-range = 价格自带的区间：{ $method }
engine-uncertainty-default-spread = 依据类型 { $basis } 的默认价格浮动 ±{ $spread }

## Life spans
engine-asset-until-month = 自有资产不能在测算期中途结束：用 `from_month` 指定购买月份，资产一直使用到寿命结束（可改用 `asset.useful_life_years` 和 `asset.refresh: false`）
engine-one-time-month-outside-span = 第 { $month } 个月不在该组件的 `from_month`–`until_month` 范围内
engine-note-subscription-ends-mid-term = 每个计费期初预付 { $term } 个月，按比例补缴 { $true_ups } 次；于第 { $until } 个月结束，但所在计费期已付至第 { $paid_to } 个月
engine-warning-commitment-outlives = `{ $component }` 于第 { $until } 个月结束，但其预留或承诺期持续到第 { $billed_to } 个月，并按期计费至该月：承诺即须履行

## Best switch month
engine-switch-no-option = 没有这个方案
engine-switch-not-a-path = `{ $option }` 不是路径：需要至少两个 `stages`
engine-switch-stage-range = 要搜索开始月份的阶段：2 至 { $count }（第一个阶段从第 1 个月开始）
engine-switch-method = 分别按在第 { $first } 至第 { $last } 个月切换以及不切换计算该路径的成本，取最低者（相同时取不切换，否则取最早的月份）
engine-switch-method-none = 只按不切换计算该路径：前一阶段在期限内不会开始，该阶段也无法开始
engine-switch-range-method = 对不确定的输入和价格做 { $draws } 次带种子的抽样（种子 { $seed }），每次都重新搜索切换月份并精确计算；百分位数按最近秩法，不切换排在所有月份之后；遗憾值是按点估计的最佳月份切换比该次抽样自身最佳多花的成本
