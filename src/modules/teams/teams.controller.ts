import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { Role } from '../users/role.enum';
import { CreateTeamDto, TeamResponseDto } from './dto/team.dto';
import { TeamsService } from './teams.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  list(): Promise<Page<TeamResponseDto>> {
    return this.teams.list();
  }

  @Post()
  @Idempotent()
  @Roles(Role.Admin)
  create(@Body() dto: CreateTeamDto): Promise<TeamResponseDto> {
    return this.teams.create(dto);
  }
}
