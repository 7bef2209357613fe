import { ApiProperty } from '@nestjs/swagger';

export class CarrierChoiceDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
}

export class CarrierKindMetaDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: [String], description: 'the statuses the kind may take' }) statuses: string[];
  @ApiProperty({ description: 'the status in which it is free to offer (counts as vacant)' }) free: string;
  @ApiProperty({ description: 'the attribute holding its size (areaMu in 亩, floorArea in m²)' }) areaField: string;
}

export class CarrierAttributeMetaDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
  @ApiProperty({ enum: ['text', 'decimal', 'boolean', 'date', 'landUse'] }) type: string;
  @ApiProperty({ type: [String], description: 'the kinds it describes' }) kinds: string[];
}

/** 环保类别 (lead-requirements.model.ts): what a project discharges, and so what a carrier must allow. */
export class EnvironmentalCategoryMetaDto {
  @ApiProperty({ enum: ['clean', 'wastewater', 'exhaust', 'both'] }) key: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'the project discharges wastewater: land needs a sewer (sewage), floor space wastewaterAllowed' })
  wastewater: boolean;
  @ApiProperty({ description: 'the project discharges exhaust: floor space needs exhaustAllowed' }) exhaust: boolean;
}

/** GET /meta/carriers: the declarations of carrier.model.ts the console builds its forms and filters from. */
export class CarriersMetaDto {
  @ApiProperty({ type: [CarrierKindMetaDto] }) kinds: CarrierKindMetaDto[];
  @ApiProperty({ type: [CarrierChoiceDto] }) statuses: CarrierChoiceDto[];
  @ApiProperty({ type: [CarrierChoiceDto] }) landUses: CarrierChoiceDto[];
  @ApiProperty({ type: [CarrierAttributeMetaDto] }) attributes: CarrierAttributeMetaDto[];
  @ApiProperty({
    type: [EnvironmentalCategoryMetaDto],
    description: 'a lead requirement’s 环保类别 (environmentalCategory), from lead-requirements.model.ts ENVIRONMENTAL_CATEGORIES',
  })
  environmentalCategories: EnvironmentalCategoryMetaDto[];
  @ApiProperty({ type: [String], description: 'the list’s query bounds (areaMuMin, floorLoadMin …)' }) filters: string[];
}
