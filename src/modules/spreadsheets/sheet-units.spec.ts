import { describe, expect, it } from '@jest/globals';
import { LEAD_FIELDS } from '../leads/lead.model';
import { parseQuantity, quantityOf, unitFactor } from './sheet-units';

describe('unitFactor', () => {
  it('knows money and area units in their spellings, and refuses a unit of the other quantity', () => {
    expect(unitFactor('money', '亿元')).toBe(10000);
    expect(unitFactor('money', '（万元）')).toBe(1);
    expect(unitFactor('money', '元')).toBe(0.0001);
    expect(unitFactor('area', '公顷')).toBe(15);
    expect(unitFactor('area', '㎡')).toBe(0.0015);
    expect(unitFactor('area', '万元')).toBeUndefined();
    expect(unitFactor('money', '个')).toBeUndefined();
  });
});

describe('quantityOf', () => {
  it('derives the quantity from the model field unit', () => {
    const byKey = (key: string) => quantityOf(LEAD_FIELDS.find((f) => f.key === key)!);
    expect(byKey('landAreaMu')).toBe('area');
    expect(byKey('expectedAnnualTax')).toBe('money');
    expect(byKey('expectedJobs')).toBeUndefined();
    expect(byKey('name')).toBeUndefined();
  });
});

describe('parseQuantity', () => {
  it('reads the cell unit, full-width digits and separators, converting to the stored unit', () => {
    expect(parseQuantity('5.2亿元', 'money')).toMatchObject({ value: 52000, converted: true, unit: '亿元' });
    expect(parseQuantity('1.2亿', 'money')).toMatchObject({ value: 12000, converted: true });
    expect(parseQuantity('5千万', 'money')).toMatchObject({ value: 5000, converted: true });
    expect(parseQuantity('3,000,000元', 'money')).toMatchObject({ value: 300, converted: true });
    expect(parseQuantity('¥3,000,000', 'money')).toMatchObject({ value: 300, converted: true });
    expect(parseQuantity('８０００万元', 'money')).toMatchObject({ value: 8000, converted: false });
    expect(parseQuantity('１，２３４', 'money')).toMatchObject({ value: 1234, converted: false });
    expect(parseQuantity('6.5公顷', 'area')).toMatchObject({ value: 97.5, converted: true });
    expect(parseQuantity('2000㎡', 'area')).toMatchObject({ value: 3, converted: true });
    expect(parseQuantity('80亩', 'area')).toMatchObject({ value: 80, converted: false });
  });

  it('reads a bare number in the default (header) unit', () => {
    expect(parseQuantity(5.2, 'money', '亿元')).toMatchObject({ value: 52000, converted: true });
    expect(parseQuantity('3000000', 'money', '元')).toMatchObject({ value: 300, converted: true });
    expect(parseQuantity('6.5', 'area', '公顷')).toMatchObject({ value: 97.5 });
    expect(parseQuantity(80, 'area')).toMatchObject({ value: 80, converted: false });
  });

  it('refuses other units, misplaced commas and text', () => {
    expect(parseQuantity('80亩', 'money')).toHaveProperty('problem');
    expect(parseQuantity('1234，5', 'money')).toEqual({ problem: expect.stringContaining('千位分隔符') });
    expect(parseQuantity('很多', 'money')).toHaveProperty('problem');
    expect(parseQuantity('', 'money')).toEqual({ value: null });
  });
});
