import type { MuGradeRules } from '../../config/app.config';

/** 亩均效益评价 grades, best first. */
export type MuGrade = 'A' | 'B' | 'C' | 'D';
export const MU_GRADES: readonly MuGrade[] = ['A', 'B', 'C', 'D'];

export interface GradeCandidate {
  leadId: string;
  /** Orders equal figures in the list (the lead's code); never decides a grade. */
  code: string;
  landAreaMu: number | null;
  /** The year's tax and output (万元). */
  tax: number | null;
  output: number | null;
}

export interface GradedProject {
  leadId: string;
  code: string;
  /** null: not graded (no tax or land area reported for the year). */
  grade: MuGrade | null;
  taxPerMu: number | null;
  outputPerMu: number | null;
  /** 1-based position among the graded projects (equal figures share a position). */
  rank: number | null;
  graded: number;
  /** Why this grade, in Chinese: the figure and the rule or threshold that decided it. */
  reason: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const perMu = (value: number | null, mu: number | null) => (value === null || mu === null || mu <= 0 ? null : round2(value / mu));

/** Higher tax per 亩 first, then higher output per 亩 (a missing output last): the order shares are taken in. */
function compareFigures(a: { taxPerMu: number; outputPerMu: number | null }, b: { taxPerMu: number; outputPerMu: number | null }): number {
  if (a.taxPerMu !== b.taxPerMu) return b.taxPerMu - a.taxPerMu;
  if (a.outputPerMu === b.outputPerMu) return 0;
  if (a.outputPerMu === null) return 1;
  if (b.outputPerMu === null) return -1;
  return b.outputPerMu - a.outputPerMu;
}

/**
 * Grades a year's operating projects by tax per 亩 (then output per 亩). `absolute`: by thresholds.
 * `shares`: D first — at least the D share from the bottom, a tie at its boundary joining D; then A — at
 * most the A share from the top among the rest, a tie at its boundary dropping out of A; then B likewise;
 * the rest C. Equal figures always get the same grade, so the outcome does not depend on input order.
 */
export function gradeProjects(candidates: readonly GradeCandidate[], rules: MuGradeRules): GradedProject[] {
  const rows = candidates.map((c) => ({ ...c, taxPerMu: perMu(c.tax, c.landAreaMu), outputPerMu: perMu(c.output, c.landAreaMu) }));
  const gradable = rows
    .filter((r): r is typeof r & { taxPerMu: number } => r.taxPerMu !== null)
    .sort((a, b) => compareFigures(a, b) || a.code.localeCompare(b.code));
  const n = gradable.length;
  const grades = new Map<string, { grade: MuGrade; reason: string }>();
  const fmt = (r: { taxPerMu: number }) => `亩均税收 ${r.taxPerMu} 万元/亩`;

  if (rules.mode === 'absolute') {
    const t = rules.thresholds;
    for (const r of gradable) {
      const [grade, reason] =
        r.taxPerMu >= t.a
          ? (['A', `≥ ${t.a}`] as const)
          : r.taxPerMu >= t.b
            ? (['B', `≥ ${t.b}`] as const)
            : r.taxPerMu >= t.c
              ? (['C', `≥ ${t.c}`] as const)
              : (['D', `< ${t.c}`] as const);
      grades.set(r.leadId, { grade, reason: `${fmt(r)} ${reason} 万元/亩` });
    }
  } else {
    const same = (i: number, j: number) => compareFigures(gradable[i], gradable[j]) === 0;
    // D: at least ceil(n·d) from the bottom, extended upwards over a tie at the boundary
    let dFrom = n - Math.ceil(n * rules.shares.d);
    while (dFrom > 0 && dFrom < n && same(dFrom - 1, dFrom)) dFrom -= 1;
    // A, then B: at most their share from the top among the rest, cut back over a tie at the boundary
    const cutBack = (from: number, max: number) => {
      let end = Math.min(from + max, dFrom);
      while (end > from && end < n && same(end - 1, end)) end -= 1;
      return end;
    };
    const aEnd = cutBack(0, Math.floor(n * rules.shares.a));
    const bEnd = cutBack(aEnd, Math.floor(n * (rules.shares.a + rules.shares.b)) - aEnd);
    const pct = (share: number) => `${Math.round(share * 100)}%`;
    gradable.forEach((r, i) => {
      const [grade, rule]: [MuGrade, string] =
        i >= dFrom
          ? ['D', `后 ${pct(rules.shares.d)}（至少）`]
          : i < aEnd
            ? ['A', `前 ${pct(rules.shares.a)}（至多）`]
            : i < bEnd
              ? ['B', `其后 ${pct(rules.shares.b)}（至多）`]
              : ['C', '其余'];
      grades.set(r.leadId, { grade, reason: `${fmt(r)}，列第 ${rankOf(i)}/${n} 位，${rule}` });
    });
  }

  function rankOf(i: number): number {
    let first = i;
    while (first > 0 && compareFigures(gradable[first - 1], gradable[i]) === 0) first -= 1;
    return first + 1;
  }
  const order = new Map(gradable.map((r, i) => [r.leadId, i]));
  return [...rows]
    .sort((a, b) => (order.get(a.leadId) ?? n) - (order.get(b.leadId) ?? n) || a.code.localeCompare(b.code))
    .map((r) => {
      const index = order.get(r.leadId);
      const decided = grades.get(r.leadId);
      return {
        leadId: r.leadId,
        code: r.code,
        grade: decided?.grade ?? null,
        taxPerMu: r.taxPerMu,
        outputPerMu: r.outputPerMu,
        rank: index === undefined ? null : rankOf(index),
        graded: n,
        reason: decided?.reason ?? (r.landAreaMu ? '未填报当年税收，不参评' : '用地面积未知，不参评'),
      };
    });
}
