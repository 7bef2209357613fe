import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Page } from '../../common/pagination/cursor';
import { UsersRepository } from '../users/users.repository';
import { CreateTeamDto, TeamResponseDto } from './dto/team.dto';
import { TeamsRepository } from './teams.repository';

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
  ) {}

  async list(): Promise<Page<TeamResponseDto>> {
    return { items: (await this.teams.listAll()).map((team) => TeamResponseDto.from(team)), nextCursor: null };
  }

  async create(dto: CreateTeamDto): Promise<TeamResponseDto> {
    if (await this.teams.findByName(dto.name)) {
      throw new AppError(ErrorCode.Conflict, `A team named "${dto.name}" exists`, { field: 'name' });
    }
    if (dto.leaderId && !(await this.users.findById(dto.leaderId))) {
      throw AppError.validation('leaderId does not name a user', [{ field: 'leaderId', errors: ['no such user'] }]);
    }
    return TeamResponseDto.from(await this.teams.save({ name: dto.name, leaderId: dto.leaderId ?? null }));
  }
}
