import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuthUser, hasRole } from '../../common/auth/auth-user';
import { Role } from '../users/role.enum';
import { LEAD_FIELDS, LeadFieldKind, LeadFieldUnit, leadStages, maySet } from './lead.model';

/** Who may create a lead (POST /leads); every role that sees a lead may edit it (PATCH). */
export const LEAD_CREATORS = [Role.Promoter, Role.Leader, Role.Admin];

export class ChoiceDto {
  @ApiProperty() value: string;
  @ApiProperty() label: string;
}

export class LeadFieldMetaDto {
  @ApiProperty() key: string;
  @ApiProperty({ description: 'text, multilineText, money (万元), decimal, integer, date, instant, enum, uuid, creditCode, contacts' })
  type: LeadFieldKind;
  @ApiProperty() label: string;
  @ApiPropertyOptional({ enum: ['万元', '亩', '人'] }) unit?: LeadFieldUnit;
  @ApiPropertyOptional({ type: [ChoiceDto], description: 'the choices of an enum field, in order' }) enum?: ChoiceDto[];
  @ApiProperty({ description: 'must be given on create and cannot be cleared' }) required: boolean;
  @ApiProperty() nullable: boolean;
  @ApiPropertyOptional({ description: 'text: most characters; numbers: largest value' }) max?: number;
  @ApiPropertyOptional({ description: 'text: fewest characters' }) min?: number;
  @ApiProperty({ description: 'the caller may set it when creating a lead' }) creatable: boolean;
  @ApiProperty({ description: 'the caller may change it with PATCH' }) editable: boolean;
  @ApiProperty({ description: 'in the API’s answer' }) listed: boolean;
  @ApiProperty({ description: 'in the spreadsheet export' }) exported: boolean;
  @ApiProperty({ description: 'read by the spreadsheet import' }) imported: boolean;
  @ApiProperty({ description: 'part of the `q` search' }) searched: boolean;
  @ApiPropertyOptional({ description: 'the answer’s field with the 中文 label of the value' }) labelKey?: string;
}

export class LeadMetaDto {
  @ApiProperty({ type: [LeadFieldMetaDto], description: 'the lead’s fields in the model’s order' }) fields: LeadFieldMetaDto[];
  @ApiProperty({ type: [ChoiceDto], description: 'the pipeline’s stages in order' }) stages: ChoiceDto[];
}

const choices = (labels: Readonly<Record<string, string>>): ChoiceDto[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The lead's part of GET /meta, from the model: each field with what the caller may do with it. */
export function leadMeta(user: AuthUser): LeadMetaDto {
  const mayCreate = hasRole(user, ...LEAD_CREATORS);
  return {
    fields: LEAD_FIELDS.map((field) => ({
      key: field.key,
      type: field.kind,
      label: field.label,
      ...(field.unit ? { unit: field.unit } : {}),
      ...(field.choices ? { enum: choices(field.choices) } : {}),
      required: field.create === 'required',
      nullable: field.nullable,
      ...(field.max !== undefined ? { max: field.max } : {}),
      ...(field.min !== undefined ? { min: field.min } : {}),
      creatable: mayCreate && field.create !== undefined && maySet(field, user.roles),
      editable: field.patch === true && maySet(field, user.roles),
      listed: field.listed,
      exported: field.sheet !== undefined,
      imported: field.sheet?.imported === true,
      searched: field.searched === true,
      ...(field.labelKey ? { labelKey: field.labelKey } : {}),
    })),
    stages: leadStages(),
  };
}
