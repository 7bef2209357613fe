import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A create request's Idempotency-Key and its first answer, per user and route; rows expire after IDEMPOTENCY_TTL_HOURS. */
@Entity('idempotency_keys')
@Check('chk_idempotency_keys_state', `state IN ('running', 'done')`)
@Index('idx_idempotency_keys_created', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  /** Method and route pattern, e.g. `POST /api/v1/leads/:id/follow-ups`. */
  @PrimaryColumn({ type: 'text' })
  route: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** SHA-256 of the URL and body: the same key with another request is refused. */
  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'text', default: 'running' })
  state: 'running' | 'done';

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  /** The first answer's body as it was sent (JSON text, key order kept). */
  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
