// Client-side checks mirroring the API's (src/modules/leads/dto/lead-fields.ts), with Chinese messages.
// The API stays the judge: its 400s are mapped onto the same form items.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function normalizeCreditCode(code) {
  return String(code || '')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** GB 32100-2015: the 18th character is a check character over the first 17. */
export function isValidCreditCode(raw) {
  const code = normalizeCreditCode(raw);
  if (!SHAPE.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(code[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31] === code[17];
}

const empty = (v) => v === undefined || v === null || v === '';

export const rules = {
  required: (label) => ({ required: true, message: `请填写${label}`, trigger: ['blur', 'change'] }),
  requiredSelect: (label) => ({ required: true, message: `请选择${label}`, trigger: 'change' }),
  length: (label, min, max) => ({
    validator: (_r, v, cb) =>
      empty(v) || (String(v).trim().length >= min && String(v).length <= max) ? cb() : cb(new Error(`${label}应为 ${min}–${max} 个字符`)),
    trigger: 'blur',
  }),
  max: (label, max) => ({
    validator: (_r, v, cb) => (empty(v) || String(v).length <= max ? cb() : cb(new Error(`${label}不能超过 ${max} 个字符`))),
    trigger: 'blur',
  }),
  wanYuan: (label) => ({
    validator: (_r, v, cb) => {
      if (empty(v)) return cb();
      const n = Number(v);
      if (!Number.isFinite(n)) return cb(new Error(`${label}必须是数字`));
      if (n < 0) return cb(new Error(`${label}不能小于 0`));
      if (n > 999999999999) return cb(new Error(`${label}过大`));
      if (Math.round(n * 100) / 100 !== n) return cb(new Error(`${label}最多两位小数`));
      return cb();
    },
    trigger: ['blur', 'change'],
  }),
  integer: (label, max = 10000000) => ({
    validator: (_r, v, cb) =>
      empty(v) || (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= max)
        ? cb()
        : cb(new Error(`${label}必须是 0–${max} 的整数`)),
    trigger: ['blur', 'change'],
  }),
  creditCode: () => ({
    validator: (_r, v, cb) => (empty(v) || isValidCreditCode(v) ? cb() : cb(new Error('统一社会信用代码无效（18 位，校验位不符）'))),
    trigger: 'blur',
  }),
  phone: () => ({
    validator: (_r, v, cb) => (empty(v) || /^[0-9+\-() ]{5,32}$/.test(v) ? cb() : cb(new Error('电话号码格式不正确'))),
    trigger: 'blur',
  }),
  email: () => ({
    validator: (_r, v, cb) => (empty(v) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? cb() : cb(new Error('邮箱格式不正确'))),
    trigger: 'blur',
  }),
};
