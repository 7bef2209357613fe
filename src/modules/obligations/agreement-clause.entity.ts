import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../../common/model/versioned.entity';
import { numericTransformer } from '../../database/numeric.transformer';
import {
  CLAUSE_KIND_SQL_LIST,
  CLAUSE_PARTY_SQL_LIST,
  CLAUSE_STATUS_SQL_LIST,
  ClauseKind,
  ClauseParty,
  ClauseStatus,
} from './obligation.model';

/** 履约条款: what one party owes under an agreement, by a date or yearly, and whether it was honoured. */
@Entity('agreement_clauses')
@Index('idx_agreement_clauses_agreement_created', ['agreementId', 'createdAt'])
@Index('idx_agreement_clauses_lead', ['leadId'])
@Check('chk_agreement_clauses_party', `party IN (${CLAUSE_PARTY_SQL_LIST})`)
@Check('chk_agreement_clauses_kind', `kind IN (${CLAUSE_KIND_SQL_LIST})`)
@Check('chk_agreement_clauses_status', `status IN (${CLAUSE_STATUS_SQL_LIST})`)
@Check('chk_agreement_clauses_unit', `threshold IS NULL OR unit IS NOT NULL`)
@Check('chk_agreement_clauses_when', `due_date IS NOT NULL OR yearly_from IS NOT NULL`)
@Check('chk_agreement_clauses_reason', `status = 'pending' OR status_reason IS NOT NULL`)
export class AgreementClause extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agreementId: string;

  /** The agreement's lead, kept here so access and the figures need no join. */
  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'text' })
  party: ClauseParty;

  @Column({ type: 'text' })
  kind: ClauseKind;

  /** 条款内容 */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'numeric', precision: 16, scale: 4, nullable: true, transformer: numericTransformer })
  threshold: number | null;

  @Column({ type: 'text', nullable: true })
  unit: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  /** A yearly check from this year on (每年考核). */
  @Column({ type: 'int', nullable: true })
  yearlyFrom: number | null;

  /** 佐证材料要求 */
  @Column({ type: 'text', nullable: true })
  evidenceRequired: string | null;

  /** 责任单位 (government clauses) */
  @Column({ type: 'text', nullable: true })
  department: string | null;

  /** The person who answers for a government clause (gets its reminders). */
  @Column({ type: 'uuid', nullable: true })
  responsibleId: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: ClauseStatus;

  /** Why the status was set (required for every status but pending). */
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  statusChangedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  statusChangedBy: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;
}
