import { AuthUser, hasRole, seesEverything } from '../../common/auth/auth-user';
import { Role } from '../users/role.enum';
import { Lead } from './lead.entity';

/**
 * Who sees which lead (DESIGN §6), in one place: leaders and admins see all; promoters their team's
 * and their own; commissioners those assigned to them and their team's. Everyone sees what they own.
 */
export function canSeeLead(user: AuthUser, lead: Pick<Lead, 'teamId' | 'ownerId' | 'commissionerId'>): boolean {
  if (seesEverything(user)) return true;
  if (lead.ownerId === user.id) return true;
  if (user.teamId && lead.teamId === user.teamId && hasRole(user, Role.Promoter, Role.Commissioner)) return true;
  return hasRole(user, Role.Commissioner) && lead.commissionerId === user.id;
}

/** The same rule as SQL over alias `l`, appending its parameters; null when the caller sees every lead. */
export function leadScopeSql(user: AuthUser, params: unknown[], alias = 'l'): string | null {
  if (seesEverything(user)) return null;
  params.push(user.id);
  const me = `$${params.length}`;
  const clauses = [`${alias}.owner_id = ${me}`];
  if (user.teamId && hasRole(user, Role.Promoter, Role.Commissioner)) {
    params.push(user.teamId);
    clauses.push(`${alias}.team_id = $${params.length}`);
  }
  if (hasRole(user, Role.Commissioner)) clauses.push(`${alias}.commissioner_id = ${me}`);
  return `(${clauses.join(' OR ')})`;
}
