import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { Role } from '../users/role.enum';
import { CreateLeadDto } from './dto/create-lead.dto';
import { DeletedLeadPageDto, RestoreLeadDto } from './dto/deleted-lead.dto';
import { LEAD_PAGE_SCHEMA } from './dto/lead-page.schema';
import { LeadPageDto, LeadResponseDto } from './dto/lead-response.dto';
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
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateLeadDto): Promise<LeadResponseDto> {
    return this.leads.create(user, dto);
  }

  @Get()
  @ApiOkResponse({ type: LeadPageDto })
  @RouteSchema(LEAD_PAGE_SCHEMA)
  list(@CurrentUser() user: AuthUser, @Query() query: ListLeadsQuery): Promise<LeadPageDto> {
    return this.leads.list(user, query);
  }

  @Get('count')
  @ApiOkResponse({
    description: "how many leads the filters match (the list's total)",
    schema: { properties: { total: { type: 'integer' } } },
  })
  count(@CurrentUser() user: AuthUser, @Query() query: LeadFilterQuery): Promise<{ total: number }> {
    return this.leads.count(user, query);
  }

  /** 已删除项目: soft-deleted leads, newest first, for the restore screen. */
  @Get('deleted')
  @Roles(Role.Leader, Role.Admin)
  @ApiOkResponse({ type: DeletedLeadPageDto })
  listDeleted(): Promise<DeletedLeadPageDto> {
    return this.leads.listDeleted();
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<LeadResponseDto> {
    return this.leads.get(user, id);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateLeadDto): Promise<LeadResponseDto> {
    return this.leads.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.Leader, Role.Admin)
  @ApiQuery({ name: 'version', type: Number, description: 'the version the client last read' })
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
  @ApiOkResponse({ type: LeadResponseDto })
  restore(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: RestoreLeadDto): Promise<LeadResponseDto> {
    return this.leads.restore(user, id, dto.version);
  }
}
