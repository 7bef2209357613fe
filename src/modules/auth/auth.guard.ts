import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, IS_PUBLIC, REQUIRED_ROLES } from '../../common/auth/decorators';
import { hasRole } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Role } from '../users/role.enum';
import { AuthService } from './auth.service';
import { requestToken } from './session-cookie';

/** Global guard: every route needs a bearer token (or the console's session cookie) unless marked @Public; @Roles narrows it further (403). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = requestToken(request);
    if (!token) throw new AppError(ErrorCode.Unauthorized, "A valid bearer token (or the console's session cookie) is required");
    request.user = await this.auth.authenticate(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && roles.length > 0 && !hasRole(request.user, ...roles)) {
      throw AppError.forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
