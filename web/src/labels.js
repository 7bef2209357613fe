// Chinese labels for the API's codes and the translation of its error messages.
import { reactive } from 'vue';

// The lead's choices and field labels come from GET /meta (meta.js → applyMeta), the stages' gate inputs and
// moves from GET /meta/pipeline (pipeline.js): declared once, on the server, loaded before any page shows.
export const STAGES = reactive([]);
export const STAGE_LABELS = reactive({});
export const STAGE_COLORS = { lead: '#7aa6d8', negotiating: '#4a86c8', signed: '#2f6db5', building: '#e0a23b', operating: '#3c9d5d' };

export const STATUS_TYPES = { active: 'success', on_hold: 'warning', lost: 'info' };
export const STATUSES = reactive([]);
export const STATUS_LABELS = reactive({});

export const SOURCES = reactive([]);
export const SOURCE_LABELS = reactive({});

export const LOST_REASONS = reactive([]);
export const LOST_REASON_LABELS = reactive({});

export const KEY_LEVELS = reactive([]);
export const KEY_LEVEL_LABELS = reactive({});

/** Field units (万元, 亩, 人) by key. */
export const FIELD_UNITS = reactive({});

// The records around a lead (follow-ups, 企业诉求) and the roles: their choices come from GET /meta too.
export const FOLLOW_UP_TYPES = reactive([]);
export const FOLLOW_UP_TYPE_LABELS = reactive({});
export const ISSUE_CATEGORIES = reactive([]);
export const ISSUE_CATEGORY_LABELS = reactive({});
export const ISSUE_STATUS_LABELS = reactive({});
export const ROLE_LABELS = reactive({});

const CHOICES = [
  ['stage', STAGES, STAGE_LABELS],
  ['status', STATUSES, STATUS_LABELS],
  ['source', SOURCES, SOURCE_LABELS],
  ['lostReason', LOST_REASONS, LOST_REASON_LABELS],
  ['keyProjectLevel', KEY_LEVELS, KEY_LEVEL_LABELS],
  ['followUpType', FOLLOW_UP_TYPES, FOLLOW_UP_TYPE_LABELS],
  ['issueCategory', ISSUE_CATEGORIES, ISSUE_CATEGORY_LABELS],
  ['issueStatus', [], ISSUE_STATUS_LABELS],
  ['role', [], ROLE_LABELS],
];

/** Pours GET /meta into the tables above, in place (components hold references to them). */
export function applyMeta(body) {
  for (const [key, list, labels] of CHOICES) {
    const choices = key === 'stage' ? body.stages : body.enums[key] || [];
    list.splice(0, list.length, ...choices.map((c) => (key === 'status' ? { ...c, type: STATUS_TYPES[c.value] } : { ...c })));
    for (const c of choices) labels[c.value] = c.label;
  }
  Object.assign(FIELD_LABELS, body.labels);
  Object.assign(FIELD_UNITS, body.units);
}

export const ASSESSMENT_CRITERIA = [
  { key: 'industryFit', label: '产业契合度', max: 30 },
  { key: 'investmentIntensity', label: '投资强度（万元/亩）', max: 25 },
  { key: 'taxPerMu', label: '亩均税收（万元/亩·年）', max: 20 },
  { key: 'technology', label: '技术水平', max: 15 },
  { key: 'energyEnvironment', label: '能耗与环保', max: 10 },
];
export const COMMON_VETOES = ['属于淘汰类/限制类产业', '不符合国土空间规划', '环评不可行', '能耗指标无法保障', '存在重大失信记录'];

/** Field labels of the sub-records and request fields that are not a lead's; the lead's fields are added from GET /meta. */
export const FIELD_LABELS = reactive({
  assessment: '需通过事前评估',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '姓名',
  roles: '角色',
  leaderId: '组长',
  note: '原因/说明',
  type: '跟进方式',
  occurredAt: '跟进时间',
  summary: '跟进内容',
  outcome: '结果',
  title: '标题',
  category: '类别',
  description: '描述',
  dueAt: '办结时限',
  handlerId: '经办人',
  department: '责任单位',
  resolution: '处理结果',
  scores: '评分',
  vetoes: '一票否决项',
  username: '用户名',
  password: '密码',
});

export function fieldLabel(field) {
  if (!field) return '';
  const contact = /^contacts\.(\d+)\.(\w+)$/.exec(field);
  if (contact) {
    const sub = { name: '姓名', title: '职务', phone: '电话', email: '邮箱' }[contact[2]] || contact[2];
    return `联系人${Number(contact[1]) + 1}·${sub}`;
  }
  const score = /^scores\.(\w+)$/.exec(field);
  if (score) return ASSESSMENT_CRITERIA.find((c) => c.key === score[1])?.label || field;
  return FIELD_LABELS[field] || field;
}

