import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../database/numeric.transformer';

/** Every stage or status change of a lead, never edited; dashboards read time-in-stage from it. */
@Entity('lead_transitions')
@Index('idx_lead_transitions_lead_at', ['leadId', 'at'])
@Index('idx_lead_transitions_stage_days', { synchronize: false })
export class LeadTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  /** forward, back, hold, resume, reopen, lose, or imported */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', nullable: true })
  fromStage: string | null;

  @Column({ type: 'text' })
  toStage: string;

  @Column({ type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ type: 'text' })
  toStatus: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  gateData: Record<string, unknown>;

  /** For a move that leaves a stage: how long the lead spent in it (the dashboard's median days in stage). */
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: numericTransformer })
  daysInFromStage: number | null;
}
