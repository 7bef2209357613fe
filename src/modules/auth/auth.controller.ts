import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
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
  @ApiNoContentResponse({ description: 'every token of the caller ended; the session cookie cleared' })
  @ApiUnauthorizedResponse({ description: 'no or expired token' })
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
  @ApiOkResponse({ type: LoginResponseDto, description: 'the password changed; a new token for this session, every earlier one ended' })
  @ApiBadRequestResponse({ description: 'the current password is wrong, or the new one breaks the password rule; nothing changed' })
  @ApiUnauthorizedResponse({ description: 'no or expired token' })
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
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user);
  }
}
