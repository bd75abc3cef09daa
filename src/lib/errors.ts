// The error catalogue: a stable code, an HTTP status and a message in zh-CN and en.
// Messages may carry {placeholders} filled from the error's params.
export type Lang = 'zh-CN' | 'en';

interface CatalogueEntry {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  validation_failed: { status: 400, zh: '输入有误：{detail}', en: 'Invalid input: {detail}' },
  required: { status: 400, zh: '缺少必填字段 {field}', en: 'Missing required field {field}' },
  invalid_type: { status: 400, zh: '字段 {field} 应为{type}', en: 'Field {field} must be {type}' },
  invalid_format: { status: 400, zh: '字段 {field} 格式不正确', en: 'Field {field} has an invalid format' },
  too_short: { status: 400, zh: '字段 {field} 至少需要 {limit} 个字符', en: 'Field {field} needs at least {limit} characters' },
  too_long: { status: 400, zh: '字段 {field} 最多 {limit} 个字符', en: 'Field {field} allows at most {limit} characters' },
  out_of_range: { status: 400, zh: '字段 {field} 超出允许范围', en: 'Field {field} is out of the allowed range' },
  not_allowed_value: { status: 400, zh: '字段 {field} 的取值不在允许列表中', en: 'Field {field} is not one of the allowed values' },
  unknown_field: { status: 400, zh: '不认识的字段 {field}', en: 'Unknown field {field}' },
  invalid_date: { status: 400, zh: '字段 {field} 不是有效日期（应为 YYYY-MM-DD）', en: 'Field {field} is not a valid date (YYYY-MM-DD)' },
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
  duplicate_id_number: { status: 409, zh: '该身份证号已建档', en: 'An elder with this ID number is already registered' },
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
  import_invalid: {
    status: 422,
    zh: '导入文件有 {count} 处错误，未写入任何数据',
    en: 'The import file has {count} errors; nothing was written',
  },
  import_file_unreadable: { status: 400, zh: '无法读取导入文件：{reason}', en: 'Cannot read the import file: {reason}' },
  // Capability assessment (src/domain/assessment)
  assessment_item_missing: { status: 400, zh: '缺少评估项目 {item}（{name}）', en: 'Missing assessment item {item} ({name})' },
  assessment_item_unknown: { status: 400, zh: '不认识的评估项目 {item}', en: 'Unknown assessment item {item}' },
  assessment_item_out_of_range: { status: 400, zh: '评估项目 {item}（{name}）的得分应为 {min}–{max} 的整数，收到 {value}', en: 'Assessment item {item} ({name}) takes a whole score from {min} to {max}, got {value}' },
  assessment_coma_inconsistent: { status: 400, zh: '昏迷须与意识水平（{item}）0 分一致', en: 'Coma requires level of consciousness ({item}) = 0' },
  assessment_rules_unknown: { status: 400, zh: '评估规则版本 {version} 不存在', en: 'Assessment rules version {version} does not exist' },
  assessment_rules_invalid: { status: 400, zh: '评估规则不完整：{detail}', en: 'Invalid assessment rules: {detail}' },
  assessment_rules_exists: { status: 409, zh: '评估规则版本 {version} 已存在', en: 'Assessment rules version {version} already exists' },
  assessor_not_qualified: { status: 409, zh: '评估员 {assessor} 没有覆盖该辖区的有效评估员资格', en: 'Assessor {assessor} holds no valid assessor qualification for this jurisdiction' },
  assessor_conflict: { status: 409, zh: '评估员 {assessor} 与该老人存在利害关系（{kind}），须回避', en: 'Assessor {assessor} has a conflict with this elder ({kind}) and must stand aside' },
  assessors_not_distinct: { status: 400, zh: '须指派两名不同的评估员', en: 'Two different assessors are needed' },
  assessment_wrong_status: { status: 409, zh: '当前状态为 {status}，不能{action}', en: 'The record is {status}: cannot {action}' },
  assessment_not_assigned: { status: 403, zh: '您不是该评估指派的评估员', en: 'You are not an assigned assessor of this assessment' },
  assessment_already_signed_by_you: { status: 409, zh: '您已在该评估上签名', en: 'You have already signed this assessment' },
  assessment_already_corrected: { status: 409, zh: '该评估已有更正评估', en: 'This assessment already has a correction' },
  qualification_duplicate: { status: 409, zh: '评估员资格证书编号 {number} 已登记', en: 'Assessor certificate {number} is already registered' },
  recheck_draw_exists: { status: 409, zh: '{district} 辖区 {month} 月的抽查复评已抽取', en: 'The re-check draw for {district}, {month} already exists' },
  legacy_inconsistent: { status: 400, zh: '旧标准评估结果不一致：{detail}', en: 'Inconsistent old-standard result: {detail}' },
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
    body.errors = err.fieldErrors.map((e) => ({ field: e.field, code: e.code, message: message(e.code, lang, { field: e.field, ...e.params }) }));
  }
  return body;
}

/** Raises one validation error for several field problems (the first one names the response). */
export function validationError(problems: FieldError[]): AppError {
  const first = problems[0]!;
  if (problems.length === 1) return new AppError(first.code, { field: first.field, ...first.params }, first.field, problems);
  return new AppError(first.code, { field: first.field, ...first.params }, first.field, problems);
}
