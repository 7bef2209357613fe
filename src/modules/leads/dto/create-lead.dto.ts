import { LeadContact } from '../lead.entity';
import { KeyProjectLevel, LeadSource } from '../lead.enums';
import { declareLeadFields } from './lead-fields';

/** POST body: the model's fields with `create` set (lead.model.ts); their checks and OpenAPI entries are declared from it. */
export class CreateLeadDto {
  declare name: string;
  declare companyName: string;
  declare industryCode: string;
  declare source: LeadSource;
  declare creditCode?: string | null;
  declare zoneCode?: string | null;
  declare teamId?: string | null;
  declare ownerId?: string;
  declare keyProjectLevel?: KeyProjectLevel;
  declare contacts?: LeadContact[];
  declare nextFollowUpAt?: string;
}
declareLeadFields(CreateLeadDto, 'create');
