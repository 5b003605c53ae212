# scorecard messages (zh-CN). Keep ids and arguments the same in every language: tests/messages.rs checks.

## Checks in words
scorecard-check-data-in = 数据存储于{ $place }
scorecard-check-certification-level = { $standard } { $level } 级及以上
scorecard-check-sla-at-least = 服务等级协议（SLA）可用性不低于 { $percent } %
scorecard-check-support-language = 提供 { $language } 语言的技术支持
scorecard-place-cn = 中国大陆（CN）
scorecard-place-eu = 欧盟

## Problems with a scorecard request
scorecard-criteria-count = 请给出 1 至 { $max } 个评分项，每项均有权重；各项权重之和为 100
scorecard-requirements-count = 资格要求最多 { $max } 项
scorecard-weight-range = { $weight } 超出范围：权重为百分比，须大于 0 且不超过 100
scorecard-one-price = 只能有一个价格评分项
scorecard-weights-total = 各项权重之和为 { $total }，而不是 100
scorecard-invalid-premises = `{ $place }` 不是 ISO 3166-1 alpha-2 国家或地区代码（如 `CN`）
scorecard-invalid-place = `{ $place }` 不是 ISO 3166-1 alpha-2 国家或地区代码（如 `CN`（中国大陆）、`DE`），也不是 `EU`
scorecard-invalid-language = `{ $language }` 不是 BCP 47 语言标签（如 `zh` 或 `en`）
scorecard-attribute-needs-check = `attribute` 评分项须给出 `check`
scorecard-check-only-attribute = 只有 `attribute` 评分项可以带 check
scorecard-manual-score-missing = 请为方案 `{ $option }` 给出 0 至 100 的分数
scorecard-scores-only-manual = 只有 `manual` 评分项可以带 scores
scorecard-no-such-option = 没有名为 `{ $option }` 的方案
scorecard-score-range = { $score } 超出范围：分数须在 0 至 100 之间
scorecard-levels-mlps-only = 此处只有 mlps（等级保护）分级别
scorecard-mlps-level-range = { $level } 超出范围：等级保护（等保）级别为 1 至 5 级
scorecard-percent-range = { $percent } 超出范围：百分比须大于 0 且不超过 100

## Price rules
scorecard-rule-lowest-price-ratio = 低价优先法：有效方案中的最低价为评标基准价，得 100 分；其他方案的价格分 = 评标基准价 ÷ 该方案价格 × 100。依据《政府采购货物和服务招标投标管理办法》（财政部令第 87 号，2017 年）第五十五条，采购货物的价格分值占比不得低于 30 %，采购服务的不得低于 10 %。
scorecard-rule-linear = 极值间线性法：在有效方案中，价格分 = 100 ×（最高价 − 该方案价格）÷（最高价 − 最低价）；各方案价格相同时均得 100 分。

## How a criterion is scored
scorecard-how-price = 按 { $measure } 采用 { $rule } 计算
scorecard-how-manual = 由请求给出
scorecard-how-attribute = 检查通过得 100 分，否则得 0 分
scorecard-how-rubric = { $kind } 评分细则：各细项得分之和（见 items）
scorecard-method-price = 见 price_rule
scorecard-method-manual = 分数由请求给出
scorecard-method-attribute = 检查通过得 100 分，否则得 0 分（未知不算通过）
scorecard-rubric-method = 评分细则，满分 100 分：{ $items }
scorecard-rubric-item = { $label }（{ $max } 分）
scorecard-list-next = { $first }；{ $rest }

## Warnings
scorecard-warning-none-eligible = 没有方案满足全部资格要求：不进行排名，评标基准价取所有方案中的最低价
scorecard-warning-no-price = 没有价格评分项：得分未考虑成本
scorecard-warning-price-weight-low = 价格权重 { $weight } % 低于财政部令第 87 号第五十五条对政府采购招标的要求（采购服务不低于 10 %，采购货物不低于 30 %）

