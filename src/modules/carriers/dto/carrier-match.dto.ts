import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CarrierKind, CarrierStatus, LandUse } from '../carrier.model';
import { UserRefDto } from '../../leads/dto/lead-response.dto';
import { RESERVATION_END_REASONS, ReservationEndReason } from '../lead-requirements.model';

export const MAX_MATCHES = 100;

/** ?limit= of a match list (the best first). */
export class MatchQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_MATCHES, default: 20, description: 'how many of the best matches' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MATCHES)
  limit?: number;
}

/** A carrier as a match shows it. */
export class CarrierSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: '载体编号' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CarrierKind, enumName: 'CarrierKind' }) kind: CarrierKind;
  @ApiProperty({ enum: CarrierStatus, enumName: 'CarrierStatus' }) status: CarrierStatus;
  @ApiProperty() parkCode: string;
  @ApiProperty({ type: String, nullable: true, description: 'the park’s name in the zone tree' }) parkName: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '用地面积 (亩)' }) areaMu: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '建筑面积 (m²)' }) floorArea: number | null;
  @ApiProperty({ enum: LandUse, enumName: 'LandUse', nullable: true }) landUse: LandUse | null;
  @ApiProperty({ type: Number, nullable: true, description: 'kN/m²' }) floorLoad: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'm' }) clearHeight: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'kVA' }) powerKva: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '价格 (万元)' }) price: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '租金 (元/m²·月)' }) rent: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) vacantSince: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the lead it is reserved for' }) reservedLeadId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reservedUntil: Date | null;
}

export class CarrierMatchDto {
  @ApiProperty({ type: CarrierSummaryDto }) carrier: CarrierSummaryDto;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) score: number;
  @ApiProperty({
    type: [String],
    description: 'why, in words: the hard limits met, then the preferences',
    example: ['面积 28 亩 满足 20–30 亩'],
  })
  reasons: string[];
}

export class ReservedCarrierDto {
  @ApiProperty({ format: 'uuid' }) reservationId: string;
  @ApiProperty({ type: CarrierSummaryDto }) carrier: CarrierSummaryDto;
  @ApiProperty({ type: String, format: 'date-time' }) until: Date;
  @ApiProperty({ type: String, format: 'date-time' }) reservedAt: Date;
  @ApiProperty({ type: UserRefDto, nullable: true }) reservedBy: UserRefDto | null;
}

export class CarrierMatchPageDto {
  @ApiProperty({ type: [CarrierMatchDto], description: 'free carriers within every hard limit, best score first' })
  items: CarrierMatchDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many carriers passed the hard limits (of those considered)' })
  total: number;
  @ApiProperty({ description: 'whether the lead has requirements; without, nothing is matched' }) hasRequirements: boolean;
  @ApiProperty({ type: [ReservedCarrierDto], description: 'the carriers reserved for this lead now' }) reserved: ReservedCarrierDto[];
}

export class MatchedLeadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ description: '项目代号 when set, else the name' }) title: string;
  @ApiProperty() companyName: string;
  @ApiProperty() stage: string;
  @ApiProperty() status: string;
}

export class LeadMatchDto {
  @ApiProperty({ type: MatchedLeadDto }) lead: MatchedLeadDto;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) score: number;
  @ApiProperty({ type: [String] }) reasons: string[];
}

export class LeadMatchPageDto {
  @ApiProperty({
    type: [LeadMatchDto],
    description: 'live leads (not lost, not yet signed) the caller may see whose requirements the carrier meets, best first',
  })
  items: LeadMatchDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
}

/** POST /carriers/:id/reservations */
export class CreateReservationDto {
  @ApiProperty({ format: 'uuid', description: 'the lead the carrier is reserved for' })
  @IsUUID()
  leadId: string;

  @ApiProperty({ type: String, format: 'date-time', description: '预留截止: in the future, at most RESERVATION_MAX (P180D) ahead' })
  @IsDateString({ strict: true })
  until: string;
}

export class ReservationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) carrierId: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) reservedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) reservedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) until: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt: Date | null;
  @ApiProperty({ enum: RESERVATION_END_REASONS, enumName: 'ReservationEndReason', nullable: true }) endReason: ReservationEndReason | null;
  @ApiProperty({ type: CarrierSummaryDto, description: 'the carrier as it is now' }) carrier: CarrierSummaryDto;
}
