import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PIPELINE } from '../pipeline/pipeline.model';
import { sqlList } from '../../common/sql/sql-list';
import { CARRIER_ATTRIBUTES, CARRIER_KINDS, CarrierKind } from './carrier.model';
import { MatchCarrier } from './carrier-match.scorer';
import { ENVIRONMENTAL_CATEGORIES, FREE_STATUS, LeadRequirementValues, NUMERIC_REQUIREMENTS } from './lead-requirements.model';

/** A carrier as the matching reads it: the scorer's fields and what a match shows. */
export interface CarrierRow extends MatchCarrier {
  id: string;
  code: string;
  name: string;
  rent: number | null;
  vacantSince: string | null;
  reservedLeadId: string | null;
  reservedUntil: Date | null;
}

/** A live lead with its requirements, as the reverse match reads it. */
export interface RequirementRow extends LeadRequirementValues {
  leadId: string;
  code: string;
  title: string;
  companyName: string;
  stage: string;
  status: string;
  ownerId: string;
}

const MATCHED = CARRIER_ATTRIBUTES.filter((a) =>
  [
    'areaMu',
    'floorArea',
    'landUse',
    'floorLoad',
    'clearHeight',
    'powerKva',
    'sewage',
    'wastewaterAllowed',
    'exhaustAllowed',
    'price',
    'rent',
    'vacantSince',
  ].includes(a.key),
);
/** The carrier's columns the matching reads, over alias `c` (numbers as float8, named as the API names them). */
export const CARRIER_MATCH_COLUMNS = [
  'c.id',
  'c.code',
  'c.name',
  'c.kind',
  'c.status',
  'c.park_code AS "parkCode"',
  'c.reserved_lead_id AS "reservedLeadId"',
  'c.reserved_until AS "reservedUntil"',
  ...MATCHED.map((a) => `c.${a.column}${a.type === 'decimal' ? '::float8' : a.type === 'date' ? '::text' : ''} AS "${a.key}"`),
].join(', ');

/** The stages a lead is matched in: live and not yet signed (签约 takes the carrier through its agreement). */
export const MATCHED_STAGES = PIPELINE.order.slice(0, PIPELINE.order.indexOf('signed'));

const DISCHARGES = {
  wastewater: ENVIRONMENTAL_CATEGORIES.filter((c) => c.wastewater).map((c) => c.key),
  exhaust: ENVIRONMENTAL_CATEGORIES.filter((c) => c.exhaust).map((c) => c.key),
};

const appliesTo = (kinds: readonly string[], kind: CarrierKind) => kinds.includes(kind);

/**
 * The matching's SQL: the hard limits of carrier-match.scorer.ts as WHERE clauses, one SELECT per kind so each
 * runs on its partial index (free land by area, free floor space by kind and area); the scorer then ranks.
 */
