import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 佐证材料: a file (PDF, image, spreadsheet) stored with its clause in PostgreSQL. */
@Entity('clause_evidence')
@Index('idx_clause_evidence_clause_created', ['clauseId', 'createdAt'])
export class ClauseEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  clauseId: string;

  @Column({ type: 'uuid' })
  leadId: string;

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
