import { ApiProperty } from '@nestjs/swagger';
import { IDLE_LAND_LEVELS } from '../idle-land.calculator';

export class KeyLabelDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
}

export class ClauseKindMetaDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['investor', 'government'],
    enumName: 'ClauseParty',
    description: 'null: either party',
  })
  party: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the unit of its threshold; null: no threshold' }) unit: string | null;
  @ApiProperty({
    enum: ['figure', 'milestone', 'manual'],
    enumName: 'ClauseCheck',
    description: 'checked against reported figures, a date of the lead, or the recorded status',
  })
  check: string;
}

export class ActualFigureMetaDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() unit: string;
  @ApiProperty({ description: 'true: per period (adds up over quarters); false: to date' }) flow: boolean;
}

export class IdleLandLevelMetaDto {
  @ApiProperty({ enum: IDLE_LAND_LEVELS, enumName: 'IdleLandLevel' }) key: string;
  @ApiProperty() label: string;
}

/** GET /meta/obligations: the declarations the console builds its 履约 forms from. */
export class ObligationsMetaDto {
  @ApiProperty({ type: [KeyLabelDto] }) parties: KeyLabelDto[];
  @ApiProperty({ type: [ClauseKindMetaDto] }) kinds: ClauseKindMetaDto[];
  @ApiProperty({ type: [KeyLabelDto] }) statuses: KeyLabelDto[];
  @ApiProperty({ type: [KeyLabelDto] }) agreementKinds: KeyLabelDto[];
  @ApiProperty({ type: [ActualFigureMetaDto] }) figures: ActualFigureMetaDto[];
  @ApiProperty({ type: [IdleLandLevelMetaDto] }) idleLandLevels: IdleLandLevelMetaDto[];
}
