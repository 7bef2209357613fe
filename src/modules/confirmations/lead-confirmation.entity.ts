import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ConfirmationStatus {
  /** A leader confirmed the move with its evidence: it counts in the official figures. */
  Confirmed = 'confirmed',
  /** A leader refused it with a reason: the move stays awaiting confirmation. */
  Rejected = 'rejected',
  /** Was confirmed, then the lead moved back out of the stage. */
  Voided = 'voided',
}

/**
 * 审核确认: a leader's decision on a lead's move into a confirmable stage (签约, 开工建设, 运营投产). At most one
 * standing confirmation per lead and stage (uq_lead_confirmations_standing); decisions are never edited, only voided.
 */
@Entity('lead_confirmations')
@Check('chk_lead_confirmations_status', `status IN ('confirmed', 'rejected', 'voided')`)
@Index('idx_lead_confirmations_lead_created', ['leadId', 'createdAt'])
@Index('idx_lead_confirmations_voided', { synchronize: false })
@Index('uq_lead_confirmations_standing', ['leadId', 'stage'], { unique: true, where: `status = 'confirmed'` })
export class LeadConfirmation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ type: 'text' })
  status: ConfirmationStatus;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Why it was rejected. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The lead's figures the leader confirmed (the stage's gate fields as they stood). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  figures: Record<string, unknown>;

  @Column({ type: 'uuid' })
  decidedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  voidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  voidedBy: string | null;

  @Column({ type: 'text', nullable: true })
  voidReason: string | null;
}
