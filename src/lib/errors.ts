// The error catalogue: a stable code, an HTTP status and a message in zh-CN and en.
// Messages may carry {placeholders} filled from the error's params.
export type Lang = 'zh-CN' | 'en';

interface CatalogueEntry {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  // {detail} is Fastify's or PostgreSQL's English text: the Chinese message leaves it out rather than mix languages.
  validation_failed: { status: 400, zh: '输入有误，无法处理该请求', en: 'Invalid input: {detail}' },
  required: { status: 400, zh: '缺少必填字段 {field}', en: 'Missing required field {field}' },
  invalid_type: { status: 400, zh: '字段 {field} 应为{type}', en: 'Field {field} must be {type}' },
  invalid_format: { status: 400, zh: '字段 {field} 格式不正确', en: 'Field {field} has an invalid format' },
  too_short: {
    status: 400,
    zh: '字段 {field} 至少需要 {limit} 个字符',
    en: 'Field {field} needs at least {limit} characters',
  },
  too_long: {
    status: 400,
    zh: '字段 {field} 最多 {limit} 个字符',
    en: 'Field {field} allows at most {limit} characters',
  },
  out_of_range: { status: 400, zh: '字段 {field} 超出允许范围', en: 'Field {field} is out of the allowed range' },
  not_allowed_value: {
    status: 400,
    zh: '字段 {field} 的取值不在允许列表中',
    en: 'Field {field} is not one of the allowed values',
  },
  unknown_field: { status: 400, zh: '不认识的字段 {field}', en: 'Unknown field {field}' },
  invalid_date: {
    status: 400,
    zh: '字段 {field} 不是有效日期（应为 YYYY-MM-DD）',
    en: 'Field {field} is not a valid date (YYYY-MM-DD)',
  },
  id_number_format: {
    status: 400,
    zh: '身份证号应为 18 位：17 位数字加 1 位数字或 X',
    en: 'The ID number must be 18 characters: 17 digits and a digit or X',
  },
  id_number_birth_date: {
    status: 400,
    zh: '身份证号中的出生日期不是真实日期',
    en: 'The birth date inside the ID number is not a real date',
  },
  id_number_check_digit: {
    status: 400,
    zh: '身份证号校验位不正确（GB 11643）',
    en: 'The ID number check character is wrong (GB 11643)',
  },
  elder_too_young: {
    status: 400,
    zh: '登记对象须年满 {minAge} 周岁（按身份证号计算为 {age} 岁）',
    en: 'An elder must be at least {minAge} years old (the ID number gives {age})',
  },
  duplicate_id_number: {
    status: 409,
    zh: '该身份证号已建档',
    en: 'An elder with this ID number is already registered',
  },
  unknown_community: {
    status: 400,
    zh: '社区代码 {code} 不存在或不是社区（村/居委会）',
    en: 'Community code {code} does not exist or is not a community',
  },
  outside_jurisdiction: {
    status: 403,
    zh: '无权在该辖区 {code} 操作',
    en: 'You may not act in jurisdiction {code}',
  },
  cross_origin_refused: {
    status: 403,
    zh: '拒绝来自其他站点的请求',
    en: 'Requests from another site are refused',
  },
  grant_anchor: {
    status: 400,
    zh: '角色 {role} 只能按 {anchor} 授权，请勿同时指定其他对象',
    en: 'Role {role} is granted on {anchor} only; name nothing else in the grant',
  },
  duplicate_username: { status: 409, zh: '用户名已被使用', en: 'This username is taken' },
  already_archived: { status: 409, zh: '该档案已注销', en: 'This record is already archived' },
  not_found: { status: 404, zh: '记录不存在', en: 'Record not found' },
  route_not_found: { status: 404, zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please log in' },
  forbidden: { status: 403, zh: '当前角色无权执行此操作', en: 'Your role may not do this' },
  bad_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: {
    status: 423,
    zh: '连续登录失败次数过多，账号已锁定至 {until}',
    en: 'Too many failed logins: the account is locked until {until}',
  },
  too_many_requests: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  statement_timeout: {
    status: 503,
    zh: '查询用时过长，已停止；请缩小查询范围后重试',
    en: 'The query took too long and was stopped; narrow it down and try again',
  },
  demo_password_refused: {
    status: 403,
    zh: '生产环境禁止使用演示账号密码',
    en: 'Demo passwords are refused in production',
  },
  weak_password: {
    status: 400,
    zh: '新密码至少 10 位，且须包含字母和数字',
    en: 'The new password needs at least 10 characters with letters and digits',
  },
  password_common: {
    status: 400,
    zh: '该密码是最常见的密码之一，很容易被猜中，请换一个',
    en: 'This is one of the most common passwords and easily guessed; choose another',
  },
  password_contains_username: {
    status: 400,
    zh: '密码不能包含用户名',
    en: 'The password may not contain the username',
  },
  password_reused: {
    status: 400,
    zh: '新密码不能与原密码相同',
    en: 'The new password may not be the same as the previous one',
  },
  import_invalid: {
    status: 422,
    zh: '导入文件有 {count} 处错误，未写入任何数据',
    en: 'The import file has {count} errors; nothing was written',
  },
  import_file_unreadable: {
    status: 400,
    zh: '无法读取导入文件：{reason}',
    en: 'Cannot read the import file: {reason}',
  },
  // elder import/export (src/domain/elders/import*.ts)
  import_unsupported_format: {
    status: 400,
    zh: '不支持的文件格式：请上传 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）',
    en: 'Unsupported file format: upload .xlsx or .csv (save old .xls files as .xlsx first)',
  },
  import_no_header: {
    status: 400,
    zh: '找不到表头：前 10 行中没有同时包含“姓名”和“身份证号”的行',
    en: 'No header row: none of the first 10 rows has both 姓名 and 身份证号 columns',
  },
  import_no_rows: { status: 400, zh: '导入文件没有数据行', en: 'The import file has no data rows' },
  import_too_many_rows: {
    status: 413,
    zh: '一个导入文件最多 {limit} 行，请拆分后分批导入',
    en: 'An import file may have at most {limit} rows; split it and import the parts',
  },
  import_file_too_large: {
    status: 413,
    zh: '导入文件超过 {limit} MB',
    en: 'The import file is larger than {limit} MB',
  },
  import_missing_column: { status: 400, zh: '缺少必填列“{column}”', en: 'Missing required column "{column}"' },
  import_duplicate_column: {
    status: 400,
    zh: '列“{column}”与列“{other}”表示同一项，请只保留一列',
    en: 'Columns "{column}" and "{other}" mean the same thing; keep one',
  },
  import_duplicate_in_file: { status: 409, zh: '身份证号与第 {row} 行重复', en: 'Same ID number as row {row}' },
  import_id_number_numeric: {
    status: 400,
    zh: '身份证号被 Excel 存成了数字，末几位已丢失：请将该列设为“文本”格式后重新填写',
    en: 'Excel stored the ID number as a number and lost its last digits: format the column as text and enter it again',
  },
  import_too_many_columns: {
    status: 400,
    zh: '工作表“{sheet}”第 {row} 行用到了 {column} 列，导入最多读取 {limit} 列（A–{last}）：请删除 {last} 列右侧的多余列后重新上传',
    en: 'Sheet "{sheet}" row {row} uses column {column}; an import reads at most {limit} columns (A–{last}): delete the columns right of {last} and upload again',
  },
  import_too_many_cells: {
    status: 413,
    zh: '一个导入文件最多 {limit} 个非空单元格，请拆分后分批导入',
    en: 'An import file may have at most {limit} non-empty cells; split it and import the parts',
  },
  import_cell_too_long: {
    status: 400,
    zh: '工作表“{sheet}”的单元格 {cell} 超过 {limit} 个字符',
    en: 'Cell {cell} of sheet "{sheet}" is longer than {limit} characters',
  },
  import_file_inflates_too_large: {
    status: 413,
    zh: '导入文件解压后超过 {limit} MB（可能含有大量空白格式），请另存为只含老人信息的 .xlsx 或 .csv 后重新上传',
    en: 'The import file inflates past {limit} MB (perhaps much empty formatting); save only the elder data as .xlsx or .csv and upload again',
  },
  duplicate_id_number_elsewhere: {
    status: 409,
    zh: '该身份证号已在其他辖区建档，如需迁入请向市级申请档案迁移',
    en: 'This ID number is registered in another jurisdiction; to move the record here, ask the city bureau for a record transfer',
  },
  community_name_unknown: {
    status: 400,
    zh: '您的辖区内没有名为“{name}”的社区（村）',
    en: 'No community named "{name}" in your jurisdiction',
  },
  community_name_ambiguous: {
    status: 400,
    zh: '社区名称“{name}”对应多个社区：{candidates}；请改填 12 位社区代码',
    en: 'Community name "{name}" matches several communities: {candidates}; use the 12-digit code',
  },
  hukou_unrecognised: {
    status: 400,
    zh: '户籍地“{value}”无法识别：请填写区划代码（如 330102）或“省市区县”名称',
    en: 'Household registration "{value}" is not recognised: give a division code (e.g. 330102) or province, city and county names',
  },
  // institutions and workforce
  unknown_jurisdiction: { status: 400, zh: '辖区代码 {code} 不存在', en: 'Jurisdiction code {code} does not exist' },
  bed_label_taken: { status: 409, zh: '床位编号 {label} 已存在', en: 'Bed {label} already exists' },
  bed_unavailable: {
    status: 409,
    zh: '床位 {label} 当前为“{status}”，不能办理此操作',
    en: 'Bed {label} is {status}; this is not possible now',
  },
  already_resident: { status: 409, zh: '该老人已在“{name}”入住', en: 'This elder already lives in {name}' },
  residency_closed: { status: 409, zh: '该入住记录已办理出院', en: 'This stay has already ended' },
  admission_needs_offer: {
    status: 409,
    zh: '公办养老机构的床位须经入院评估轮候安排，或由民政部门兜底安置',
    en: 'Beds of public institutions are allocated through the admission waiting list or placed by the bureau',
  },
  waitlist_not_public: {
    status: 400,
    zh: '“{name}”不是实行入院评估轮候的公办养老机构',
    en: '{name} is not a public institution with an admission waiting list',
  },
  waitlist_open_exists: {
    status: 409,
    zh: '该老人已有进行中的入院轮候申请',
    en: 'This elder already has an open waiting-list application',
  },
  waitlist_closed: { status: 409, zh: '该轮候申请已结束（{status}）', en: 'This application is closed ({status})' },
  offer_not_open: {
    status: 409,
    zh: '该床位邀约已失效（{status}）',
    en: 'This bed offer is no longer open ({status})',
  },
  worker_registered: {
    status: 409,
    zh: '该身份证号的从业人员已登记',
    en: 'A worker with this ID number is already registered',
  },
  certificate_registered: {
    status: 409,
    zh: '证书编号 {number} 已登记',
    en: 'Certificate {number} is already registered',
  },
  employment_ended: { status: 409, zh: '该任职已结束', en: 'This employment has already ended' },
  // Capability assessment (src/domain/assessment)
  assessment_item_missing: {
    status: 400,
    zh: '缺少评估项目 {item}（{name}）',
    en: 'Missing assessment item {item} ({name})',
  },
  assessment_item_unknown: { status: 400, zh: '不认识的评估项目 {item}', en: 'Unknown assessment item {item}' },
  assessment_item_out_of_range: {
    status: 400,
    zh: '评估项目 {item}（{name}）的得分应为 {min}–{max} 的整数，收到 {value}',
    en: 'Assessment item {item} ({name}) takes a whole score from {min} to {max}, got {value}',
  },
  assessment_coma_inconsistent: {
    status: 400,
    zh: '昏迷须与意识水平（{item}）0 分一致',
    en: 'Coma requires level of consciousness ({item}) = 0',
  },
  assessment_rules_unknown: {
    status: 400,
    zh: '评估规则版本 {version} 不存在',
    en: 'Assessment rules version {version} does not exist',
  },
  assessment_rules_invalid: { status: 400, zh: '评估规则不完整：{detail}', en: 'Invalid assessment rules: {detail}' },
  assessment_rules_exists: {
    status: 409,
    zh: '评估规则版本 {version} 已存在',
    en: 'Assessment rules version {version} already exists',
  },
  assessor_not_qualified: {
    status: 409,
    zh: '评估员 {assessor} 没有覆盖该辖区的有效评估员资格',
    en: 'Assessor {assessor} holds no valid assessor qualification for this jurisdiction',
  },
  assessor_conflict: {
    status: 409,
    zh: '评估员 {assessor} 与该老人存在利害关系（{kind}），须回避',
    en: 'Assessor {assessor} has a conflict with this elder ({kind}) and must stand aside',
  },
  assessors_not_distinct: { status: 400, zh: '须指派两名不同的评估员', en: 'Two different assessors are needed' },
  assessment_wrong_status: {
    status: 409,
    zh: '当前状态为 {status}，不能{action}',
    en: 'The record is {status}: cannot {action}',
  },
  assessment_not_assigned: {
    status: 403,
    zh: '您不是该评估指派的评估员',
    en: 'You are not an assigned assessor of this assessment',
  },
  assessment_already_signed_by_you: {
    status: 409,
    zh: '您已在该评估上签名',
    en: 'You have already signed this assessment',
  },
  assessment_already_corrected: {
    status: 409,
    zh: '该评估已有更正评估',
    en: 'This assessment already has a correction',
  },
  qualification_duplicate: {
    status: 409,
    zh: '评估员资格证书编号 {number} 已登记',
    en: 'Assessor certificate {number} is already registered',
  },
  recheck_draw_exists: {
    status: 409,
    zh: '{district} 辖区 {month} 月的抽查复评已抽取',
    en: 'The re-check draw for {district}, {month} already exists',
  },
  legacy_inconsistent: {
    status: 400,
    zh: '旧标准评估结果不一致：{detail}',
    en: 'Inconsistent old-standard result: {detail}',
  },
  // money: policy engine, ledger, monthly subsidy runs (src/domain/policy, ledger, subsidies)
  policy_unknown_rule: {
    status: 400,
    zh: '未知的政策规则 {rule}（可用：{known}）',
    en: 'Unknown policy rule {rule} (known: {known})',
  },
  policy_fact_missing: {
    status: 400,
    zh: '规则 {rule} 缺少事实 {fact}（应为{expected}）',
    en: 'Rule {rule} needs the fact {fact} ({expected})',
  },
  policy_fact_invalid: { status: 400, zh: '事实 {fact} 应为{expected}', en: 'Fact {fact} must be {expected}' },
  policy_fact_unknown: { status: 400, zh: '规则 {rule} 不使用事实 {fact}', en: 'Rule {rule} takes no fact {fact}' },
  policy_not_in_force: {
    status: 400,
    zh: '{jurisdiction} 在 {date} 没有有效的 {rule} 规则',
    en: 'No version of {rule} is in force for {jurisdiction} on {date}',
  },
  insufficient_funds: {
    status: 409,
    zh: '余额不足：账户 {account} 可用 {available}，需要 {amount}',
    en: 'Insufficient funds: account {account} has {available} available, {amount} needed',
  },
  appropriation_exceeded: {
    status: 409,
    zh: '预算账户 {account} 超出拨款额度',
    en: 'Budget account {account} would exceed its appropriation',
  },
  idempotency_conflict: {
    status: 409,
    zh: '幂等键 {key} 已用于内容不同的另一笔转账',
    en: 'Idempotency key {key} was already used for a different transfer',
  },
  currency_mismatch: {
    status: 400,
    zh: '两个账户币种不同（{from} / {to}）',
    en: 'The accounts hold different currencies ({from} / {to})',
  },
  transfer_not_allowed: {
    status: 400,
    zh: '不允许从“{from}”类账户转入“{to}”类账户',
    en: 'Transfers from a {from} account to a {to} account are not allowed',
  },
  same_account: { status: 400, zh: '转出和转入不能是同一账户', en: 'The source and destination must differ' },
  hold_not_pending: { status: 409, zh: '该预授权已结束（{state}）', en: 'This hold is no longer pending ({state})' },
  hold_expired: { status: 409, zh: '该预授权已于 {at} 过期', en: 'This hold expired at {at}' },
  capture_exceeds_hold: {
    status: 400,
    zh: '扣款金额 {amount} 超过预授权金额 {held}',
    en: 'Capture of {amount} exceeds the hold of {held}',
  },
  not_reversible: {
    status: 409,
    zh: '该笔记录不能冲正（{reason}）',
    en: 'This transfer cannot be reversed ({reason})',
  },
  account_exists: { status: 409, zh: '该账户已存在（#{id}）', en: 'This account already exists (#{id})' },
  invalid_month: { status: 400, zh: '月份 {month} 无效（应为 YYYY-MM）', en: 'Month {month} is invalid (YYYY-MM)' },
  run_not_approved: {
    status: 409,
    zh: '区县 {district} 的发放清单尚未经区县民政干部审批',
    en: 'District {district} has not been approved by a district officer',
  },
  run_state: { status: 409, zh: '发放批次当前为“{status}”，不能{action}', en: 'The run is {status}: cannot {action}' },
  run_stale: {
    status: 409,
    zh: '预览后数据已变化（{district}），请重新生成预览',
    en: 'Data changed since the preview ({district}); preview again',
  },
  enrolment_not_eligible: {
    status: 400,
    zh: '不符合 {rule} 的条件：{reason}',
    en: 'Not eligible for {rule}: {reason}',
  },
  enrolment_exists: { status: 409, zh: '该对象已登记 {rule}（#{id}）', en: 'Already enrolled in {rule} (#{id})' },
  // Separation of duties (职责分离)
  four_eyes_required: {
    status: 403,
    zh: '发放批次 #{run} 由您发起或试算，{district} 的清单须由该区县另一位民政干部或市级管理员审批',
    en: 'You started or computed run #{run}: another officer of {district}, or the city, must approve its list',
  },
  budget_shortfall: {
    status: 409,
    zh: '预算账户 {account} 不足以支付 {district} 的清单：应付 {needFen} 分，可用 {availableFen} 分，尚缺 {shortfallFen} 分（{shortfall}），请先追加拨款',
    en: 'Budget account {account} cannot cover the list of {district}: {needFen} fen due, {availableFen} fen available, {shortfallFen} fen short ({shortfall}); raise the appropriation first',
  },
  qualification_city_only: {
    status: 403,
    zh: '评估员资格由市级民政部门认定，区县及以下不能登记',
    en: 'Assessor qualifications are granted by the city; districts cannot register them',
  },
  assessor_registered_elder: {
    status: 409,
    zh: '评估员 {assessor} 为该老人建档，不能评估自己登记的老人，须回避',
    en: 'Assessor {assessor} registered this elder and may not assess them',
  },
  homecare_not_provider_kind: {
    status: 400,
    zh: '机构 #{organisation} 不是居家养老服务商类型（{kind}）',
    en: 'Organisation #{organisation} is not of a home-care provider kind ({kind})',
  },
  homecare_provider_exists: { status: 409, zh: '该机构已登记为服务商', en: 'This organisation is already a provider' },
  homecare_not_a_street: {
    status: 400,
    zh: '服务街道 {code} 不是您辖区内的街道（乡镇）',
    en: 'Service street {code} is not a street of your jurisdiction',
  },
  homecare_unknown_item: {
    status: 400,
    zh: '服务项目 {code} 不在当地基本养老服务项目清单中',
    en: 'Service item {code} is not in the local catalogue',
  },
  homecare_unknown_code: {
    status: 400,
    zh: '字段 {field} 的代码 {code} 无效',
    en: 'Field {field}: unknown code {code}',
  },
  homecare_no_provider: {
    status: 409,
    zh: '没有服务商在老人所在街道提供项目 {code}',
    en: "No provider offers {code} in the elder's street",
  },
  homecare_provider_not_serving: {
    status: 409,
    zh: '该服务商不在老人所在街道提供项目 {code}',
    en: "This provider does not offer {code} in the elder's street",
  },
  homecare_no_policy: {
    status: 409,
    zh: '{place} 没有生效的居家服务政策',
    en: 'No home-care policy in effect for {place}',
  },
  homecare_order_state: {
    status: 409,
    zh: '订单当前状态为 {status}，不能{action}',
    en: 'The order is {status}: it cannot be {action}',
  },
  homecare_visit_state: {
    status: 409,
    zh: '服务记录当前状态为 {status}，不能{action}',
    en: 'The visit is {status}: it cannot be {action}',
  },
  homecare_sos_resolved: {
    status: 409,
    zh: '该求助已处理完毕',
    en: 'The alert has been resolved already',
  },
  homecare_pin_simple: {
    status: 400,
    zh: '确认码过于简单（不能是相同数字或连续数字），请换一个',
    en: 'The PIN is too simple (repeated or consecutive digits): choose another',
  },
  homecare_pin_not_set: {
    status: 400,
    zh: '该老人尚未设置服务确认码，请改用老人码确认',
    en: 'The elder has no PIN: confirm with the elder code instead',
  },
  homecare_pin_locked: {
    status: 429,
    zh: '确认码错误次数过多，已锁定至 {until}，请改用老人码确认',
    en: 'Too many wrong PINs: locked until {until}. Confirm with the elder code instead',
  },
  homecare_offer_open: {
    status: 409,
    zh: '该订单已有一份待答复的派单邀约，请等待答复或过期后再发',
    en: 'The order already has an offer awaiting an answer: wait for it or for its expiry',
  },
  homecare_offer_expired: {
    status: 409,
    zh: '派单邀约已过期，请联系服务商重新派单',
    en: 'The offer has expired: ask the provider to offer the order again',
  },
  homecare_offer_answered: {
    status: 409,
    zh: '该派单邀约已答复（{status}）',
    en: 'The offer has been answered already ({status})',
  },
  homecare_worker_not_employed: {
    status: 400,
    zh: '护理员 #{worker} 不是该服务商的在职人员',
    en: 'Worker #{worker} is not employed by this provider',
  },
  homecare_schedule_past: {
    status: 400,
    zh: '预约时间不能早于当前时间',
    en: 'The scheduled start cannot lie in the past',
  },
  homecare_device_time: {
    status: 400,
    zh: '设备时间 {at} 超出可接受范围（最早 {earliest}，不能晚于服务器时间）',
    en: 'Device time {at} is out of range (not before {earliest}, not after the server time)',
  },
  homecare_client_id_reused: {
    status: 409,
    zh: '客户端编号 {clientId} 已用于另一次签到/签退',
    en: 'Client id {clientId} was already used for another check-in or check-out',
  },
  homecare_confirmation_failed: {
    status: 400,
    zh: '老人确认码不正确',
    en: "The elder's confirmation does not match",
  },
  homecare_exception_resolved: { status: 409, zh: '该异常已处理', en: 'This exception is already resolved' },
  homecare_not_a_caregiver: {
    status: 400,
    zh: '账号 {username} 没有该服务商的护理员授权',
    en: 'Account {username} holds no caregiver grant of this provider',
  },
  homecare_already_rated: { status: 409, zh: '该次服务已评价', en: 'This visit is already rated' },
  homecare_complaint_answered: { status: 409, zh: '该投诉已答复', en: 'This complaint is already answered' },
  homecare_month_open: {
    status: 400,
    zh: '月份 {month} 尚未开始',
    en: 'Month {month} has not begun',
  },
  // homecare (src/domain/homecare): add this domain's errors above this line
  hcb_not_eligible: {
    status: 400,
    zh: '该老人当前能力等级为 {level} 级，家庭养老照护床位须 {minLevel} 级（中度失能）及以上',
    en: 'The elder is assessed at level {level}; a family care bed needs level {minLevel} (moderate impairment) or worse',
  },
  hcb_no_assessment: {
    status: 400,
    zh: '该老人尚无已签署的能力评估，不能申请家庭养老照护床位',
    en: 'The elder has no signed assessment: a family care bed cannot be applied for yet',
  },
  hcb_state: {
    status: 409,
    zh: '该床位当前为“{status}”，不能{action}',
    en: 'The bed is {status}: cannot {action}',
  },
  hcb_open_exists: {
    status: 409,
    zh: '该老人已有未撤销的家庭养老照护床位（编号 {id}）',
    en: 'The elder already has an open family care bed (#{id})',
  },
  hcb_elder_inactive: { status: 409, zh: '该老人档案已注销', en: "The elder's record is archived" },
  meal_already_served: {
    status: 409,
    zh: '该老人今天的{meal}已享受过助餐补贴',
    en: 'The elder has already had a subsidised {meal} today',
  },
  meal_no_menu: {
    status: 409,
    zh: '该助餐点今天没有{meal}菜单',
    en: 'The meal point has no {meal} menu today',
  },
  meal_face_unmatched: {
    status: 400,
    zh: '刷脸未能识别老人身份，请改用老人码',
    en: 'Face check-in did not identify the elder; use the elder code',
  },
  visit_task_done: { status: 409, zh: '该探访任务已完成', en: 'This visit task is already done' },
  visit_assignee_out_of_reach: {
    status: 400,
    zh: '被指派人不是该社区的社区工作者或志愿者',
    en: 'The assignee is not a community worker or volunteer of this community',
  },
  visit_follow_up_done: { status: 409, zh: '该跟进事项已办结', en: 'This follow-up is already closed' },
  meal_settlement_month_open: {
    status: 409,
    zh: '{month} 尚未结束，月结须在次月进行',
    en: '{month} has not ended yet: a month is settled once it is over',
  },
  ha_not_eligible: {
    status: 400,
    zh: '该老人没有适老化改造资助对象身份（特困、低保等）',
    en: 'The elder has no status that home adaptation funds (extreme poverty, subsistence allowance …)',
  },
  ha_open_exists: {
    status: 409,
    zh: '该老人已有进行中的适老化改造项目（编号 {id}）',
    en: 'The elder already has a home adaptation project under way (#{id})',
  },
  ha_state: {
    status: 409,
    zh: '该改造项目当前为“{status}”，不能{action}',
    en: 'The project is {status}: cannot {action}',
  },
  ha_item_over_cap: {
    status: 400,
    zh: '改造项目“{item}”的单价 {unitCostFen} 分超过限额 {capFen} 分',
    en: 'Item "{item}" costs {unitCostFen} fen a unit, above its cap of {capFen} fen',
  },
  ha_no_setting: {
    status: 409,
    zh: '当地没有在执行的适老化改造资助标准',
    en: 'No home adaptation subsidy setting is in force at this place',
  },
  // community (src/domain/community): add this domain's errors above this line
  alarm_serial_exists: {
    status: 409,
    zh: '序列号 {serial} 的设备已登记',
    en: 'A device with serial {serial} is already registered',
  },
  alarm_device_retired: { status: 409, zh: '该设备已停用', en: 'This device is retired' },
  alarm_incident_state: {
    status: 409,
    zh: '该警情当前为“{status}”，不能{action}',
    en: 'The incident is {status}: cannot {action}',
  },
  // alarms (src/domain/alarms): add this domain's errors above this line
  cockpit_no_lower_level: {
    status: 400,
    zh: '{code} 已是最低一级辖区，无法再向下钻取',
    en: '{code} has no lower level to drill into',
  },
  cockpit_radius_out_of_range: {
    status: 400,
    zh: '覆盖半径须在 100 至 5000 米之间',
    en: 'The coverage radius must lie between 100 and 5000 metres',
  },
  cockpit_tile_unavailable: {
    status: 502,
    zh: '地图瓦片服务暂不可用',
    en: 'The map tile server is not answering',
  },
  cockpit_circle_is_policy: {
    status: 400,
    zh: '养老服务圈的半径和设施类型由政策规定，不能另行指定',
    en: 'The service circle takes its radius and facility kinds from policy: do not give radiusM or kinds',
  },
  // cockpit (src/domain/cockpit): add this domain's errors above this line
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  field: string;
  code: ErrorCode;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(fill(ERRORS[code].en, params));
    this.status = ERRORS[code].status;
  }
}

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

export function message(code: ErrorCode, lang: Lang, params: Record<string, string | number> = {}): string {
  const entry = ERRORS[code];
  return fill(lang === 'en' ? entry.en : entry.zh, params);
}

export function langFrom(acceptLanguage: string | undefined): Lang {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh-CN';
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  field?: string;
  errors?: { field: string; code: string; message: string }[];
}

export function errorBody(err: AppError, lang: Lang): ErrorBody {
  const body: ErrorBody = { statusCode: err.status, code: err.code, message: message(err.code, lang, err.params) };
  if (err.field) body.field = err.field;
  if (err.fieldErrors.length) {
    body.errors = err.fieldErrors.map((e) => ({
      field: e.field,
      code: e.code,
      message: message(e.code, lang, { field: e.field, ...e.params }),
    }));
  }
  return body;
}

/** Raises one validation error for several field problems (the first one names the response). */
export function validationError(problems: FieldError[]): AppError {
  const first = problems[0]!;
  if (problems.length === 1)
    return new AppError(first.code, { field: first.field, ...first.params }, first.field, problems);
  return new AppError(first.code, { field: first.field, ...first.params }, first.field, problems);
}
