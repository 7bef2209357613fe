import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../../common/pagination/cursor';
import { Paged } from '../../../common/pagination/page.query';
import { LeadStage, LeadStatus, LeadSource, LostReason } from '../lead.enums';
import { FigureFilterQuery } from './figure-filter.query';

/** The list's sort keys; each has its SQL in LeadQueryBuilder, ascending as named, descending with a leading `-`. */
export const LEAD_SORT_KEYS = [
  'createdAt',
  'updatedAt',
  'code',
  'name',
  'stage',
  'investment',
  'plannedInvestment',
  'nextFollowUpAt',
  'keyProjectLevel',
] as const;
export type LeadSortKey = (typeof LEAD_SORT_KEYS)[number];
export type LeadSort = LeadSortKey | `-${LeadSortKey}`;
export const LEAD_SORTS: readonly LeadSort[] = LEAD_SORT_KEYS.flatMap((key): LeadSort[] => [key, `-${key}`]);

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
/** `status=active,on_hold` and `status=active&status=on_hold` alike. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(',')).filter((item) => item !== '');

/** Filters of GET /leads (and of its count and the export): all optional, combined with AND; lists mean any of them. */
export class LeadFilterQuery extends FigureFilterQuery {
  @ApiPropertyOptional({
    enum: LeadStage,
    enumName: 'LeadStage',
    isArray: true,
    maxItems: 10,
    description: 'one stage, or several separated by commas',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(10)
  @IsEnum(LeadStage, { each: true })
  stage?: LeadStage[];

  @ApiPropertyOptional({
    enum: LeadStatus,
    enumName: 'LeadStatus',
    isArray: true,
    maxItems: 10,
    description: 'one status, or several separated by commas (active,on_hold: not lost)',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(10)
  @IsEnum(LeadStatus, { each: true })
  status?: LeadStatus[];

  @ApiPropertyOptional({
    enum: LostReason,
    enumName: 'LeadLostReason',
    isArray: true,
    description: 'lost leads with one of these reasons, separated by commas (a lead lost without a reason counts as other)',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(Object.values(LostReason).length)
  @IsEnum(LostReason, { each: true })
  lostReason?: LostReason[];

  @ApiPropertyOptional({ maxLength: 100, description: 'lost leads that went to this place (落户去向, exactly as recorded)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lostTo?: string;

  @ApiPropertyOptional({ enum: LeadSource, enumName: 'LeadSource', description: '来源: one source' })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource;

  @ApiPropertyOptional({ format: 'uuid', description: 'leads this user owns (负责人)' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'leads this user is the 护商专员 of' })
  @IsOptional()
  @IsUUID()
  commissionerId?: string;

  @ApiPropertyOptional({ description: 'true: key projects only (any level); false: non-key only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  keyProject?: boolean;

  @ApiPropertyOptional({ description: 'true: leads not lost whose next follow-up is past due (跟进逾期); false: the others' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    enum: ['yellow', 'red'],
    enumName: 'WarningLevel',
    description: 'leads at this 红黄预警 level now, as GET /dashboard/warnings counts them',
  })
  @IsOptional()
  @IsIn(['red', 'yellow'])
  warning?: 'red' | 'yellow';

  @ApiPropertyOptional({ format: 'uuid', description: 'leads this user logged a follow-up on in the last 30 days (近30天跟进)' })
  @IsOptional()
  @IsUUID()
  followedUpBy?: string;

  @ApiPropertyOptional({ description: 'true: leads with an enterprise issue not yet resolved (未办结诉求)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  openIssues?: boolean;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_PAGE_SIZE,
    description: 'only these leads (comma-separated ids, at most 200): the selected rows',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_PAGE_SIZE)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'searches project name, code name, company name and credit code (any substring, 1+ characters)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** The list's filters and its sort (declared before the page, as the list's parameters are documented in this order). */
class SortedLeadFilterQuery extends LeadFilterQuery {
  @ApiPropertyOptional({
    enum: LEAD_SORTS,
    enumName: 'LeadSort',
    default: '-createdAt',
    description: 'a sort key, ascending, or descending with a leading `-`',
  })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort?: LeadSort;
}

/** GET /leads: the filters, the sort and the page. */
export class ListLeadsQuery extends Paged(SortedLeadFilterQuery) {}
