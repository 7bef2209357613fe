// Chinese labels for the API's codes and the translation of its error messages.

// The stages and their labels come from the API's pipeline model: filled by loadPipeline (pipeline.js) before any page shows.
export const STAGES = [];
export const STAGE_LABELS = {};
export const STAGE_COLORS = { lead: '#7aa6d8', negotiating: '#4a86c8', signed: '#2f6db5', building: '#e0a23b', operating: '#3c9d5d' };

export const STATUSES = [
  { value: 'active', label: '推进中', type: 'success' },
  { value: 'on_hold', label: '暂缓', type: 'warning' },
  { value: 'lost', label: '终止', type: 'info' },
];
export const STATUS_LABELS = Object.fromEntries(STATUSES.map((s) => [s.value, s.label]));
export const STATUS_TYPES = Object.fromEntries(STATUSES.map((s) => [s.value, s.type]));

export const SOURCES = [
  { value: 'platform', label: '平台招商' },
  { value: 'industry_chain', label: '产业链招商' },
  { value: 'network', label: '人脉招商' },
  { value: 'business_referral', label: '以商招商' },
  { value: 'targeted', label: '定点定向招商' },
  { value: 'expo', label: '招商推介会/展会' },
];
export const SOURCE_LABELS = Object.fromEntries(SOURCES.map((s) => [s.value, s.label]));

export const LOST_REASONS = [
  { value: 'chose_other_location', label: '落户他地' },
  { value: 'funding', label: '资金问题' },
  { value: 'land', label: '用地问题' },
  { value: 'policy', label: '政策原因' },
  { value: 'environmental', label: '环保/能耗' },
  { value: 'market', label: '市场变化' },
  { value: 'no_response', label: '企业无回应' },
  { value: 'other', label: '其他' },
];
export const LOST_REASON_LABELS = Object.fromEntries(LOST_REASONS.map((s) => [s.value, s.label]));

export const KEY_LEVELS = [
  { value: 'none', label: '非重点' },
  { value: 'district', label: '区级重点' },
  { value: 'city', label: '市级重点' },
  { value: 'province', label: '省级重点' },
];
export const KEY_LEVEL_LABELS = Object.fromEntries(KEY_LEVELS.map((s) => [s.value, s.label]));

export const FOLLOW_UP_TYPES = [
  { value: 'visit', label: '上门拜访' },
  { value: 'call', label: '电话沟通' },
  { value: 'meeting', label: '会谈' },
  { value: 'site_visit', label: '实地考察' },
  { value: 'online', label: '线上沟通' },
  { value: 'signing', label: '签约活动' },
  { value: 'other', label: '其他' },
];
export const FOLLOW_UP_TYPE_LABELS = Object.fromEntries(FOLLOW_UP_TYPES.map((s) => [s.value, s.label]));

export const ISSUE_CATEGORIES = [
  { value: 'approval', label: '审批手续' },
  { value: 'land', label: '用地' },
  { value: 'utilities', label: '水电气暖' },
  { value: 'financing', label: '融资' },
  { value: 'talent', label: '人才' },
  { value: 'policy', label: '政策兑现' },
  { value: 'other', label: '其他' },
];
export const ISSUE_CATEGORY_LABELS = Object.fromEntries(ISSUE_CATEGORIES.map((s) => [s.value, s.label]));
export const ISSUE_STATUS_LABELS = { open: '待处理', in_progress: '处理中', resolved: '已解决' };

export const ROLE_LABELS = { promoter: '招商人员', commissioner: '护商专员', leader: '领导', admin: '管理员' };

export const ASSESSMENT_CRITERIA = [
  { key: 'industryFit', label: '产业契合度', max: 30 },
  { key: 'investmentIntensity', label: '投资强度（万元/亩）', max: 25 },
  { key: 'taxPerMu', label: '亩均税收（万元/亩·年）', max: 20 },
  { key: 'technology', label: '技术水平', max: 15 },
  { key: 'energyEnvironment', label: '能耗与环保', max: 10 },
];
export const COMMON_VETOES = ['属于淘汰类/限制类产业', '不符合国土空间规划', '环评不可行', '能耗指标无法保障', '存在重大失信记录'];

/** Field labels of a lead, its gate data and its sub-records; used for forms, timelines and errors. */
export const FIELD_LABELS = {
  code: '项目编号',
  name: '项目名称',
  codeName: '项目代号',
  companyName: '企业名称',
  creditCode: '统一社会信用代码',
  industryCode: '产业类别',
  source: '招商方式',
  sourceCity: '来源地',
  plannedInvestment: '计划投资额',
  contractInvestment: '合同投资额',
  actualInvestment: '实际到位投资',
  signedAt: '签约日期',
  agreedStartDate: '约定开工日期',
  agreedOperatingDate: '约定投产日期',
  constructionStartedAt: '实际开工日期',
  operatingAt: '实际投产日期',
  expectedAnnualOutput: '预计年产值',
  expectedAnnualTax: '预计年税收',
  expectedJobs: '预计就业',
  landAreaMu: '用地面积',
  zoneCode: '落地区域',
  keyProjectLevel: '重点项目级别',
  contacts: '联系人',
  teamId: '团队',
  ownerId: '招商负责人',
  commissionerId: '护商专员',
  assessment: '事前评估（通过）',
  stage: '阶段',
  status: '状态',
  lostReason: '终止原因',
  lostTo: '落户去向',
  note: '原因/说明',
  nextFollowUpAt: '下次跟进',
  lastFollowUpAt: '最近跟进',
  version: '版本',
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
};

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
