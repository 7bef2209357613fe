import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { LeadResponseDto, UserRefDto } from './lead-response.dto';

/** A soft-deleted lead as the 已删除项目 page lists it: the lead, when and by whom it was deleted. */
export class DeletedLeadDto extends LeadResponseDto {
  @ApiProperty({ type: String, format: 'date-time' }) deletedAt: Date;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'who deleted it; null when that user is gone' })
  deletedBy: UserRefDto | null;
}

export class DeletedLeadPageDto {
  @ApiProperty({ type: [DeletedLeadDto], description: 'newest deletion first' }) items: DeletedLeadDto[];
  @ApiProperty({ type: 'null', description: 'always null: the list answers the newest 500' }) nextCursor: null;
}

/** POST /leads/:id/restore: the version the client last read (a stale one is 409). */
export class RestoreLeadDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;
}
