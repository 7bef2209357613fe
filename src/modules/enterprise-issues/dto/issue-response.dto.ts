import { ApiProperty } from '@nestjs/swagger';
import { UserRefDto } from '../../leads/dto/lead-response.dto';
import { EnterpriseIssue } from '../enterprise-issue.entity';
import { ISSUE_CATEGORY_LABELS, ISSUE_STATUS_LABELS, IssueCategory, IssueStatus } from '../enterprise-issue.enums';
import { isIssueOverdue } from '../issue-status.machine';

/** An enterprise issue as the API answers it, with Chinese labels and the overdue flag. */
export class IssueResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: IssueCategory, enumName: 'IssueCategory' }) category: IssueCategory;
  @ApiProperty({ example: '水电气暖' }) categoryLabel: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String, description: '责任单位' }) department: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt: Date;
  @ApiProperty({ format: 'uuid' }) handlerId: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) handler: UserRefDto | null;
  @ApiProperty({ enum: IssueStatus, enumName: 'IssueStatus' }) status: IssueStatus;
  @ApiProperty({ example: '处理中' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt: Date | null;
  @ApiProperty({ description: 'unresolved and past dueAt' }) overdue: boolean;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'optimistic lock: send it back with PATCH (a stale one is 409)' })
  version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;

  static from(issue: EnterpriseIssue, handler: UserRefDto | null, now: Date): IssueResponseDto {
    return {
      id: issue.id,
      leadId: issue.leadId,
      title: issue.title,
      category: issue.category,
      categoryLabel: ISSUE_CATEGORY_LABELS[issue.category],
      description: issue.description,
      department: issue.department,
      dueAt: issue.dueAt,
      handlerId: issue.handlerId,
      handler,
      status: issue.status,
      statusLabel: ISSUE_STATUS_LABELS[issue.status],
      resolution: issue.resolution,
      resolvedAt: issue.resolvedAt,
      overdue: isIssueOverdue(issue, now),
      createdBy: issue.createdBy,
      version: issue.version,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
    };
  }
}

export class IssuePageDto {
  @ApiProperty({ type: [IssueResponseDto] }) items: IssueResponseDto[];
  @ApiProperty({ type: 'null', description: 'always null: a lead’s issues are all on the one page' }) nextCursor: null;
}

export class IssueSummaryDto {
  @ApiProperty({ description: 'unresolved issues (open or in progress)' }) open: number;
  @ApiProperty({ description: 'unresolved issues past their due time' }) overdue: number;
}
