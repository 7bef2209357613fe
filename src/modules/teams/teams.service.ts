import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Page } from '../../common/pagination/cursor';
import { UsersRepository } from '../users/users.repository';
import { CreateTeamDto, TeamResponseDto, UpdateTeamDto } from './dto/team.dto';
import { Team } from './team.entity';
import { TeamsRepository } from './teams.repository';
import { isUniqueViolation } from '../../common/sql/pg-errors';

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
    await this.assertNameFree(dto.name);
    await this.assertLeaderExists(dto.leaderId);
    return TeamResponseDto.from(await this.saveUnique(dto.name, { name: dto.name, leaderId: dto.leaderId ?? null }));
  }

  /** Renames the team or changes its leader (who gets its overdue follow-ups, §3); 404 for an unknown team. */
  async update(id: string, dto: UpdateTeamDto): Promise<TeamResponseDto> {
    const team = await this.teams.findById(id);
    if (!team) throw AppError.notFound('Team', id);
    if (dto.name !== undefined && dto.name !== team.name) await this.assertNameFree(dto.name);
    await this.assertLeaderExists(dto.leaderId);
    return TeamResponseDto.from(
      await this.saveUnique(dto.name ?? team.name, {
        ...team,
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.leaderId !== undefined && { leaderId: dto.leaderId }),
      }),
    );
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.teams.findByName(name)) throw duplicateName(name);
  }

  private async assertLeaderExists(leaderId: string | null | undefined): Promise<void> {
    if (leaderId && !(await this.users.findById(leaderId))) {
      throw AppError.validation('leaderId does not name a user', [{ field: 'leaderId', errors: ['no such user'] }]);
    }
  }

  /** Two concurrent saves of one name: the unique index decides, and the loser gets the same 409. */
  private async saveUnique(name: string, team: Partial<Team>): Promise<Team> {
    try {
      return await this.teams.save(team);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(name);
      throw error;
    }
  }
}

const duplicateName = (name: string) => new AppError(ErrorCode.Conflict, `A team named "${name}" exists`, { field: 'name' });
