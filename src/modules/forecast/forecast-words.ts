/** A number as a bureau writes it: whole leads, 万元 to one decimal at most, with thousands separators. */
export const formatFigure = (value: number, unit: string): string =>
  `${value.toLocaleString('zh-CN', { maximumFractionDigits: unit === '个' ? 0 : 1 })}${unit === '个' ? ' 个' : ` ${unit}`}`;

export interface GapFacts {
  metric: { label: string; unit: string; keyOnly: boolean };
  year: number;
  /** The period named instead of the year (the plan view: `2021–2025年`). */
  period?: string;
  /** Whether the year is over (no forecast left). */
  closed: boolean;
  yearEnd: number;
  target: number;
  /** When new 洽谈 leads must be in by (`6月`), and what one such lead is expected to add by the end (0: nothing in time). */
  deadline: string;
  perNewLead: number;
}

/** The gap in plain words, derived from the numbers: "按当前转化率，6月前还需新增 23 个洽谈项目". */
export function gapWords(f: GapFacts): string {
  const { label, unit, keyOnly } = f.metric;
  const figure = (value: number) => formatFigure(Math.round(value * 10) / 10, unit);
  const when = f.period ?? `${f.year}年`;
  if (f.target <= 0) return `${when}${label}未设目标，${f.closed ? '全年完成' : '按当前转化率全年预计'} ${figure(f.yearEnd)}`;
  if (f.closed) {
    const rate = Math.round((f.yearEnd / f.target) * 1000) / 10;
    return `${when}${label}完成 ${figure(f.yearEnd)}，目标 ${figure(f.target)}，完成率 ${rate}%`;
  }
  if (f.yearEnd >= f.target) return `按当前转化率，${when}${label}预计 ${figure(f.yearEnd)}，可完成目标 ${figure(f.target)}`;
  const gap = f.target - f.yearEnd;
  const head = `按当前转化率，${when}${label}预计 ${figure(f.yearEnd)}，距目标 ${figure(f.target)} 还差 ${figure(gap)}`;
  const kind = keyOnly ? '重点洽谈项目' : '洽谈项目';
  if (!(f.perNewLead > 0)) return `${head}；新增${kind}已难在期内见效，需加快在谈、已签项目的推进`;
  return `${head}；${f.deadline}前还需新增 ${Math.ceil(gap / f.perNewLead)} 个${kind}`;
}
