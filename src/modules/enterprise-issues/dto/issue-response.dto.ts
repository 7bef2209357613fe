import { ApiProperty } from '@nestjs/swagger';
import { UserRefDto } from '../../leads/dto/lead-response.dto';
import { EnterpriseIssue } from '../enterprise-issue.entity';
import { ISSUE_CATEGORY_LABELS, ISSUE_STATUS_LABELS, IssueCategory, IssueStatus } from '../enterprise-issue.enums';
import { isIssueOverdue } from '../issue-status.machine';

/** An enterprise issue as the API answers it, with Chinese labels and the overdue flag. */
export class IssueResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: IssueCategory }) category: IssueCategory;
  @ApiProperty({ example: '水电气暖' }) categoryLabel: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String, description: '责任单位' }) department: string | null;
  @ApiProperty() dueAt: Date;
  @ApiProperty() handlerId: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) handler: UserRefDto | null;
  @ApiProperty({ enum: IssueStatus }) status: IssueStatus;
  @ApiProperty({ example: '处理中' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiProperty({ description: 'unresolved and past dueAt' }) overdue: boolean;
  @ApiProperty() createdBy: string;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

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
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class IssueSummaryDto {
  @ApiProperty({ description: 'unresolved issues (open or in progress)' }) open: number;
  @ApiProperty({ description: 'unresolved issues past their due time' }) overdue: number;
}
