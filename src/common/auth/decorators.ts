import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { EdgeRouteConfig } from '../http/edge-route';
import { dtoFieldNames } from '../validation/dto-fields';
import { Role } from '../../modules/users/role.enum';
import { AuthUser } from './auth-user';

export const IS_PUBLIC = 'isPublic';
export const REQUIRED_ROLES = 'requiredRoles';

/**
 * The route needs no token. It also gets the small body limit, and with its body DTO named, a JSON body
 * with any other field is refused at parse time: anonymous input is checked before anything costly.
 */
export const Public = (body?: abstract new (...args: never[]) => unknown) =>
  applyDecorators(
    SetMetadata(IS_PUBLIC, true),
    RouteConfig({ public: true, bodyFields: body && dtoFieldNames(body) } satisfies EdgeRouteConfig),
  );

/** The caller needs at least one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.user) throw new Error('CurrentUser used on a public route');
  return request.user;
});
