import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { Role } from '../users/role.enum';
import { CreateTeamDto, TeamPageDto, TeamResponseDto, UpdateTeamDto } from './dto/team.dto';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { TeamsService } from './teams.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiDoc('团队列表', 'List teams', { description: 'Every promotion team (one page: nextCursor is always null).' })
  @ApiOkResponse({ type: TeamPageDto })
  list(): Promise<Page<TeamResponseDto>> {
    return this.teams.list();
  }

  @Post()
  @Idempotent()
  @Roles(Role.Admin)
  @ApiDoc('创建团队', 'Create a team', { errors: [ErrorCode.Conflict] })
  @ApiCreatedResponse({ type: TeamResponseDto })
  create(@Body() dto: CreateTeamDto): Promise<TeamResponseDto> {
    return this.teams.create(dto);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiDoc('修改团队', 'Update a team', { description: '`leaderId: null` leaves the team without a leader.', errors: [ErrorCode.Conflict] })
  @ApiOkResponse({ type: TeamResponseDto })
  update(@Param('id', uuidPipe()) id: string, @Body() dto: UpdateTeamDto): Promise<TeamResponseDto> {
    return this.teams.update(id, dto);
  }
}
