# API messages (Simplified Chinese). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Problem titles, by kind
problem-bad-request = 请求格式错误
problem-invalid-body = 请求无效
problem-unauthorized = 未授权
problem-forbidden = 禁止访问
problem-not-found = 未找到
problem-method-not-allowed = 不允许的请求方法
problem-payload-too-large = 请求体过大
problem-unsupported-media-type = 不支持的媒体类型
problem-limit-exceeded = 超出请求限制
problem-too-many-requests = 请求过于频繁
problem-not-ready = 服务尚未就绪
problem-overloaded = 服务器繁忙
problem-internal = 服务器内部错误

## Problem details
problem-method-not-allowed-detail = 此资源允许的方法：{ $allow }
problem-payload-too-large-detail = 请求体最多 { $limit } 字节
problem-unsupported-media-type-detail = 请以 { $expected } 格式发送请求体
problem-too-many-requests-detail = 此客户端每 { $window_secs } 秒最多 { $limit } 个请求；请在 { $retry_after_secs } 秒后重试
problem-not-ready-detail = 价格目录尚未加载
problem-overloaded-detail = 服务器可同时运行的扫描和龙卷风分析已满；请在 { $retry_after_secs } 秒后重试
problem-internal-detail = 发生了意外错误，已记录日志

## Statuses actix-web answers by itself
status-400 = 错误的请求
status-404 = 未找到
status-405 = 不允许的请求方法
status-406 = 无法接受
status-408 = 请求超时
status-411 = 需要内容长度
status-413 = 请求体过大
status-414 = URI 过长
status-415 = 不支持的媒体类型
status-431 = 请求头字段过大
status-500 = 服务器内部错误
status-501 = 未实现
status-503 = 服务不可用
status-505 = 不支持的 HTTP 版本
http-invalid-request = 请求不是有效的 HTTP/1.1：请求行或请求头中有无效字节或语法
http-head-timeout = 请求行和请求头未按时到达；连接已关闭
http-head-too-large = 请求行和请求头合计最多 { $kib } KiB，最多 { $fields } 个请求头字段

## Not found
route-not-found = { $path } 处没有资源；路由见 /openapi.json 或 /docs
offering-not-found = 没有 id 为 `{ $id }` 的产品
template-not-found = 没有模板 `{ $id }`

## Limits
empty = {""}
too-long = `{ $pointer }` 长 { $length } 个字符：最多允许 { $max } 个
too-long-field = 最多 { $max } 个字符（实际 { $length } 个）
body-over-limit = { $pointer } 处超出限制：{ $detail }
budget-comparison-ran-past = 本次比较超出了
budget-points-ran-past = 扫描的取值点超出了
budget-points-need = 扫描的取值点需要 { $needed } 行·月，超过了
budget-bisection-ran-past = 二分查找交叉点时超出了
budget-bars-ran-past = 龙卷风分析超出了
budget-bars-need = 龙卷风分析的各条需要 { $needed } 行·月，超过了
budget-draws-ran-past = 抽样超出了
budget-draws-need = 抽样需要 { $needed } 行·月，超过了
budget-per-draw = （每次抽样为 { $per } 行·月，与不含不确定性的答案相同）
budget-draws-allowed = 在 { $limit } 行·月的计算预算内，此请求最多可抽样 { $n } 次
budget-per-evaluation = （此场景的一次比较为 { $per } 行·月）
budget-evaluations-allowed = 在 { $limit } 行·月的计算预算内，此场景最多可比较 { $n } 次
budget-more-work = 工作量超出了 { $limit } 行·月的计算预算
budget-exceeded = { $what }每个请求 { $limit } 行·月的计算预算{ $per }；请减少取值点、方案、组件、月数或采购批次
seed-out-of-range = { $seed } 超出范围：0 到 { $max }

## Language
lang-unknown = 未知语言 `{ $value }`：`lang` 可取 `en` 或 `zh-CN`
lang-unknown-field = 本服务不提供 `{ $value }` 语言的回答；请使用 `en` 或 `zh-CN`

## Text with no translation, shown in English inside a translated lead-in where the language has one:
## a library's own message (jsonschema, serde) or a data-file problem from the loader (operator-facing).
api-schema-rule = 校验未通过：{ $message }
api-serde-detail = 解析失败：{ $message }
api-data-problem = 数据有误：{ $message }

## analysis.rs
api-template-request-invalid = 模板请求无效
api-scenario-states-its-own = 仅可与 `template` 一起使用；场景自带这些值
api-overrides-with-scenario = 给出场景时不能再给出模板的覆盖项
api-template-or-scenario = 请在 `template` 和 `scenario` 中恰好给出一个
api-template-or-scenario-field = `template` 和 `scenario` 须恰好给出一个
api-range-step-or-points = 范围须在 `step` 和 `points` 中恰好给出一个
api-range-step-or-points-field = `step` 和 `points` 须恰好给出一个
api-values-or-range = 请在 `values` 和 `range` 中恰好给出一个
api-values-or-range-field = `values` 和 `range` 须恰好给出一个
api-range-to-at-least-from = 须不小于 `from`（{ $from }）
api-range-to-above-from = 须大于 `from`（{ $from }）
api-range-points = 取值点须为 2 到 { $max } 个
api-range-step-above-zero = 须大于 0
api-range-log-from = 对数范围的起点须大于 0
api-range-invalid = 范围无效
api-out-of-range = { $value } 超出范围：{ $min } 到 { $max }
api-sweep-outside-limits = 对 `{ $variable }` 的扫描超出了其取值限制

