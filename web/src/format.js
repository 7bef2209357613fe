// Dates in the district's time zone (Asia/Shanghai), amounts in 万元.

export const TIME_ZONE = 'Asia/Shanghai';

const parts = (date, options) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, hourCycle: 'h23', ...options })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );

/** YYYY-MM-DD of an instant in the district. */
export function districtDay(value = new Date()) {
  const p = parts(new Date(value), { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

export function formatDateTime(value) {
  if (!value) return '—';
  const p = parts(new Date(value), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatDate(value) {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return districtDay(value);
}

export function formatTime(value) {
  const p = parts(new Date(value), { hour: '2-digit', minute: '2-digit' });
  return `${p.hour}:${p.minute}`;
}

/** "3 天前", "今天 14:00", "明天 09:30", or the date. */
export function relativeDay(value) {
  if (!value) return '未安排';
  const day = districtDay(value);
  const today = districtDay();
  const diff = Math.round((Date.parse(day) - Date.parse(today)) / 86400000);
  if (diff === 0) return `今天 ${formatTime(value)}`;
  if (diff === 1) return `明天 ${formatTime(value)}`;
  if (diff === -1) return `昨天 ${formatTime(value)}`;
  if (diff < 0) return `${-diff} 天前（${day}）`;
  return `${diff} 天后（${day}）`;
}

/**
 * The one way an amount in 万元 is shown, on every page: from 1 亿 (10,000 万元) in 亿元 with two decimals
 * ("15.00 亿元"), below it in 万元 with thousands separators ("4,800 万元", "350.5 万元"); empty is "—".
 */
export function money(value) {
  if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return '—';
  const n = Number(value);
  if (Math.abs(n) >= 10000) return (n / 10000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' 亿元';
  return n.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + ' 万元';
}

export function percent(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  const n = Number(value);
  return (n <= 1 ? n * 100 : n).toLocaleString('zh-CN', { maximumFractionDigits: 1 }) + '%';
}

/** A <input type=datetime-local> value (district time) as an ISO instant with +08:00. */
export function localInputToIso(value) {
  if (!value) return undefined;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return new Date(`${withSeconds}+08:00`).toISOString();
}

/** An instant as a <input type=datetime-local> value in district time. */
export function isoToLocalInput(value) {
  const p = parts(new Date(value), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
