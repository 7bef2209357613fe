import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../../common/model/versioned.entity';
import { ISSUE_CATEGORY_SQL_LIST, ISSUE_STATUS_SQL_LIST, IssueCategory, IssueStatus } from './enterprise-issue.enums';

/** 企业诉求: a problem the company raised, chased by its handler until resolved. */
@Entity('enterprise_issues')
@Index('idx_enterprise_issues_lead_created', ['leadId', 'createdAt'])
// The issue_due / issue_overdue scan reads unresolved issues by due time.
@Index('idx_enterprise_issues_unresolved_due', ['dueAt'], { where: `status <> 'resolved'` })
@Check('chk_enterprise_issues_category', `category IN (${ISSUE_CATEGORY_SQL_LIST})`)
@Check('chk_enterprise_issues_status', `status IN (${ISSUE_STATUS_SQL_LIST})`)
@Check('chk_enterprise_issues_resolved', `status <> 'resolved' OR (resolution IS NOT NULL AND resolved_at IS NOT NULL)`)
export class EnterpriseIssue extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  category: IssueCategory;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** 责任单位 */
  @Column({ type: 'text', nullable: true })
  department: string | null;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  /** The user who chases the issue (gets issue_due). */
  @Column({ type: 'uuid' })
  handlerId: string;

  @Column({ type: 'text', default: IssueStatus.Open })
  status: IssueStatus;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'uuid' })
  createdBy: string;
}
