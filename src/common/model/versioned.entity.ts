import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * The bookkeeping columns of a row edited under optimistic locking, declared once: `version` (1 when created; a
 * versioned update names the version it read and raises it), `created_at` and `updated_at`.
 */
export abstract class VersionedEntity {
  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
