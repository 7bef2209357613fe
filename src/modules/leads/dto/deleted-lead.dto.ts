import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { LeadResponseDto, UserRefDto } from './lead-response.dto';

/** A soft-deleted lead as the 已删除项目 page lists it: the lead, when and by whom it was deleted. */
export class DeletedLeadDto extends LeadResponseDto {
  @ApiProperty() deletedAt: Date;
  @ApiProperty({ type: UserRefDto, nullable: true }) deletedBy: UserRefDto | null;
}

export class DeletedLeadPageDto {
  @ApiProperty({ type: [DeletedLeadDto], description: 'newest deletion first' }) items: DeletedLeadDto[];
  @ApiProperty({ nullable: true, type: String, description: 'always null: the list answers the newest 500' }) nextCursor: null;
}

/** POST /leads/:id/restore: the version the client last read (a stale one is 409). */
export class RestoreLeadDto {
  @ApiProperty({ description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;
}
