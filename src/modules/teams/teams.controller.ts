import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { Role } from '../users/role.enum';
import { CreateTeamDto, TeamResponseDto, UpdateTeamDto } from './dto/team.dto';
import { uuidPipe } from '../../common/validation/validation.pipe';
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

  @Patch(':id')
  @Roles(Role.Admin)
  update(@Param('id', uuidPipe()) id: string, @Body() dto: UpdateTeamDto): Promise<TeamResponseDto> {
    return this.teams.update(id, dto);
  }
}
