import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Paged } from '../../../common/pagination/page.query';
import { REFERRER_KIND_LABELS, ReferrerKind } from '../../leads/lead.enums';
import { CREDIT_LINE_LABELS, CreditLineKind } from '../credit.rules';
import { OptionalYear } from '../../../common/validation/optional-year.decorator';

export class CreditQuery {
  @OptionalYear()
  year?: number;
}

/** `team=none`: the persons credited to no team (the summary's 未分组). */
export const NO_TEAM = 'none';

class CreditLeadsFilter extends CreditQuery {
  @ApiPropertyOptional({ maxLength: 300, description: 'a person’s `key` as the summary names it (either this or `team`)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  person?: string;

  @ApiPropertyOptional({ description: `a team’s id as the summary names it, or \`${NO_TEAM}\` for no team (either this or \`person\`)` })
  @IsOptional()
  @Matches(new RegExp(`^(${NO_TEAM}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`, 'i'), {
    message: `team must be a team id or ${NO_TEAM}`,
  })
  team?: string;
}

export class CreditLeadsQuery extends Paged(CreditLeadsFilter) {}

export class CreditLineDto {
  @ApiProperty({ enum: Object.keys(CREDIT_LINE_LABELS), enumName: 'CreditLineKind' }) kind: CreditLineKind;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'the event’s date (YYYY-MM-DD)' }) date: string;
  @ApiProperty({ type: Number, nullable: true, description: '合同投资额 (万元) the line is weighted by' }) amount: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'the amount band' }) band: string | null;
  @ApiProperty({ type: Number }) factor: number;
  @ApiProperty({ type: Number, description: 'points counted (negative: a deduction); 0 while awaiting confirmation' }) points: number;
  @ApiProperty({ type: Number, description: 'points the line counts once confirmed' }) awaitingPoints: number;
  @ApiProperty() confirmed: boolean;
}

export class CreditLeadDto {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'the person credited (CreditPersonDto.key)' }) personKey: string;
  @ApiProperty({ type: Number }) points: number;
  @ApiProperty({ type: Number }) awaitingPoints: number;
  @ApiProperty({ type: [CreditLineDto] }) lines: CreditLineDto[];
}

/** GET /dashboard/credit/leads: the scored leads behind a person’s or team’s figure, by code. */
export class CreditLeadPageDto {
  @ApiProperty({ type: [CreditLeadDto] }) items: CreditLeadDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CreditPersonDto {
  @ApiProperty({ description: 'the user id, or `outside:` and the name for an outside referrer' }) key: string;
  @ApiProperty({
    enum: ReferrerKind,
    enumName: 'ReferrerKind',
    description: Object.entries(REFERRER_KIND_LABELS)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  })
  kind: ReferrerKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the team credited: the user’s; for an outside referrer, the lead’s',
  })
  teamId: string | null;
  @ApiProperty({ type: Number }) points: number;
  @ApiProperty({ type: Number }) awaitingPoints: number;
  @ApiProperty({ type: 'integer', description: 'leads scored; their lines: GET /dashboard/credit/leads?person=<key>' }) leads: number;
}

export class CreditTeamDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: no team' }) teamId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: Number }) points: number;
  @ApiProperty({ type: Number }) awaitingPoints: number;
  @ApiProperty({ type: 'integer', description: 'referrers credited to the team' }) persons: number;
  @ApiProperty({ type: 'integer', description: 'leads scored' }) leads: number;
}

export class CreditAmountBandDto {
  @ApiProperty({ type: Number, nullable: true, description: 'up to this contract amount (万元, inclusive); null: no limit' }) upTo:
    number | null;
  @ApiProperty({ type: Number }) factor: number;
  @ApiProperty() label: string;
}

export class CreditEventPointsDto {
  @ApiProperty({ type: Number }) signed: number;
  @ApiProperty({ type: Number }) started: number;
  @ApiProperty({ type: Number }) operating: number;
}

export class CreditDeductionPointsDto {
  @ApiProperty({ type: Number }) missed_start: number;
  @ApiProperty({ type: Number }) voided: number;
}

export class CreditRulesDto {
  @ApiProperty({ type: CreditEventPointsDto, description: 'points per confirmed event, before the band’s factor' })
  points: CreditEventPointsDto;
  @ApiProperty({ type: CreditDeductionPointsDto }) deductions: CreditDeductionPointsDto;
  @ApiProperty({ type: [CreditAmountBandDto] }) amountBands: CreditAmountBandDto[];
}

/** GET /dashboard/credit: 首引人积分 of the year per person and team (totals; the lines: GET /dashboard/credit/leads). */
export class CreditResponseDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: CreditRulesDto }) rules: CreditRulesDto;
  @ApiProperty({ type: [CreditPersonDto], description: 'most points first' }) persons: CreditPersonDto[];
  @ApiProperty({ type: [CreditTeamDto], description: 'most points first' }) teams: CreditTeamDto[];
  @ApiProperty({ type: 'integer', description: 'leads with events in the year but no referrer recorded' }) unattributedLeads: number;
}
