import { describe, expect, it } from '@jest/globals';
import type { MuGradeRules } from '../../config/app.config';
import { GradeCandidate, gradeProjects } from './mu-grade.calculator';

const shares: MuGradeRules = { mode: 'shares', shares: { a: 0.2, b: 0.3, d: 0.05 }, thresholds: { a: 30, b: 15, c: 5 } };
const project = (code: string, tax: number | null, output: number | null = null, landAreaMu: number | null = 10): GradeCandidate => ({
  leadId: `id-${code}`,
  code,
  landAreaMu,
  tax,
  output,
});
const gradesOf = (result: ReturnType<typeof gradeProjects>) => Object.fromEntries(result.map((r) => [r.code, r.grade]));

describe('gradeProjects by shares (A ≤ 20 %, B ≤ next 30 %, D ≥ 5 %)', () => {
  it('grades twenty distinct projects 4 A, 6 B, 9 C, 1 D with the figures that decided', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => project(`P${String(i + 1).padStart(2, '0')}`, (20 - i) * 10));
    const result = gradeProjects(twenty, shares);
    const count = (g: string) => result.filter((r) => r.grade === g).length;
    expect([count('A'), count('B'), count('C'), count('D')]).toEqual([4, 6, 9, 1]);
    expect(result[0]).toMatchObject({ code: 'P01', grade: 'A', taxPerMu: 20, rank: 1, graded: 20 });
    expect(result[0].reason).toBe('亩均税收 20 万元/亩，列第 1/20 位，前 20%（至多）');
    expect(result[19]).toMatchObject({ code: 'P20', grade: 'D', taxPerMu: 1, rank: 20 });
  });

  it('drops a tie at the A boundary out of A, so A stays at most its share', () => {
    // 10 projects: A may take 2; the 2nd and 3rd tie, so A takes only the 1st
    const ten = [project('a', 100), project('b', 90), project('c', 90), ...Array.from({ length: 7 }, (_, i) => project(`x${i}`, 50 - i))];
    const grades = gradesOf(gradeProjects(ten, shares));
    expect(grades.a).toBe('A');
    expect([grades.b, grades.c]).toEqual(['B', 'B']);
  });

  it('takes a tie at the D boundary into D, so D stays at least its share', () => {
    const ten = [...Array.from({ length: 8 }, (_, i) => project(`x${i}`, 100 - i)), project('y', 5), project('z', 5)];
    const result = gradeProjects(ten, shares);
    expect(gradesOf(result)).toMatchObject({ y: 'D', z: 'D' });
    expect(result.filter((r) => r.grade === 'D').map((r) => r.rank)).toEqual([9, 9]);
  });

  it('breaks a tax tie by output per 亩, and gives the same grade whatever the input order', () => {
    const list = [
      project('top', 60),
      project('m', 50, 400),
      project('n', 50, 300),
      ...Array.from({ length: 7 }, (_, i) => project(`x${i}`, 10 - i)),
    ];
    const forward = gradeProjects(list, shares);
    const backward = gradeProjects([...list].reverse(), shares);
    expect(forward).toEqual(backward);
    expect(gradesOf(forward)).toMatchObject({ m: 'A', n: 'B' });
  });

  it('leaves out projects without tax or land area, saying why', () => {
    const result = gradeProjects([project('a', 100), project('b', null), project('c', 50, null, null)], shares);
    expect(result.map((r) => [r.code, r.grade])).toEqual([
      ['a', 'D'],
      ['b', null],
      ['c', null],
    ]);
    expect(result[1].reason).toContain('未填报');
    expect(result[2].reason).toContain('用地面积');
  });
});

describe('gradeProjects by absolute thresholds', () => {
  it('grades by tax per 亩 against A ≥ 30, B ≥ 15, C ≥ 5 (万元/亩), boundaries inclusive', () => {
    const rules: MuGradeRules = { ...shares, mode: 'absolute' };
    const result = gradeProjects([project('a', 300), project('b', 299.9), project('c', 150), project('d', 50), project('e', 49)], rules);
    expect(gradesOf(result)).toEqual({ a: 'A', b: 'B', c: 'B', d: 'C', e: 'D' });
    expect(result[0].reason).toBe('亩均税收 30 万元/亩 ≥ 30 万元/亩');
  });
});
