import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Page } from '../../common/pagination/cursor';
import { TeamsRepository } from '../teams/teams.repository';
import { CreateUserDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { hashPassword } from './password-hasher';
import { Role } from './role.enum';
import { UserCache } from './user-cache';
import { UsersRepository } from './users.repository';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly teams: TeamsRepository,
    private readonly cache: UserCache,
  ) {}

  async list(): Promise<Page<UserResponseDto>> {
    return { items: (await this.users.listAll()).map((user) => UserResponseDto.from(user)), nextCursor: null };
  }

  async create(dto: CreateUserDto): Promise<UserResponseDto> {
    await this.assertTeamExists(dto.teamId);
    const user = this.users.create({
      username: dto.username,
      displayName: dto.displayName,
      passwordHash: await hashPassword(dto.password),
      roles: dto.roles,
      teamId: dto.teamId ?? null,
      active: dto.active ?? true,
    });
    return UserResponseDto.from(await this.saveUnique(user));
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound('User', id);
    await this.assertTeamExists(dto.teamId);
    if (dto.username !== undefined) user.username = dto.username;
    if (dto.displayName !== undefined) user.displayName = dto.displayName;
    if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
    if (dto.roles !== undefined) user.roles = dto.roles;
    if (dto.teamId !== undefined) user.teamId = dto.teamId;
    if (dto.active !== undefined) user.active = dto.active;
    const saved = await this.saveUnique(user);
    this.cache.invalidate(id);
    return UserResponseDto.from(saved);
  }

  /** Creates the first admin from configuration when no active admin exists (DESIGN §7). */
  async ensureFirstAdmin(username: string, password: string): Promise<boolean> {
    if ((await this.users.countActiveWithRole(Role.Admin)) > 0) return false;
    const existing = await this.users.findByUsername(username);
    if (existing) {
      existing.roles = [...new Set([...existing.roles, Role.Admin])];
      existing.active = true;
      existing.passwordHash = await hashPassword(password);
      await this.users.save(existing);
      return true;
    }
    await this.users.save(
      this.users.create({ username: username.toLowerCase(), displayName: '系统管理员', passwordHash: await hashPassword(password), roles: [Role.Admin] }),
    );
    return true;
  }

  private async assertTeamExists(teamId: string | null | undefined): Promise<void> {
    if (teamId && !(await this.teams.findById(teamId))) {
      throw AppError.validation('teamId does not name a team', [{ field: 'teamId', errors: ['no such team'] }]);
    }
  }

  private async saveUnique(user: Parameters<UsersRepository['save']>[0]) {
    try {
      return await this.users.save(user);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new AppError(ErrorCode.DuplicateUsername, `Username "${user.username}" is taken`, { field: 'username' });
      }
      throw error;
    }
  }
}