## Rubric items
scorecard-item-vendor-support = 社区论坛之外的供应商技术支持
scorecard-item-support-24x7 = 提供 7×24 小时技术支持的服务级别
scorecard-item-first-response = 首次响应时间目标不超过 4 小时
scorecard-item-support-included = 技术支持已含在价格中
scorecard-item-no-commitment = 无期限承诺，也无购买
scorecard-item-data-export = 数据导出
scorecard-item-residency-choice = 由客户或运营方选择数据存储地
scorecard-item-patching = 由谁负责补丁更新：供应商 40 分，共同负责 20 分，运营方 0 分
scorecard-item-days-to-deploy = 部署天数（取上限）：≤ 5 天得 30 分，≤ 20 天得 15 分
scorecard-item-operator-provides = 需运营方自备的内容：无则 30 分，不超过 3 项得 15 分
scorecard-item-vendor-identified = 供应商身份明确
scorecard-item-sla-published = 公开发布的服务等级协议（SLA）
scorecard-item-service-credits = 服务赔偿（服务抵扣）
scorecard-item-china-entity = 通过中国大陆境内主体签约
scorecard-item-headquarters = 注明总部所在地

## Evidence: what an attribute says, or why it is unknown
scorecard-not-stated-by-source = 没有来源说明
scorecard-not-stated = 未说明
scorecard-residency-unknown = 没有来源说明其数据存储地
scorecard-premises-in = 自有或自托管：位于贵方在 { $premises } 的场所
scorecard-premises-unknown = 自有或自托管：取决于贵方的部署位置（给出 `premises` 即可核查）
scorecard-residency-choosable = 默认未说明；客户可选择 { $options }
scorecard-stored-in = 存储于 { $places }
scorecard-operator-meets = 自托管：由贵方满足（operator_meets）
scorecard-operator-certification = 自托管：认证需运营方自备
scorecard-certification-level-held = { $standard } { $level } 级
scorecard-sla-operator = 自托管：可用性由运营方负责
scorecard-sla-unknown = 没有来源说明其服务等级协议（SLA）
scorecard-sla-none-published = 未公布服务等级协议（SLA）
scorecard-support-unknown = 没有来源说明其技术支持
scorecard-languages-not-stated = 未说明支持语言
scorecard-tiers-not-stated = 未说明服务级别
scorecard-feature-available = 提供
scorecard-feature-not-available = 不提供
scorecard-none = 无
scorecard-nothing = 无需自备
scorecard-all-pay-as-you-go = 所有组件均按量或按月付费
scorecard-committed = 已承诺或已购买：{ $components }
scorecard-formats-not-stated = 未说明导出格式
scorecard-days = { $low }–{ $high } 天
scorecard-published = 已公布
scorecard-none-published = 未公布
scorecard-credit-steps = { $count } 档服务赔偿

## Tables (CSV and workbook)
scorecard-column-option = 方案
scorecard-column-eligible = 有效
scorecard-column-rank = 排名
scorecard-column-price = 价格
scorecard-column-currency = 币种
scorecard-column-total = 总分
scorecard-column-score = { $name }得分
scorecard-column-weighted = { $name }加权得分
scorecard-column-requires = 资格要求：{ $requirement }
scorecard-column-requirement = 资格要求
scorecard-column-status = 结果
scorecard-column-offering = 产品
scorecard-column-attribute = 属性
scorecard-column-value = 值
scorecard-column-source-url = 来源网址
scorecard-column-basis = 依据
scorecard-column-date = 日期
scorecard-column-retrieved = 获取日期
scorecard-column-criterion = 评分项
scorecard-column-item = 细项
scorecard-column-points = 得分
scorecard-column-max = 满分
scorecard-column-kind = 类型
scorecard-column-weight = 权重
scorecard-column-method = 计分方法
scorecard-yes = 是
scorecard-no = 否
scorecard-status-pass = 通过
scorecard-status-fail = 不通过
scorecard-status-unknown = 未知
scorecard-status-operator = 需运营方自备
scorecard-price-rule = 价格分计算规则
scorecard-price-rule-method = { $description }价格口径：{ $measure }。

## Criterion names (the keys themselves in English)
scorecard-criterion-price = 价格
scorecard-criterion-support = 技术支持
scorecard-criterion-security = 安全与合规
scorecard-criterion-flexibility = 灵活性
scorecard-criterion-deployment = 部署与运维
scorecard-criterion-vendor = 供应商
scorecard-criterion-attribute = 属性
scorecard-criterion-manual = 人工评分
