import {
  Check,
  Column,
  ColumnOptions,
  CreateDateColumn,
  Entity,
  getMetadataArgsStorage,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { numericTransformer } from '../../database/numeric.transformer';
import {
  INVESTMENT_KIND_SQL_LIST,
  InvestmentKind,
  KEY_LEVEL_SQL_LIST,
  KeyProjectLevel,
  LeadSource,
  LeadStage,
  LeadStatus,
  LOST_REASON_SQL_LIST,
  LostReason,
  ReferrerKind,
  SOURCE_SQL_LIST,
  STAGE_SQL_LIST,
  STATUS_SQL_LIST,
} from './lead.enums';
import { LEAD_FIELDS, LeadFieldSpec } from './lead.model';

export interface LeadContact {
  name: string;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
}

/**
 * Text the `q` search looks in: the model's `searched` fields. The generated columns and the search query
 * must agree on it, so a change to `searched` comes with a migration that regenerates search_text and search_grams.
 */
export const LEAD_SEARCH_TEXT_SQL = `lower(${LEAD_FIELDS.filter((f) => f.searched)
  .map((f) => (f.nullable ? `coalesce(${f.column}, '')` : f.column))
  .join(" || ' ' || ")})`;

const money = { type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer } as const;

@Entity('leads')
@Check('chk_leads_stage', `stage IN (${STAGE_SQL_LIST})`)
@Check('chk_leads_status', `status IN (${STATUS_SQL_LIST})`)
@Check('chk_leads_source', `source IN (${SOURCE_SQL_LIST})`)
@Check('chk_leads_lost_reason', `lost_reason IS NULL OR lost_reason IN (${LOST_REASON_SQL_LIST})`)
@Check('chk_leads_key_level', `key_project_level IN (${KEY_LEVEL_SQL_LIST})`)
@Check('chk_leads_investment_kind', `investment_kind IN (${INVESTMENT_KIND_SQL_LIST})`)
@Check('chk_leads_increase_enterprise', `investment_kind <> '${InvestmentKind.Increase}' OR enterprise_id IS NOT NULL`)
@Index('idx_leads_search_grams', { synchronize: false })
@Index('idx_leads_live_created', { synchronize: false })
@Index('idx_leads_team_stage_created', { synchronize: false })
@Index('idx_leads_team_created', { synchronize: false })
@Index('idx_leads_owner_created', { synchronize: false })
@Index('idx_leads_commissioner_created', { synchronize: false })
@Index('idx_leads_next_follow_up', { synchronize: false })
@Index('uq_leads_credit_code_live', { synchronize: false })
@Index('idx_leads_dashboard_totals', { synchronize: false })
@Index('idx_leads_deleted', { synchronize: false })
@Index('idx_leads_signed_on', { synchronize: false })
@Index('idx_leads_awaiting_confirmation', { synchronize: false })
@Index('idx_leads_chain_node', { synchronize: false })
@Index('idx_leads_enterprise', { synchronize: false })
@Index('idx_leads_credit_code_live', { synchronize: false })
@Index('idx_leads_started_on', { synchronize: false })
@Index('idx_leads_operating_on', { synchronize: false })
@Index('idx_leads_agreed_start_on', { synchronize: false })
@Index('idx_leads_confirmable', { synchronize: false })
@Index('idx_leads_signed_company_key', { synchronize: false })
@Index('idx_leads_commissioner_active', { synchronize: false })
@Index('idx_leads_import_identity', { synchronize: false })
@Index('idx_leads_import_code_name', { synchronize: false })
// one per stall rule of the pipeline model (migration StallIndexes; test/dashboard.e2e-spec.ts checks each)
@Index('idx_leads_stall_lead', { synchronize: false })
@Index('idx_leads_stall_negotiating', { synchronize: false })
@Index('idx_leads_stall_signed', { synchronize: false })
@Index('idx_leads_stall_building', { synchronize: false })
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_leads_code', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  codeName: string | null;

  @Column({ type: 'text' })
  companyName: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  @Index('idx_leads_industry')
  @Column({ type: 'text' })
  industryCode: string;

  @Column({ type: 'text' })
  source: LeadSource;

  @Column({ type: 'text', nullable: true })
  sourceCity: string | null;

  @Column(money)
  plannedInvestment: number | null;

  @Column(money)
  contractInvestment: number | null;

  @Column(money)
  actualInvestment: number | null;

  @Column({ type: 'date', nullable: true })
  signedAt: string | null;

  @Column({ type: 'date', nullable: true })
  agreedStartDate: string | null;

  @Column({ type: 'date', nullable: true })
  agreedOperatingDate: string | null;

  @Column({ type: 'date', nullable: true })
  constructionStartedAt: string | null;

  @Column({ type: 'date', nullable: true })
  operatingAt: string | null;

  @Column(money)
  expectedAnnualOutput: number | null;

  @Column(money)
  expectedAnnualTax: number | null;

  @Column({ type: 'int', nullable: true })
  expectedJobs: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericTransformer })
  landAreaMu: number | null;

  @Index('idx_leads_zone')
  @Column({ type: 'text', nullable: true })
  zoneCode: string | null;

  @Column({ type: 'text', default: KeyProjectLevel.None })
  keyProjectLevel: KeyProjectLevel;

  /** 投资类型: a 增资 lead names its enterprise (chk_leads_increase_enterprise) and carries the increase only. */
  @Column({ type: 'text', default: InvestmentKind.New })
  investmentKind: InvestmentKind;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts: LeadContact[];

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'uuid', nullable: true })
  commissionerId: string | null;

  @Column({ type: 'text', default: LeadStage.Lead })
  stage: LeadStage;

  @Column({ type: 'text', default: LeadStatus.Active })
  status: LeadStatus;

  @Column({ type: 'text', nullable: true })
  lostReason: LostReason | null;

  @Column({ type: 'text', nullable: true })
  lostTo: string | null;

  /** The note of the latest status change (on hold or lost reason text). */
  @Column({ type: 'text', nullable: true })
  statusNote: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  stageEnteredAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  nextFollowUpAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastFollowUpAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  deletedBy: string | null;

  /** Whether a leader's confirmation of the current stage stands (审核确认); kept by triggers, never written here. */
  @Column({ type: 'boolean', default: false, select: false, insert: false, update: false })
  stageConfirmed: boolean;

  // columns from the model (lead.model.ts), typed here: the referrer (首引人) and the chain node
  declare referrerKind: ReferrerKind | null;
  declare referrerUserId: string | null;
  declare referrerName: string | null;
  declare referrerContact: string | null;
  declare referrerConfirmedAt: Date | null;
  // 产业链 (chain.model.ts): the node the project fills, the local enterprise it belongs to
  declare chainNodeId: string | null;
  declare enterpriseId: string | null;

  @Column({ type: 'text', generatedType: 'STORED', asExpression: LEAD_SEARCH_TEXT_SQL, insert: false, update: false, select: false })
  searchText: string;

  @Column({
    type: 'text',
    array: true,
    generatedType: 'STORED',
    asExpression: `crm_search_grams(${LEAD_SEARCH_TEXT_SQL})`,
    insert: false,
    update: false,
    select: false,
  })
  searchGrams: string[];
}

/** The column of a model field by its kind (lead.model.ts); a migration adds it to the database. */
export function leadColumnOptions(field: LeadFieldSpec): ColumnOptions {
  const nullable = field.nullable;
  switch (field.kind) {
    case 'money':
      return { ...money, nullable };
    case 'decimal':
      return { type: 'numeric', precision: 12, scale: 2, nullable, transformer: numericTransformer };
    case 'integer':
      return { type: 'int', nullable };
    case 'date':
      return { type: 'date', nullable };
    case 'instant':
      return { type: 'timestamptz', nullable };
    case 'uuid':
      return { type: 'uuid', nullable };
    case 'creditCode':
      return { type: 'varchar', length: 18, nullable };
    case 'contacts':
      return { type: 'jsonb', nullable };
    default:
      return { type: 'text', nullable };
  }
}

// A field the model declares beyond the columns written out above gets its column here: a new field is its model entry and a migration.
const written = new Set(
  getMetadataArgsStorage()
    .columns.filter((c) => c.target === Lead)
    .map((c) => c.propertyName),
);
for (const field of LEAD_FIELDS)
  if (!written.has(field.key)) Column({ ...leadColumnOptions(field), name: field.column })(Lead.prototype, field.key);
