# scenario messages (zh-CN). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Ranges
scenario-out-of-range = { $value } 超出范围：必须在 { $lo } 到 { $hi } 之间
scenario-out-of-range-above = { $value } 超出范围：必须大于 { $lo } 且不超过 { $hi }
scenario-out-of-range-below = { $value } 超出范围：必须不小于 { $lo } 且小于 { $hi }
scenario-years-out-of-range = { $value } 超出范围：必须在 { $lo } 到 { $hi } 年之间
scenario-months-out-of-range = { $value } 超出范围：必须在 { $lo } 到 { $hi } 个月之间
scenario-term-out-of-range = { $value } 超出范围：{ $lo } 到 { $hi }
scenario-too-long = { $length } 个字符：最多允许 { $max } 个

## Options, components and names
scenario-exit-cost-unknown-option = 没有名为 `{ $name }` 的方案
scenario-no-options = 至少需要一个方案
scenario-too-many-options = { $count } 个方案：最多可比较 { $max } 个
scenario-too-many-components = 共 { $count } 个组件：最多允许 { $max } 个
scenario-name-empty = 不能为空
scenario-name-taken = { $what }已使用名称 `{ $name }`
scenario-either-not-both = `{ $a }` 和 `{ $b }` 只能填写其一，不能同时填写
scenario-needs-one-of = 需要填写 `{ $a }` 或 `{ $b }`

## Drivers and quantities
scenario-driver-name-empty = 驱动因子需要名称
scenario-driver-no-values = 至少需要一个值
scenario-driver-growth-with-values = 仅适用于 `start`，不适用于 `values_by_year`
scenario-driver-needs-start-or-values = 需要填写 `start`（可选 `annual_growth`）或 `values_by_year`
scenario-driver-grows-above-limit = 该驱动因子到第 { $month } 个月增长至 { $value }，超过上限 { $limit }
scenario-driver-grows-beyond-range = 该驱动因子的增长超出支持的范围
scenario-quantity-driver-only = 仅适用于由驱动因子推导的数量
scenario-unknown-driver-none = 未知驱动因子 `{ $name }`：该场景未定义任何驱动因子
scenario-unknown-driver = 未知驱动因子 `{ $name }`；该场景定义了：{ $known }
scenario-per-too-small = { $value } 过小：至少为 { $min }

## Inline prices
scenario-price-needs-amount = 需要填写 `unit_price`、`base_fee`、`tiers` 或 `upfront`
scenario-tier-mode-required = 使用 `tiers` 时必填：graduated、volume 或 package
scenario-tiers-not-ascending = 阶梯必须按 `up_to` 升序排列
scenario-tier-open-ended = 只有最后一个阶梯可以不设上限

## Distributions of uncertain inputs
scenario-distribution-high-below-low = { $high } 低于 low 值 { $low }
scenario-distribution-mode-outside = 需满足 low ≤ mode ≤ high（{ $low }，{ $mode }，{ $high }）
scenario-distribution-negative = { $value } 为负数
scenario-distribution-not-positive = { $value } 必须大于 0

## Template requests
scenario-template-unknown-market = 未知市场 `{ $market }`；此模板包含：{ $known }
scenario-template-unknown-driver = 未知驱动因子；此模板包含：{ $known }
scenario-template-unknown-parameter = 未知参数；此模板包含：{ $known }
scenario-template-not-whole = { $value } 必须是整数（单位：{ $unit }）
scenario-template-derived-overflow = 乘法运算溢出
scenario-query-not-decimal = `{ $value }` 不是十进制数
scenario-query-not-currency = `{ $value }` 不是 ISO 4217 货币代码
scenario-query-not-months = `{ $value }` 不是整数月数
scenario-query-not-month = `{ $value }` 不是 YYYY-MM 格式的月份
scenario-query-not-tax-basis = `{ $value }` 不是计税基础：应为 `net` 或 `gross`
scenario-not-tax-basis = `{ $value }` 不是计税基础：应为 `net` 或 `gross`
scenario-query-unknown-parameter = 未知参数 `{ $name }`；有效参数：{ $valid }

## Names
scenario-facility-name = 机房设施

## Life spans
scenario-span-month-outside = 第 { $month } 个月超出测算期（1 至 { $horizon }）
scenario-span-ends-before-start = 结束月 `until_month`（{ $until }）早于开始月 `from_month`（{ $from }）

## Paths
scenario-path-not-both = 一个方案要么是路径（`stages`），要么是一组组件（`components`、`facility`、`labor`），不能两者兼有
scenario-too-many-stages = { $count } 个阶段：一条路径最多 { $max } 个
scenario-another-stage = 另一个阶段
scenario-first-stage-no-switch = 第一个阶段从第 1 个月开始：不需要 `switch`
scenario-first-stage-no-overlap = 第一个阶段之前没有其他阶段：不需要 `overlap_months`
scenario-stage-needs-switch = 第一个阶段之后的每个阶段都需要 `switch`（`at_month`，或 `driver` 加 `at_least`）
scenario-stage-sets-spans = 在路径中由阶段决定其运行时间：请省略 `from_month` 和 `until_month`（迁移费用可以设置 `from_month`）
scenario-path-one-facility = 一条路径中最多只能有一个阶段设置机房设施
scenario-at-least-with-driver = `at_least` 应与 `driver` 一起使用，而不是与 `at_month`
scenario-at-least-required = `driver` 需要 `at_least`：阶段开始时的数值
scenario-stage-first = 第一个阶段，从第 1 个月开始
scenario-stage-at-month = 于第 { $month } 个月切换至此阶段
scenario-stage-driver-reached = `{ $driver }` 于第 { $month } 个月首次达到 { $threshold }
scenario-stage-driver-never = `{ $driver }` 在测算期内始终未达到 { $threshold }：此阶段不会启用
scenario-stage-no-trigger = 没有切换条件
scenario-stage-replaced-at-once = 下一阶段在本阶段的第一个月就开始：本阶段不会运行

## Inline prices
scenario-inline-estimate-needs-method = 估计值须说明来历：请在 `source` 中写明估计方法和范围
scenario-inline-basis = 内联价格只能是 `quote`（报价）或 `estimate`（估计值）；厂商价目表、转载和统计数据应来自价格目录并附来源
scenario-switch-not-after = 第 { $month } 个月不晚于上一阶段的切换月份（第 { $previous } 个月）：各阶段须依次进入
