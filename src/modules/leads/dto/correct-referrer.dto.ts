import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { REFERRER_KIND_LABELS, ReferrerKind } from '../lead.enums';

/** PUT /leads/:id/referrer: the referrer as it should be, and why the confirmed one was wrong. */
export class CorrectReferrerDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({
    enum: ReferrerKind,
    enumName: 'ReferrerKind',
    description: Object.entries(REFERRER_KIND_LABELS)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  })
  @IsEnum(ReferrerKind)
  referrerKind: ReferrerKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'the user, for a user referrer' })
  @IsOptional()
  @IsUUID()
  referrerUserId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'an outside referrer’s name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  referrerName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  referrerContact?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 500, description: 'why the confirmed referrer is corrected (kept in the timeline)' })
  @IsString()
  @Length(1, 500)
  reason: string;
}
