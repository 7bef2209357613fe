import { Role } from '../../modules/users/role.enum';

/** The authenticated caller, as services see it. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teamId: string | null;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** Leaders and admins see every lead (README, Roles). */
export function seesEverything(user: AuthUser): boolean {
  return hasRole(user, Role.Leader, Role.Admin);
}
