import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsUUID, Min } from 'class-validator';
import { IssueCategory, IssueStatus } from '../enterprise-issue.enums';
import { Clearable, IsInstant, IsNonBlankText, PresentNotNull } from './issue-fields';
import { MultilineText } from '../../../common/validation/plain-text-fields';

/** PATCH /leads/:id/issues/:issueId: any field, a status move, and the version the client last read. */
export class UpdateIssueDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @PresentNotNull()
  @IsNonBlankText(200)
  title?: string;

  @ApiPropertyOptional({ enum: IssueCategory, enumName: 'IssueCategory' })
  @PresentNotNull()
  @IsEnum(IssueCategory)
  category?: IssueCategory;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000, description: 'null clears it' })
  @Clearable()
  @IsNonBlankText(5000)
  @MultilineText()
  description?: string | null;

  @ApiPropertyOptional({ format: 'date-time', description: 'ISO 8601 timestamp' })
  @PresentNotNull()
  @IsInstant()
  dueAt?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @PresentNotNull()
  @IsUUID()
  handlerId?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: '责任单位; null clears it' })
  @Clearable()
  @IsNonBlankText(100)
  department?: string | null;

  @ApiPropertyOptional({
    enum: IssueStatus,
    enumName: 'IssueStatus',
    description: 'open → in_progress → resolved (or open → resolved); resolved is final',
  })
  @PresentNotNull()
  @IsEnum(IssueStatus)
  status?: IssueStatus;

  @ApiPropertyOptional({ maxLength: 5000, description: '处理结果; required to resolve' })
  @PresentNotNull()
  @IsNonBlankText(5000)
  @MultilineText()
  resolution?: string;
}
