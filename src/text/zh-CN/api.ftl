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
budget-per-evaluation = （此场景的一次比较为 { $per } 行·月）
budget-evaluations-allowed = 在 { $limit } 行·月的计算预算内，此场景最多可比较 { $n } 次
budget-more-work = 工作量超出了 { $limit } 行·月的计算预算
budget-exceeded = { $what }每个请求 { $limit } 行·月的计算预算{ $per }；请减少取值点、方案、组件、月数或采购批次
seed-out-of-range = { $seed } 超出范围：0 到 { $max }
