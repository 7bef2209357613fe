/**
 * 首引人积分: the rules, declared once (defaults here, points overridable by configuration, src/config/app.config.ts),
 * and the pure calculator that turns a lead's facts into scored lines. Only confirmed figures (审核确认) earn points;
 * the same event still awaiting a leader's confirmation is shown beside them as awaiting points.
 */

/** The events a referrer earns points for, in pipeline order, each with the confirmable stage it needs. */
export const CREDIT_EVENTS = [
  { event: 'signed', label: '签约', stage: 'signed', dateField: 'signedAt' },
  { event: 'started', label: '开工', stage: 'building', dateField: 'constructionStartedAt' },
  { event: 'operating', label: '投产', stage: 'operating', dateField: 'operatingAt' },
] as const;

export type CreditEvent = (typeof CREDIT_EVENTS)[number]['event'];
export type CreditDeduction = 'missed_start' | 'voided';
export type CreditLineKind = CreditEvent | CreditDeduction;

export const CREDIT_LINE_LABELS: Record<CreditLineKind, string> = {
  signed: '签约',
  started: '开工',
  operating: '投产',
  missed_start: '逾期未按约定开工 (扣分)',
  voided: '已确认数据被撤销 (扣分)',
};

/** A contract amount band (万元): amounts up to `upTo` (inclusive; null: no upper bound) weigh `factor`. */
export interface AmountBand {
  upTo: number | null;
  factor: number;
  label: string;
}

export interface CreditRules {
  points: Record<CreditEvent, number>;
  deductions: Record<CreditDeduction, number>;
  /** Ascending by `upTo`, the last one open-ended. */
  amountBands: AmountBand[];
}

export const DEFAULT_AMOUNT_BANDS: AmountBand[] = [
  { upTo: 5_000, factor: 1, label: '5000万元及以下' },
  { upTo: 20_000, factor: 1.5, label: '5000万–2亿元' },
  { upTo: 100_000, factor: 2, label: '2亿–10亿元' },
  { upTo: null, factor: 3, label: '10亿元以上' },
];

export const DEFAULT_CREDIT_RULES: CreditRules = {
  points: { signed: 10, started: 6, operating: 8 },
  deductions: { missed_start: 5, voided: 10 },
  amountBands: DEFAULT_AMOUNT_BANDS,
};

/** What the calculator needs to know of a lead (dates YYYY-MM-DD). */
export interface CreditLeadFacts {
  contractInvestment: number | null;
  signedAt: string | null;
  agreedStartDate: string | null;
  constructionStartedAt: string | null;
  operatingAt: string | null;
  /** The confirmable stages with a standing (not voided) confirmation. */
  confirmedStages: readonly string[];
  /** A lost lead earns no points for its events (they left the figures) but keeps its deductions. */
  lost: boolean;
  /** Confirmations voided (by a move back), with the day they were voided. */
  voided: ReadonlyArray<{ stage: string; voidedOn: string }>;
}

export interface CreditLine {
  kind: CreditLineKind;
  label: string;
  date: string;
  /** The contract amount the line was weighted by (万元); null for flat deductions. */
  amount: number | null;
  band: string | null;
  factor: number;
  /** Points counted (negative for deductions); 0 while awaiting confirmation. */
  points: number;
  /** Points the line will count once confirmed (0 once confirmed, and for deductions). */
  awaitingPoints: number;
  confirmed: boolean;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The band an amount falls in (a missing amount weighs like the lowest band). */
export function amountBand(rules: CreditRules, amount: number | null): AmountBand {
  const value = amount ?? 0;
  return rules.amountBands.find((band) => band.upTo === null || value <= band.upTo) ?? rules.amountBands[rules.amountBands.length - 1];
}

const inYear = (date: string | null, year: number): date is string => date !== null && date.startsWith(`${year}-`);

/**
 * The lead's scored lines for a year: one per event (signing, start, operation) dated in the year, weighted by the
 * contract amount's band and counted once its stage is confirmed; a deduction when the agreed start date fell in the
 * year and construction had not started by it (late or not at all by `today`); a deduction per confirmation voided in the year.
 * A lost lead keeps its deductions only.
 */
export function creditLines(rules: CreditRules, lead: CreditLeadFacts, year: number, today: string): CreditLine[] {
  const lines: CreditLine[] = [];
  const band = amountBand(rules, lead.contractInvestment);
  for (const spec of lead.lost ? [] : CREDIT_EVENTS) {
    const date = lead[spec.dateField];
    if (!inYear(date, year)) continue;
    const points = round2(rules.points[spec.event] * band.factor);
    const confirmed = lead.confirmedStages.includes(spec.stage);
    lines.push({
      kind: spec.event,
      label: CREDIT_LINE_LABELS[spec.event],
      date,
      amount: lead.contractInvestment,
      band: band.label,
      factor: band.factor,
      points: confirmed ? points : 0,
      awaitingPoints: confirmed ? 0 : points,
      confirmed,
    });
  }
  const agreed = lead.agreedStartDate;
  if (lead.signedAt !== null && inYear(agreed, year) && agreed < today) {
    const started = lead.constructionStartedAt;
    if (started === null || started > agreed) lines.push(deduction('missed_start', agreed, rules.deductions.missed_start));
  }
  for (const voided of lead.voided)
    if (inYear(voided.voidedOn, year)) lines.push(deduction('voided', voided.voidedOn, rules.deductions.voided));
  return lines;
}

function deduction(kind: CreditDeduction, date: string, points: number): CreditLine {
  return {
    kind,
    label: CREDIT_LINE_LABELS[kind],
    date,
    amount: null,
    band: null,
    factor: 1,
    points: -points,
    awaitingPoints: 0,
    confirmed: true,
  };
}

/** The sums of a set of lines. */
export function totalOf(lines: readonly CreditLine[]): { points: number; awaitingPoints: number } {
  return {
    points: round2(lines.reduce((sum, line) => sum + line.points, 0)),
    awaitingPoints: round2(lines.reduce((sum, line) => sum + line.awaitingPoints, 0)),
  };
}