/** One class-validator message (English) in Chinese. */
export function translateConstraint(message) {
  const m = String(message);
  const rules = [
    [/should not exist/, () => '不允许的字段'],
    [/password must be at least (\d+) characters/, (x) => `至少 ${x[1]} 个字符`],
    [/password must be at most (\d+) characters/, (x) => `不能超过 ${x[1]} 个字符`],
    [/must not be only spaces/, () => '不能只有空格'],
    [/must not contain the username/, () => '不能包含用户名'],
    [/most common passwords/, () => '过于常见，请换一个'],
    [/must differ from the current one/, () => '不能与当前密码相同'],
    [/must be 3–32 lowercase letters/, () => '应为 3–32 位小写字母、数字或 . _ -，以字母开头'],
    [/should not be empty|must not be blank/, () => '不能为空'],
    [/must be longer than or equal to (\d+) characters/, (x) => `至少 ${x[1]} 个字符`],
    [/must be shorter than or equal to (\d+) characters/, (x) => `不能超过 ${x[1]} 个字符`],
    [/must not be less than (-?[\d.]+)/, (x) => `不能小于 ${x[1]}`],
    [/must not be greater than (-?[\d.]+)/, (x) => `不能大于 ${x[1]}`],
    [/must be a number conforming to the specified constraints/, () => '必须是数字（金额最多两位小数）'],
    [/must be an integer/, () => '必须是整数'],
    [/must be a string/, () => '必须是文本'],
    [/must be a boolean/, () => '必须是是/否'],
    [/must be one of the following values|must be a valid enum value/, () => '取值无效'],
    [/must be a date YYYY-MM-DD/, () => '日期格式应为 年-月-日'],
    [/ISO 8601/, () => '日期时间格式不正确'],
    [/must be an email/, () => '邮箱格式不正确'],
    [/must be a phone number/, () => '电话号码格式不正确（5–32 位数字）'],
    [/统一社会信用代码|check character/, () => '统一社会信用代码无效（18 位，校验位不符）'],
    [/must be a UUID/, () => '无效的标识'],
    [/must be an array/, () => '必须是列表'],
    [/must be on or after (\w+)/, (x) => `不能早于${fieldLabel(x[1])}`],
    [/not an active 护商专员/, () => '不是在岗的护商专员'],
    [/does not exist|unknown|not found/i, () => '不存在'],
  ];
  for (const [pattern, render] of rules) {
    const match = pattern.exec(m);
    if (match) return render(match);
  }
  return /[\u4e00-\u9fa5]/.test(m) ? m : `格式不正确（${m}）`;
}

/** The API's error as one Chinese sentence. */
/** The Chinese part of the API's message ("… 已有在库项目 ZS-2026-0001 (the company has a live lead already)"), or ''. */
export function chineseMessage(message) {
  const text = String(message || '')
    .replace(/\s*\([^()]*\)\s*$/, '')
    .trim();
  return /[\u4e00-\u9fa5]/.test(text) ? text : '';
}

export function errorText(error) {
  if (!error) return '';
  const code = error.code;
  const details = error.details || {};
  switch (code) {
    case 'NETWORK_ERROR':
      return '无法连接服务器，请检查网络后重试';
    case 'INVALID_CREDENTIALS':
      return '用户名或密码错误';
    case 'UNAUTHORIZED':
      return '会话已过期，请重新登录';
    case 'TOO_MANY_REQUESTS':
      return '尝试过于频繁，请稍后再试';
    case 'FORBIDDEN':
      return '没有权限执行此操作';
    case 'NOT_FOUND':
      return '记录不存在或无权查看';
    case 'DUPLICATE_USERNAME':
      return '用户名已被使用';
    case 'LAST_ADMIN':
      return '这是最后一位在用的管理员：请先让另一位用户成为管理员';
    case 'CONFLICT':
      if (details.field === 'name') return '已有同名团队';
      return chineseMessage(error.message) || '与已有记录冲突，请刷新后重试';
    case 'VERSION_CONFLICT':
      return '该记录已被他人修改，请刷新后重试';
    case 'DUPLICATE_CREDIT_CODE':
      return details.existingLeadCode ? `统一社会信用代码已被项目 ${details.existingLeadCode} 使用` : '统一社会信用代码已登记';
    case 'STAGE_GATE_UNMET':
      return `条件未满足，还缺少：${(details.missing || []).map(fieldLabel).join('、')}`;
    case 'TRANSITION_NOT_ALLOWED':
      return '当前状态下不允许该操作';
    case 'VALIDATION_FAILED': {
      const fields = details.fields || [];
      if (!fields.length) return '输入有误';
      return '输入有误：' + fields.map((f) => `${fieldLabel(f.field)}${(f.errors || []).map(translateConstraint).join('，')}`).join('；');
    }
    case 'MALFORMED_JSON':
      return '请求格式错误';
    case 'PAYLOAD_TOO_LARGE':
      return '文件过大';
    case 'UNSUPPORTED_MEDIA_TYPE':
      return '文件类型不支持';
    case 'UNPROCESSABLE_ENTITY':
      return /[\u4e00-\u9fa5]/.test(error.message) ? error.message : '当前状态下无法处理该请求';
    default:
      if (error.status >= 500) return '服务器出错，请稍后再试';
      return error.message || '操作失败';
  }
}

/** A 400's field errors as {field: Chinese message}, for el-form items. */
export function fieldErrors(error) {
  const out = {};
  if (error?.code === 'VALIDATION_FAILED') {
    for (const f of error.details?.fields || []) out[f.field] = (f.errors || []).map(translateConstraint).join('，');
  }
  if (error?.code === 'DUPLICATE_CREDIT_CODE') out.creditCode = errorText(error);
  return out;
}
