import { Column, Entity, Index } from 'typeorm';
import { StoredEvidence } from '../../common/evidence/stored-evidence.entity';

/** 审核佐证: a file (contract, start photos, production proof) uploaded for a lead's confirmation, kept in PostgreSQL. */
@Entity('confirmation_evidence')
@Index('idx_confirmation_evidence_lead_created', ['leadId', 'createdAt'])
@Index('idx_confirmation_evidence_confirmation', ['confirmationId'])
export class ConfirmationEvidence extends StoredEvidence {
  /** The confirmation it supports; null until one is decided with it. */
  @Column({ type: 'uuid', nullable: true })
  confirmationId: string | null;
}
