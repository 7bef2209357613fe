import { sqlList } from '../../common/sql/sql-list';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum FollowUpType {
  Call = 'call',
  Visit = 'visit',
  Meeting = 'meeting',
  SiteVisit = 'site_visit',
  Online = 'online',
  Signing = 'signing',
  Other = 'other',
}

export const FOLLOW_UP_TYPE_LABELS: Record<FollowUpType, string> = {
  [FollowUpType.Call]: '电话沟通',
  [FollowUpType.Visit]: '上门拜访',
  [FollowUpType.Meeting]: '会谈',
  [FollowUpType.SiteVisit]: '实地考察',
  [FollowUpType.Online]: '线上沟通',
  [FollowUpType.Signing]: '签约活动',
  [FollowUpType.Other]: '其他',
};

@Entity('follow_ups')
@Index('idx_follow_ups_lead_occurred', ['leadId', 'occurredAt'])
@Index('idx_follow_ups_occurred', { synchronize: false })
@Check('chk_follow_ups_type', `type IN (${sqlList(Object.values(FollowUpType))})`)
export class FollowUp {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'text' })
  type: FollowUpType;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextFollowUpAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
