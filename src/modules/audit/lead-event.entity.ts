import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only audit trail of a lead (a trigger refuses UPDATE and DELETE); the timeline reads it. */
@Entity('lead_events')
@Index('idx_lead_events_lead_at', ['leadId', 'at'])
export class LeadEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  /** created, field_changed, deleted, restored, transition, commissioner_assigned, follow_up, assessment, issue_created, issue_updated */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
