import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { TeamsRepository } from '../teams/teams.repository';
import { dummyPasswordHash, verifyPassword } from '../users/password-hasher';
import { UserCache } from '../users/user-cache';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { ChangePasswordDto, LoginDto, LoginResponseDto, MeDto } from './dto/login.dto';
import { LoginRateLimiter } from './login-rate-limiter';

interface TokenPayload {
  sub: string;
  /** The user's token version when the token was issued (User.tokenVersion). */
  ver: number;
}

const invalidCredentials = () => new AppError(ErrorCode.InvalidCredentials, '用户名或密码错误 (invalid username or password)');
const unauthorized = (message = 'A valid bearer token is required') => new AppError(ErrorCode.Unauthorized, message);

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly teams: TeamsRepository,
    private readonly cache: UserCache,
    private readonly jwt: JwtService,
    private readonly limiter: LoginRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto, clientIp: string): Promise<LoginResponseDto> {
    await this.limiter.hit(clientIp, dto.username);
    const user = await this.users.findByUsername(dto.username);
    if (!user) {
      await verifyPassword(await dummyPasswordHash(), dto.password);
      throw invalidCredentials();
    }
    // Inactive users get the same answer as a wrong password: nothing to learn from probing.
    if (!(await verifyPassword(user.passwordHash, dto.password)) || !user.active) throw invalidCredentials();
    return this.issue(user);
  }

  /**
   * 修改密码: checked like a login (the same limiter, so a stolen session cannot guess the current password
   * at speed); every earlier token ends and the caller gets a new one, so only this session stays signed in.
   */
  async changePassword(caller: AuthUser, dto: ChangePasswordDto, clientIp: string): Promise<LoginResponseDto> {
    await this.limiter.hit(clientIp, caller.username);
    return this.issue(await this.usersService.changeOwnPassword(caller.id, dto.currentPassword, dto.newPassword));
  }

  private async issue(user: User): Promise<LoginResponseDto> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, ver: user.tokenVersion } satisfies TokenPayload);
    return { accessToken, expiresIn: this.config.jwt.expiresInSeconds, user: await this.me(toAuthUser(user)) };
  }

  /** Verifies the token (HS256 only, expiry enforced) and loads the caller, refusing inactive users and ended sessions. */
  async authenticate(token: string): Promise<AuthUser> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw unauthorized('The token is invalid or expired');
    }
    if (typeof payload.sub !== 'string') throw unauthorized('The token is invalid or expired');
    let user = this.cache.get(payload.sub);
    if (!user) {
      user = (await this.users.findById(payload.sub)) ?? undefined;
      if (user) this.cache.set(user);
    }
    if (!user || !user.active) throw unauthorized('The account is not active');
    if (payload.ver !== user.tokenVersion) throw unauthorized('The session has ended (logout, password or account change): log in again');
    return toAuthUser(user);
  }

  /** Ends every token of the caller (on every device): "log out everywhere". */
  logout(user: AuthUser): Promise<void> {
    return this.usersService.endTokens(user.id);
  }

  async me(user: AuthUser): Promise<MeDto> {
    const team = user.teamId ? await this.teams.findById(user.teamId) : null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      teamId: user.teamId,
      teamName: team?.name ?? null,
    };
  }
}

function toAuthUser(user: User): AuthUser {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, teamId: user.teamId };
}
