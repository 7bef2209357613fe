import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** History of who was a lead's 护商专员, when, by whose decision and why. */
@Entity('commissioner_assignments')
@Index('idx_commissioner_assignments_lead', ['leadId', 'assignedAt'])
export class CommissionerAssignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'uuid' })
  commissionerId: string;

  @Column({ type: 'uuid', nullable: true })
  previousCommissionerId: string | null;

  @Column({ type: 'uuid' })
  assignedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  assignedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
