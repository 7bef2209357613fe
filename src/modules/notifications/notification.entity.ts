import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An in-app notification; (reminder, user) is unique, so a reminder reaches each person once however often its job runs. */
@Entity('notifications')
@Unique('uq_notifications_reminder_user', ['reminderId', 'userId'])
@Index('idx_notifications_user_created', ['userId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'uuid', nullable: true })
  reminderId: string | null;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** Optional webhook channel: pending, sent, failed (after retries) or null when no webhook is configured. */
  @Column({ type: 'text', nullable: true })
  webhookStatus: string | null;

  @Column({ type: 'int', default: 0 })
  webhookAttempts: number;
}