@Injectable()
export class CarrierMatchingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Free carriers of `kinds` within every hard limit of `req`, at most `cap` per kind, the nearest the size range's middle first. */
  async freeCandidates(req: LeadRequirementValues, kinds: readonly CarrierKind[], cap: number): Promise<CarrierRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const selects = kinds.map((kind) => {
      const declaration = CARRIER_KINDS.find((k) => k.key === kind);
      const where = [`c.kind = '${kind}'`, `c.status = '${FREE_STATUS[kind]}'`];
      for (const requirement of NUMERIC_REQUIREMENTS) {
        const value = req[requirement.key];
        if (value === null || !appliesTo(requirement.attribute.kinds, kind)) continue;
        where.push(`c.${requirement.attribute.column} ${requirement.bound === 'rangeMax' ? '<=' : '>='} ${param(value)}`);
      }
      if (kind === 'land' && req.landUse !== null) where.push(`c.land_use = ${param(req.landUse)}`);
      const category = ENVIRONMENTAL_CATEGORIES.find((c) => c.key === req.environmentalCategory);
      if (category?.wastewater) where.push(kind === 'land' ? 'c.sewage IS TRUE' : 'c.wastewater_allowed IS TRUE');
      if (category?.exhaust && kind !== 'land') where.push('c.exhaust_allowed IS TRUE');
      const size = NUMERIC_REQUIREMENTS.filter((r) => r.bound !== 'min' && r.attribute.key === declaration?.areaField).map(
        (r) => req[r.key],
      );
      const bounds = size.filter((v): v is number => v !== null);
      const middle = bounds.length ? bounds.reduce((a, b) => a + b, 0) / bounds.length : null;
      const column = CARRIER_ATTRIBUTES.find((a) => a.key === declaration?.areaField)?.column ?? 'area_mu';
      const order = middle === null ? 'c.id' : `abs(c.${column} - ${param(middle)}), c.id`;
      return `(SELECT ${CARRIER_MATCH_COLUMNS} FROM carriers c WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${param(cap)})`;
    });
    if (selects.length === 0) return [];
    return this.dataSource.query<CarrierRow[]>(selects.join(' UNION ALL '), params);
  }

  /** Live leads not yet signed whose requirements `carrier` meets (hard limits, the status aside), within `scope`; at most `cap`. */
  async fittingLeads(carrier: CarrierRow, scope: { sql: string | null; params: unknown[] }, cap: number): Promise<RequirementRow[]> {
    const params = [...scope.params];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [
      'l.deleted_at IS NULL',
      `l.status <> 'lost'`,
      `l.stage IN (${sqlList(MATCHED_STAGES)})`,
      `${param(carrier.kind)} = ANY(r.match_kinds)`,
    ];
    if (scope.sql) where.push(scope.sql);
    for (const requirement of NUMERIC_REQUIREMENTS) {
      if (!appliesTo(requirement.attribute.kinds, carrier.kind)) continue;
      const value = carrier[requirement.attribute.key];
      const column = `r.${requirement.column}`;
      if (value === null) where.push(`${column} IS NULL`);
      else where.push(`(${column} IS NULL OR ${column} ${requirement.bound === 'rangeMax' ? '>=' : '<='} ${param(value)})`);
    }
    if (carrier.kind === 'land')
      where.push(carrier.landUse === null ? 'r.land_use IS NULL' : `(r.land_use IS NULL OR r.land_use = ${param(carrier.landUse)})`);
    const allowsWastewater = carrier.kind === 'land' ? carrier.sewage === true : carrier.wastewaterAllowed === true;
    const allowsExhaust = carrier.kind === 'land' || carrier.exhaustAllowed === true;
    const refused = [...(allowsWastewater ? [] : DISCHARGES.wastewater), ...(allowsExhaust ? [] : DISCHARGES.exhaust)];
    if (refused.length)
      where.push(`(r.environmental_category IS NULL OR r.environmental_category NOT IN (${sqlList([...new Set(refused)])}))`);
    return this.dataSource.query<RequirementRow[]>(
      `SELECT r.lead_id AS "leadId", l.code, coalesce(l.code_name, l.name) AS title, l.company_name AS "companyName", l.stage, l.status,
              l.owner_id AS "ownerId", r.kinds, r.park_codes AS "parkCodes", r.land_use AS "landUse",
              r.environmental_category AS "environmentalCategory", r.budget::float8 AS budget, r.note,
              ${NUMERIC_REQUIREMENTS.map((q) => `r.${q.column}::float8 AS "${q.key}"`).join(', ')}
       FROM lead_requirements r JOIN leads l ON l.id = r.lead_id
       WHERE ${where.join(' AND ')}
       ORDER BY l.updated_at DESC, l.id LIMIT ${param(cap)}`,
      params,
    );
  }

  async findCarrier(id: string, manager?: EntityManager): Promise<CarrierRow | undefined> {
    const rows = await (manager ?? this.dataSource).query<CarrierRow[]>(`SELECT ${CARRIER_MATCH_COLUMNS} FROM carriers c WHERE c.id = $1`, [
      id,
    ]);
    return rows[0];
  }

  /** The carriers reserved for a lead now (its open reservations). */
  async reservedFor(leadId: string): Promise<Array<CarrierRow & { reservationId: string; reservedBy: string; reservedAt: Date }>> {
    return this.dataSource.query(
      `SELECT ${CARRIER_MATCH_COLUMNS}, v.id AS "reservationId", v.reserved_by AS "reservedBy", v.reserved_at AS "reservedAt"
       FROM carrier_reservations v JOIN carriers c ON c.id = v.carrier_id
       WHERE v.lead_id = $1 AND v.ended_at IS NULL ORDER BY v.reserved_at`,
      [leadId],
    );
  }
}