## auth.rs
api-key-required = 此 API 需要 API 密钥：Authorization: Bearer <key> 或 X-API-Key
api-key-invalid = 该 API 密钥无效
api-key-full-in-query = 只有只读密钥可以通过 api_key 查询参数发送；请在请求头中发送此密钥
api-key-read-only = 此密钥为只读
api-key-metrics-need-full = 指标需要完整权限的密钥

## body_schema.rs
api-body-off-schema = 请求体在 { $pointer } 处不符合模式：{ $detail }
api-schema-top-level = 顶层
api-schema-not-a-member = 不是此对象的成员
api-schema-required = 为必填项
api-schema-fits-none = 不符合任何一种允许的形式
api-schema-too-long = 过长：最多 { $limit } 个字符
api-schema-too-many-items = 项数过多：最多 { $limit } 项
api-schema-fits-several = 同时符合多种允许的形式；请在可互换的成员中恰好给出一个
api-schema-minimum = { $value } 小于最小值 { $limit }
api-schema-maximum = { $value } 大于最大值 { $limit }
api-schema-exclusive-minimum = { $value } 须大于 { $limit }
api-schema-exclusive-maximum = { $value } 须小于 { $limit }
api-schema-min-length = { $value } 短于 { $limit } 个字符
api-schema-min-items = { $value } 少于 { $limit } 项
api-schema-pattern = { $value } 不符合格式 "{ $pattern }"
api-schema-type = { $value } 的类型不是 "{ $expected }"
api-schema-enum = { $value } 不是以下取值之一：{ $options }

## catalog.rs
api-limit-out-of-range = limit { $limit } 超出范围
api-between = 须在 { $min } 到 { $max } 之间
api-no-exchange-rate = 没有 { $currency } 的汇率；现有汇率的币种：{ $known }
api-cursor-unknown = 该游标不是本 API 签发的
api-cursor-use-next = 请使用上一页的 next_cursor

## comparisons.rs
api-problems-in-request = 请求中有 { $count } 个问题；详见 errors
api-amounts-too-large = 金额过大，无法精确计算：{ $error }
api-template-parameter-required = 必须提供 `template` 参数
api-one-of = 可选值：{ $choices }
api-versus-required = break_even_month 需要 `versus`
api-versus-field = 另一个方案的名称或位置序号
api-no-option = 没有方案 `{ $key }`

## extract.rs
api-body-unreadable = 无法读取请求体：{ $error }
api-malformed-json = JSON 格式错误，位于第 { $line } 行第 { $column } 列：{ $error }
api-decimal-as-string = { $got }：小数金额须写成 JSON 字符串，例如 "12000.50"
api-invalid-query-parameter = 查询参数 `{ $name }` 无效：{ $error }

## health.rs
api-reload-invalid = 价格数据无效；仍在使用之前的价格目录
api-reload-unreadable = 无法读取价格数据（{ $error }）；仍在使用之前的价格目录

## prices.rs
api-unknown-offering = 未知产品 `{ $id }`
api-unknown-offering-field = 未知产品；您是否要找 { $suggestions }？
api-no-such-schedule = `{ $offering }` 没有这样的价格方案
api-schedules-offered = 可选：{ $offered }

## price_book.rs
api-no-price-book = 此 API 密钥没有价格手册

## scorecards.rs
api-not-a-name-here = `{ $word }` 不是此参数可取的名称
api-not-a-decimal = `{ $text }` 不是十进制数
api-not-kind-weight = `{ $entry }` 不是 `kind:weight` 格式（例如 `price:40`）
api-criteria-need-post = `{ $kind }` 评分项需要使用 POST 形式（带 check 或 scores）
api-not-a-level = `{ $level }` 不是 1 到 5 之间的等级
api-not-a-requirement = `{ $entry }` 不是资格要求：可用 data_in:CN、certification:iso_27001、certification:mlps:3、sla_at_least:99.9、support_language:zh 或 feature:sso
api-scorecard-request-invalid = 评分卡请求无效

## uncertainty.rs
api-option-and-versus = 请同时给出 `option` 和 `versus`，或都不给
api-draw-invalid = 某次抽样得到了无效的场景：请收窄各输入的分布
metrics-address-only = 此地址只提供 GET /metrics

## Uncertainty methods
api-uncertainty-given = 请求中给出
api-uncertainty-template-default = 模板默认值：{ $why }
api-uncertainty-interval-inputs = ，以及模板对 { $inputs } 的默认分布
api-uncertainty-to-whole-number = 整数
api-uncertainty-to-permille = 取值的 0.1 %
api-uncertainty-interval-method = 对价格目录中的价格在其标明区间或其依据类型的浮动范围内抽样 { $draws } 次（种子 { $seed }）{ $inputs }；每次抽样中，从点交叉处向外逐步查找并二分到{ $to }，得到按净现值 `to` 比 `from` 更便宜的第一个取值；P5/P50/P95 为各次抽样的最近秩百分位
