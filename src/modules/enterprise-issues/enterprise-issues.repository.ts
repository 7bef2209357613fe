import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { EnterpriseIssue } from './enterprise-issue.entity';
import { IssueStatus } from './enterprise-issue.enums';

export type IssueChanges = Partial<
  Pick<
    EnterpriseIssue,
    'title' | 'category' | 'description' | 'department' | 'dueAt' | 'handlerId' | 'status' | 'resolution' | 'resolvedAt'
  >
>;

/** Data access for enterprise issues; every method can join a caller's transaction. */
@Injectable()
export class EnterpriseIssuesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager): Repository<EnterpriseIssue> {
    return (manager ?? this.dataSource.manager).getRepository(EnterpriseIssue);
  }

  insert(fields: Omit<EnterpriseIssue, 'id' | 'createdAt' | 'updatedAt'>, manager: EntityManager): Promise<EnterpriseIssue> {
    return this.repo(manager).save(this.repo(manager).create(fields));
  }

  /** The issue if it belongs to the lead; `forUpdate` locks its row for the rest of the transaction. */
  findForLead(leadId: string, issueId: string, manager?: EntityManager, forUpdate = false): Promise<EnterpriseIssue | null> {
    return this.repo(manager).findOne({
      where: { id: issueId, leadId },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  listForLead(leadId: string): Promise<EnterpriseIssue[]> {
    return this.repo().find({ where: { leadId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Writes the changes and bumps the version, only if the version is still `expectedVersion`. */
  async updateVersioned(id: string, expectedVersion: number, changes: IssueChanges, manager: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ id, version: expectedVersion }, { ...changes, version: () => 'version + 1' });
    return result.affected === 1;
  }

  /** Unresolved issues of a lead, and how many of them are past due at `now`. */
  async countUnresolved(leadId: string, now: Date, manager?: EntityManager): Promise<{ open: number; overdue: number }> {
    const rows: Array<{ open: string; overdue: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT count(*) AS open, count(*) FILTER (WHERE due_at < $2) AS overdue
       FROM enterprise_issues WHERE lead_id = $1 AND status <> $3`,
      [leadId, now, IssueStatus.Resolved],
    );
    return { open: Number(rows[0].open), overdue: Number(rows[0].overdue) };
  }
}
