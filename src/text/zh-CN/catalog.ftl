# catalog messages (zh-CN): errors of catalogue queries and price resolution a request can cause. Keep ids and arguments the same in every language: tests/messages.rs checks.

## Pricing a schedule (catalog::pricing)
catalog-pricing-above-maximum = 数量 { $quantity } 超过套餐上限 { $max }
catalog-pricing-beyond-largest-package = 数量 { $quantity } 超出最大套餐（{ $largest }），且该价格方案没有超量价格
catalog-pricing-negative-quantity = 数量 { $quantity } 为负数
catalog-pricing-no-price = 该价格方案既无单价也无阶梯价格
catalog-arithmetic-overflow = 算术溢出（{ $operation }）
catalog-division-by-zero = 除数为零（{ $operation }）

## Exchange rates and listings
catalog-fx-missing-rate = 没有 { $currency } 的汇率
catalog-cursor-mismatch = 该游标不属于当前排序方式

## Tax on a price
catalog-tax-rate-out-of-range = { $rate } 超出范围：税率是小数，不小于 0 且小于 1（6 % 写作 "0.06"）
catalog-tax-rate-required = 价格含税时必填：没有税率，含税价无法换算为不含税价
