import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CARRIER_KINDS, CARRIER_STATUSES, CarrierAttributeValues, CarrierKind, CarrierStatus } from '../carrier.model';
import { CarrierOutline } from '../geojson.validator';
import { declareCarrierAttributeAnswers, OUTLINE_API } from './carrier-fields';

export class CarrierActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

/** A carrier as the API answers it: identity, status with its label, the model's attributes, the outline and the reservation. */
export class CarrierResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: '载体编号' }) code: string;
  @ApiProperty({ description: '载体名称' }) name: string;
  @ApiProperty({ enum: CARRIER_KINDS.map((k) => k.key), enumName: 'CarrierKind' }) kind: CarrierKind;
  @ApiProperty({ example: '标准厂房' }) kindLabel: string;
  @ApiProperty({ description: '所在园区 (park code)' }) parkCode: string;
  @ApiProperty({ description: 'the park’s name' }) parkName: string;
  @ApiProperty({ enum: CARRIER_STATUSES.map((s) => s.key), enumName: 'CarrierStatus' }) status: CarrierStatus;
  @ApiProperty({ example: '空置' }) statusLabel: string;
  @ApiProperty({ type: String, nullable: true, description: '用地性质’s label (land)' }) landUseLabel: string | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: '空置天数: days since vacantSince while free (available / vacant), else null',
  })
  idleDays: number | null;
  @ApiProperty(OUTLINE_API) outline: CarrierOutline | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'set by reservations: the lead it is reserved for' })
  reservedLeadId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'set by reservations: when the reservation lapses' })
  reservedUntil: Date | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the status last changed' }) statusChangedAt: Date;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}
declareCarrierAttributeAnswers(CarrierResponseDto);

/** The response's attributes, declared on the class from the model. */
export type CarrierAnswer = CarrierResponseDto & CarrierAttributeValues;

/** One entry of a carrier's history. */
export class CarrierEventDto {
  @ApiProperty({ enum: ['created', 'field_changed', 'status_changed', 'imported'], description: 'what happened' }) kind: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: CarrierActorDto, nullable: true }) actor: CarrierActorDto | null;
  @ApiPropertyOptional({ description: 'status_changed: the status before' }) from?: string;
  @ApiPropertyOptional({ description: 'status_changed: the status after' }) to?: string;
  @ApiPropertyOptional({ type: [String], description: 'field_changed: the fields changed' }) fields?: string[];
}

export class CarrierDetailDto extends CarrierResponseDto {
  @ApiProperty({ type: CarrierActorDto, nullable: true, description: 'who last changed the status' })
  statusChangedBy: CarrierActorDto | null;
  @ApiProperty({ type: [CarrierEventDto], description: 'the newest 50 events, newest first' }) history: CarrierEventDto[];
}

export class CarrierPageDto {
  @ApiProperty({ type: [CarrierResponseDto] }) items: CarrierResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last' }) nextCursor:
    string | null;
}
