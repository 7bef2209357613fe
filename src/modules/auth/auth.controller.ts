import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Public } from '../../common/auth/decorators';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, LoginResponseDto, MeDto } from './dto/login.dto';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public(LoginDto)
  @Post('login')
  @HttpCode(200)
  @ApiDoc('登录', 'Sign in', {
    description:
      'Answers a bearer token for API clients and sets the console’s session cookie. Attempts are limited per address and username (429 with Retry-After).',
    errors: [ErrorCode.InvalidCredentials, ErrorCode.TooManyRequests],
  })
  @ApiOkResponse({ type: LoginResponseDto, description: 'signed in: a token, its lifetime and the caller' })
  async login(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const result = await this.auth.login(dto, ip);
    // API clients use the bearer token; the console relies on this cookie and never stores the token.
    void reply.header('set-cookie', sessionCookie(request, result.accessToken, result.expiresIn));
    return result;
  }

  /** Ends the caller's tokens everywhere and clears the console's session cookie. */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiDoc('退出登录', 'Sign out', { description: 'Ends every token of the caller and clears the console’s session cookie.' })
  @ApiNoContentResponse({ description: 'every token of the caller ended; the session cookie cleared' })
  async logout(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(user);
    void reply.header('set-cookie', clearedSessionCookie(request));
  }

  /** 修改密码: answers like a login (a new token and cookie for this session); every other session ends. */
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  @ApiDoc('修改密码', 'Change my password', {
    description:
      'Answers like a login: a new token and cookie for this session; every other session ends. A wrong current password or a new one that breaks the password rule is a 400; attempts are limited like logins.',
    errors: [ErrorCode.Conflict, ErrorCode.TooManyRequests],
  })
  @ApiOkResponse({ type: LoginResponseDto, description: 'the password changed; a new token for this session, every earlier one ended' })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Ip() ip: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const result = await this.auth.changePassword(user, dto, ip);
    void reply.header('set-cookie', sessionCookie(request, result.accessToken, result.expiresIn));
    return result;
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiDoc('当前用户', 'Who am I')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user);
  }
}
