import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IssueCategory } from '../enterprise-issue.enums';
import { IsInstant, IsNonBlankText } from './issue-fields';
import { MultilineText } from '../../../common/validation/plain-text-fields';

/** POST /leads/:id/issues */
export class CreateIssueDto {
  @ApiProperty({ description: '诉求标题', example: '厂房用电增容', maxLength: 200, pattern: '\\S' })
  @IsNonBlankText(200)
  title: string;

  @ApiProperty({
    enum: IssueCategory,
    enumName: 'IssueCategory',
    description: '类别: 审批手续, 用地, 水电气暖, 融资, 人才, 政策兑现, 其他',
  })
  @IsEnum(IssueCategory)
  category: IssueCategory;

  @ApiPropertyOptional({ type: String, description: '诉求描述', nullable: true, maxLength: 5000 })
  @IsOptional()
  @IsNonBlankText(5000)
  @MultilineText()
  description?: string | null;

  @ApiProperty({ format: 'date-time', description: '办结时限 (ISO 8601 timestamp)', example: '2026-05-01T18:00:00+08:00' })
  @IsInstant()
  dueAt: string;

  @ApiProperty({ format: 'uuid', description: 'the active user who chases the issue (gets issue_due)' })
  @IsUUID()
  handlerId: string;

  @ApiPropertyOptional({ type: String, description: '责任单位', example: '区供电中心', nullable: true, maxLength: 100 })
  @IsOptional()
  @IsNonBlankText(100)
  department?: string | null;
}
