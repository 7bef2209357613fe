import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns of an evidence file kept in PostgreSQL, declared once: a clause's 佐证材料 and a confirmation's 审核佐证
 * are tables of their own that extend it with what the file supports.
 */
export abstract class StoredEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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
