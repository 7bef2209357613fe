import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 审核佐证: a file (contract, start photos, production proof) uploaded for a lead's confirmation, kept in PostgreSQL. */
@Entity('confirmation_evidence')
@Index('idx_confirmation_evidence_lead_created', ['leadId', 'createdAt'])
@Index('idx_confirmation_evidence_confirmation', ['confirmationId'])
export class ConfirmationEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  /** The confirmation it supports; null until one is decided with it. */
  @Column({ type: 'uuid', nullable: true })
  confirmationId: string | null;

  @Column({ type: 'text' })
  fileName: string;

  /** Decided from the file's first bytes, never from what the client said. */
  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'text' })
  sha256: string;

  /** Read only when the file is downloaded. */
  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid' })
  uploadedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
