import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Page } from '../../common/pagination/cursor';
import { TeamsRepository } from '../teams/teams.repository';
import { CreateUserDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { hashPassword, verifyPassword } from './password-hasher';
import { assertAcceptablePassword, passwordProblem } from './password-policy';
import { Role } from './role.enum';
import { UserCache } from './user-cache';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';
import { isUniqueViolation } from '../../common/sql/pg-errors';

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
    assertAcceptablePassword(dto.password, dto.username);
    await this.assertTeamExists(dto.teamId);
    const user = this.users.create({
      username: dto.username,
      displayName: dto.displayName,
      passwordHash: await hashPassword(dto.password),
      roles: dto.roles,
      teamId: dto.teamId ?? null,
      active: dto.active ?? true,
    });
    return UserResponseDto.from(await this.saveUnique(user.username, () => this.users.save(user)));
  }

  /**
   * A password change, a deactivation and a reactivation end the user's earlier tokens; the last active
   * admin keeps the role and stays active (checked under a lock, so two concurrent changes cannot both pass).
   */
  async update(id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const current = await this.users.findById(id);
    if (!current) throw AppError.notFound('User', id);
    if (dto.password !== undefined) assertAcceptablePassword(dto.password, dto.username ?? current.username);
    await this.assertTeamExists(dto.teamId);
    const passwordHash = dto.password === undefined ? undefined : await hashPassword(dto.password);
    const mayRemoveAdmin = dto.roles !== undefined || dto.active !== undefined;

    const saved = await this.saveUnique(dto.username ?? current.username, () =>
      this.users.transaction(async (manager) => {
        if (mayRemoveAdmin) await this.users.lockAdminChanges(manager);
        const user = await this.users.findByIdForUpdate(id, manager);
        if (!user) throw AppError.notFound('User', id);
        const wasActiveAdmin = isActiveAdmin(user);
        const endsTokens = passwordHash !== undefined || (dto.active !== undefined && dto.active !== user.active);
        if (dto.username !== undefined) user.username = dto.username;
        if (dto.displayName !== undefined) user.displayName = dto.displayName;
        if (passwordHash !== undefined) user.passwordHash = passwordHash;
        if (dto.roles !== undefined) user.roles = dto.roles;
        if (dto.teamId !== undefined) user.teamId = dto.teamId;
        if (dto.active !== undefined) user.active = dto.active;
        if (wasActiveAdmin && !isActiveAdmin(user) && (await this.users.countActiveWithRole(Role.Admin, manager)) <= 1) {
          throw new AppError(
            ErrorCode.LastAdmin,
            'The last active admin cannot lose the admin role or be deactivated: make another user admin first',
            { id },
          );
        }
        if (endsTokens) user.tokenVersion += 1;
        return this.users.save(user, manager);
      }),
    );
    this.cache.invalidate(id);
    return UserResponseDto.from(saved);
  }

  /**
   * The caller changes their own password: the current one must be right (a stolen session cannot lock
   * its owner out), the new one passes the one policy; every earlier token ends. Refusals write nothing.
   */
  async changeOwnPassword(id: string, currentPassword: string, newPassword: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user || !user.active) throw AppError.notFound('User', id);
    if (!(await verifyPassword(user.passwordHash, currentPassword)))
      throw AppError.validation('当前密码不正确 (the current password is wrong)', [
        { field: 'currentPassword', errors: ['当前密码不正确'] },
      ]);
    const problem =
      currentPassword === newPassword ? 'the new password must differ from the current one' : passwordProblem(newPassword, user.username);
    if (problem) throw AppError.validation(problem, [{ field: 'newPassword', errors: [problem] }]);
    const passwordHash = await hashPassword(newPassword);
    const saved = await this.users.transaction(async (manager) => {
      const locked = await this.users.findByIdForUpdate(id, manager);
      // a password changed meanwhile (another session, an admin reset) makes this check stale: refuse rather than overwrite
      if (!locked || locked.passwordHash !== user.passwordHash)
        throw new AppError(ErrorCode.Conflict, 'The password was changed meanwhile; sign in again', { field: 'currentPassword' });
      locked.passwordHash = passwordHash;
      locked.tokenVersion += 1;
      return this.users.save(locked, manager);
    });
    this.cache.invalidate(id);
    return saved;
  }

  /** "Log out everywhere": ends every token the user holds. */
  async endTokens(id: string): Promise<void> {
    await this.users.bumpTokenVersion(id);
    this.cache.invalidate(id);
  }

  /** Creates the first admin from configuration when no active admin exists (ADMIN_USERNAME, ADMIN_PASSWORD). */
  async ensureFirstAdmin(username: string, password: string): Promise<boolean> {
    if ((await this.users.countActiveWithRole(Role.Admin)) > 0) return false;
    assertAcceptablePassword(password, username);
    const existing = await this.users.findByUsername(username);
    if (existing) {
      existing.roles = [...new Set([...existing.roles, Role.Admin])];
      existing.active = true;
      existing.passwordHash = await hashPassword(password);
      existing.tokenVersion += 1;
      await this.users.save(existing);
      this.cache.invalidate(existing.id);
      return true;
    }
    await this.users.save(
      this.users.create({
        username: username.toLowerCase(),
        displayName: '系统管理员',
        passwordHash: await hashPassword(password),
        roles: [Role.Admin],
      }),
    );
    return true;
  }

  private async assertTeamExists(teamId: string | null | undefined): Promise<void> {
    if (teamId && !(await this.teams.findById(teamId))) {
      throw AppError.validation('teamId does not name a team', [{ field: 'teamId', errors: ['no such team'] }]);
    }
  }

  private async saveUnique(username: string, save: () => Promise<User>): Promise<User> {
    try {
      return await save();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(ErrorCode.DuplicateUsername, `Username "${username}" is taken`, { field: 'username' });
      }
      throw error;
    }
  }
}

function isActiveAdmin(user: User): boolean {
  return user.active && user.roles.includes(Role.Admin);
}
