import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { Role } from '../users/role.enum';
import { CorrectReferrerDto } from './dto/correct-referrer.dto';
import { CreateLeadDto } from './dto/create-lead.dto';
import { DeletedLeadPageDto, RestoreLeadDto } from './dto/deleted-lead.dto';
import { LEAD_PAGE_SCHEMA } from './dto/lead-page.schema';
import { LeadCountDto, LeadDetailDto, LeadPageDto } from './dto/lead-response.dto';
import { LeadFilterQuery, ListLeadsQuery } from './dto/list-leads.query';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { LEAD_CREATORS } from './lead-meta';
import { LeadsService } from './leads.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

const versionPipe = new ParseIntPipe({
  exceptionFactory: () => AppError.validation('version must be an integer', [{ field: 'version', errors: ['version must be an integer'] }]),
});

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Post()
  @Idempotent()
  @Roles(...LEAD_CREATORS)
  @ApiDoc('创建项目', 'Create a lead', {
    description:
      'A new lead at the first stage, owned by the caller unless ownerId names a member of their team. A credit code a live lead already has is a 409 (details.existingLeadId when the caller may see that lead).',
    errors: [ErrorCode.DuplicateCreditCode],
  })
  @ApiCreatedResponse({ type: LeadDetailDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateLeadDto): Promise<LeadDetailDto> {
    return this.leads.create(user, dto);
  }

  @Get()
  @ApiDoc('项目列表', 'List leads', { description: 'The leads the caller may see, filtered, searched (`q`), sorted and paged by cursor.' })
  @ApiOkResponse({ type: LeadPageDto })
  @RouteSchema(LEAD_PAGE_SCHEMA)
  list(@CurrentUser() user: AuthUser, @Query() query: ListLeadsQuery): Promise<LeadPageDto> {
    return this.leads.list(user, query);
  }

  @Get('count')
  @ApiDoc('项目计数', 'Count leads', { description: 'How many leads the list’s filters match (the list’s total).' })
  @ApiOkResponse({ type: LeadCountDto, description: "how many leads the filters match (the list's total)" })
  count(@CurrentUser() user: AuthUser, @Query() query: LeadFilterQuery): Promise<{ total: number }> {
    return this.leads.count(user, query);
  }

  /** 已删除项目: soft-deleted leads, newest first, for the restore screen. */
  @Get('deleted')
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('已删除项目', 'Deleted leads', {
    description: 'Soft-deleted leads, newest deletion first (the newest 500), for the restore screen.',
  })
  @ApiOkResponse({ type: DeletedLeadPageDto })
  listDeleted(): Promise<DeletedLeadPageDto> {
    return this.leads.listDeleted();
  }

  @Get(':id')
  @ApiDoc('项目详情', 'Get a lead', { description: 'With its owner, commissioner, team, latest assessment and issue counts.' })
  @ApiOkResponse({ type: LeadDetailDto })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<LeadDetailDto> {
    return this.leads.get(user, id);
  }

  @Patch(':id')
  @ApiDoc('修改项目', 'Update a lead', {
    description:
      'Changes the fields given (null clears a nullable one), checked against `version`: a stale version is 409 VERSION_CONFLICT with details.currentVersion. Stage and status change only through transitions. The referrer fields are locked once the lead signed (422; PUT /leads/:id/referrer).',
    errors: [ErrorCode.VersionConflict, ErrorCode.DuplicateCreditCode, ErrorCode.Forbidden, ErrorCode.UnprocessableEntity],
  })
  @ApiOkResponse({ type: LeadDetailDto })
  update(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateLeadDto): Promise<LeadDetailDto> {
    return this.leads.update(user, id, dto);
  }

  @Put(':id/referrer')
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('更正首引人', 'Correct the referrer', {
    description:
      'The referrer (首引人) is locked when the lead signs; a leader or admin corrects it here with a reason, which the timeline keeps (referrer_corrected).',
    errors: [ErrorCode.VersionConflict],
  })
  @ApiOkResponse({ type: LeadDetailDto })
  correctReferrer(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CorrectReferrerDto,
  ): Promise<LeadDetailDto> {
    return this.leads.correctReferrer(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('删除项目', 'Delete a lead', {
    description: 'Soft delete: leaders and admins may restore it.',
    errors: [ErrorCode.VersionConflict],
  })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiQuery({ name: 'version', type: 'integer', schema: { type: 'integer', minimum: 1 }, description: 'the version the client last read' })
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Query('version', versionPipe) version: number,
  ): Promise<void> {
    return this.leads.remove(user, id, version);
  }

  /** 恢复 a soft-deleted lead; 404 when it is not deleted (or not there), 409 on a stale version or a credit code taken meanwhile. */
  @Post(':id/restore')
  @HttpCode(200)
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('恢复项目', 'Restore a lead', {
    description: '404 when it is not deleted (or not there); 409 on a stale version or a credit code taken meanwhile.',
    errors: [ErrorCode.VersionConflict, ErrorCode.DuplicateCreditCode],
  })
  @ApiOkResponse({ type: LeadDetailDto })
  restore(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: RestoreLeadDto): Promise<LeadDetailDto> {
    return this.leads.restore(user, id, dto.version);
  }
}
