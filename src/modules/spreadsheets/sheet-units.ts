import { LeadFieldUnit } from '../leads/lead.model';

/**
 * The units a ledger writes amounts and areas in, declared once: for each quantity the unit the lead
 * stores (the model's `unit`), and every other unit with how many stored units one of it is and the
 * spellings a clerk types (in a cell after the number, or in a header in brackets). Cells and headers
 * are both read through unitFactor / parseQuantity.
 */
export type Quantity = 'money' | 'area';

interface UnitSpec {
  /** The name the import report uses. */
  unit: string;
  /** Stored units per one of this unit. */
  factor: number;
  /** How it is written, compared after normalizeUnitText (lower case, half-width, no spaces). */
  spellings: readonly string[];
}

export const QUANTITY_UNITS: Record<Quantity, { stored: LeadFieldUnit; units: readonly UnitSpec[] }> = {
  money: {
    stored: '万元',
    units: [
      { unit: '元', factor: 0.0001, spellings: ['元', '人民币元', 'rmb', 'cny', '¥', '￥'] },
      { unit: '千元', factor: 0.1, spellings: ['千元'] },
      { unit: '万元', factor: 1, spellings: ['万元', '万', '万元人民币'] },
      { unit: '十万元', factor: 10, spellings: ['十万元', '十万'] },
      { unit: '百万元', factor: 100, spellings: ['百万元', '百万'] },
      { unit: '千万元', factor: 1000, spellings: ['千万元', '千万'] },
      { unit: '亿元', factor: 10000, spellings: ['亿元', '亿', '亿元人民币'] },
    ],
  },
  area: {
    stored: '亩',
    units: [
      { unit: '亩', factor: 1, spellings: ['亩'] },
      // 1 公顷 = 15 亩, so 1 亩 = 10000 / 15 ≈ 666.67 平方米
      { unit: '公顷', factor: 15, spellings: ['公顷', 'ha', 'hm²', 'hm2'] },
      { unit: '平方米', factor: 15 / 10000, spellings: ['平方米', '平米', '平方', '㎡', 'm²', 'm2'] },
      { unit: '平方公里', factor: 1500, spellings: ['平方公里', 'km²', 'km2', '㎢'] },
    ],
  },
};

/** Full-width ASCII (１２３，．％) as half-width, the ideographic space as a space: what a clerk's input method types. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** A unit as compared: half-width, lower case, no spaces or brackets around it. */
export function normalizeUnitText(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s()（）[\]【】]/g, '')
    .toLowerCase();
}

const BY_SPELLING = new Map<string, { quantity: Quantity; spec: UnitSpec }>();
for (const quantity of Object.keys(QUANTITY_UNITS) as Quantity[])
  for (const spec of QUANTITY_UNITS[quantity].units)
    for (const s of spec.spellings) BY_SPELLING.set(normalizeUnitText(s), { quantity, spec });

/** Stored units per one `unitText` of the quantity (亿元 → 10000 万元; 公顷 → 15 亩), or undefined for a unit of another quantity or none known. */
export function unitFactor(quantity: Quantity, unitText: string): number | undefined {
  const found = BY_SPELLING.get(normalizeUnitText(unitText));
  return found && found.quantity === quantity ? found.spec.factor : undefined;
}

/** The quantity a field measures, from its stored unit in the model (万元 → money, 亩 → area); undefined for others. */
export function quantityOf(field: { unit?: string }): Quantity | undefined {
  return (Object.keys(QUANTITY_UNITS) as Quantity[]).find((q) => QUANTITY_UNITS[q].stored === field.unit);
}

/** Longest spellings first, so 千万元 is not read as 元 after 千万. */
const SUFFIXES = [...BY_SPELLING.keys()].sort((a, b) => b.length - a.length);

export type QuantityRead =
  { value: number; unit: string; factor: number; converted: boolean; text: string } | { value: null } | { problem: string };

/** A plain number as a clerk types it: half-width already; thousands separators only in groups of three. */
const NUMBER = /^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?$|^[-+]?\.\d+$/;

/** Text of a number with its thousands separators gone, or a problem: a comma elsewhere is a decimal comma or a typo, not guessed at. */
export function plainNumber(text: string): { value: number } | { problem: string } {
  const compact = text.replace(/\s/g, '');
  if (!NUMBER.test(compact)) {
    if (/^[-+]?[\d,]+(\.\d+)?$/.test(compact) && compact.includes(','))
      return { problem: `「${text}」中的逗号不是千位分隔符 (每三位一个; 小数点请写 .)` };
    return { problem: `「${text}」不是数字` };
  }
  return { value: Number(compact.replace(/,/g, '')) };
}

/**
 * A number of the quantity in its stored unit: `5.2亿`, `5千万`, `3,000,000元`, `6.5公顷`, `１２３４` …
 * The cell's own unit wins; a bare number is in `defaultUnit` (the header's unit, else the stored one).
 * `converted` says the value was scaled (the import reports it); a unit of another quantity is a problem.
 */
export function parseQuantity(cell: string | number, quantity: Quantity, defaultUnit?: string): QuantityRead {
  const stored = QUANTITY_UNITS[quantity].stored;
  const fallback = defaultUnit ?? stored;
  const fallbackFactor = unitFactor(quantity, fallback);
  if (fallbackFactor === undefined) return { problem: `单位「${fallback}」不是${quantity === 'money' ? '金额' : '面积'}单位` };
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { problem: '不是数字' };
    return result(cell, fallback, fallbackFactor, String(cell), stored);
  }
  const original = cell.trim();
  let text = toHalfWidth(original)
    .replace(/\s/g, '')
    .replace(/^(约|约为|大约)/, '');
  if (text === '') return { value: null };
  let unit = fallback;
  let factor = fallbackFactor;
  const lower = text.toLowerCase();
  const suffix = SUFFIXES.find((s) => lower.endsWith(s) && lower.length > s.length);
  if (suffix) {
    const found = BY_SPELLING.get(suffix)!;
    if (found.quantity !== quantity)
      return { problem: `「${original}」的单位「${found.spec.unit}」不是${quantity === 'money' ? '金额' : '面积'}单位` };
    unit = found.spec.unit;
    factor = found.spec.factor;
    text = text.slice(0, text.length - suffix.length);
  } else {
    // a prefix currency sign: ¥3,000,000
    const currency = /^[¥￥]/.exec(text);
    if (currency && quantity === 'money') {
      unit = '元';
      factor = unitFactor('money', '元')!;
      text = text.slice(1);
    }
  }
  const number = plainNumber(text);
  if ('problem' in number) return { problem: number.problem.replace(`「${text}」`, `「${original}」`) };
  return result(number.value, unit, factor, original, stored);
}

function result(value: number, unit: string, factor: number, text: string, stored: string): QuantityRead {
  // 5.2 × 10000 is 52000.000000000004 in floating point: ten places are far below any stored precision
  const scaled = factor === 1 ? value : Math.round(value * factor * 1e10) / 1e10;
  return { value: scaled, unit: factor === 1 ? stored : unit, factor, converted: factor !== 1, text };
}
