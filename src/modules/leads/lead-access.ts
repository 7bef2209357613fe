import { AuthUser, hasRole, seesEverything } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Role } from '../users/role.enum';
import { Lead } from './lead.entity';

/**
 * Who sees which lead (README, Roles), in one place: leaders and admins see all; promoters their team's
 * and their own; commissioners those assigned to them and their team's. Everyone sees what they own.
 */
export function canSeeLead(user: AuthUser, lead: Pick<Lead, 'teamId' | 'ownerId' | 'commissionerId'>): boolean {
  if (seesEverything(user)) return true;
  if (lead.ownerId === user.id) return true;
  if (user.teamId && lead.teamId === user.teamId && hasRole(user, Role.Promoter, Role.Commissioner)) return true;
  return hasRole(user, Role.Commissioner) && lead.commissionerId === user.id;
}

/** The team whose every lead the caller sees (promoters and commissioners, their own), if any. */
export function leadScopeTeam(user: AuthUser): string | null {
  return user.teamId && hasRole(user, Role.Promoter, Role.Commissioner) && !seesEverything(user) ? user.teamId : null;
}

/** The rule's alternatives as SQL over alias `l` (the team's first, the largest), appending their parameters; null when the caller sees every lead. */
function leadScopeClauses(user: AuthUser, params: unknown[], alias: string): string[] | null {
  if (seesEverything(user)) return null;
  params.push(user.id);
  const me = `$${params.length}`;
  const clauses: string[] = [];
  const team = leadScopeTeam(user);
  if (team) {
    params.push(team);
    clauses.push(`${alias}.team_id = $${params.length}`);
  }
  clauses.push(`${alias}.owner_id = ${me}`);
  if (hasRole(user, Role.Commissioner)) clauses.push(`${alias}.commissioner_id = ${me}`);
  return clauses;
}

/** The same rule as SQL over alias `l`, appending its parameters; null when the caller sees every lead. */
export function leadScopeSql(user: AuthUser, params: unknown[], alias = 'l'): string | null {
  const clauses = leadScopeClauses(user, params, alias);
  return clauses && `(${clauses.join(' OR ')})`;
}

/**
 * The same rule as disjoint conditions (each lead visible to the caller meets exactly one), so a page can be
 * read as a UNION ALL of one ordered index walk per condition (a team's leads by created_at) instead of one
 * walk over every lead filtered by an OR. Null when the caller sees every lead.
 */
export function leadScopeBranches(user: AuthUser, params: unknown[], alias = 'l'): string[] | null {
  const clauses = leadScopeClauses(user, params, alias);
  return clauses && clauses.map((clause, i) => [clause, ...clauses.slice(0, i).map((earlier) => `(${earlier}) IS NOT TRUE`)].join(' AND '));
}

/** Where a write puts a lead: the team and the owner it sets (a PATCH names only those it changes). */
export interface LeadPlacement {
  teamId?: string | null;
  /** An existing active user, with their team. */
  owner?: { id: string; teamId: string | null };
}

/**
 * Who may put a lead where (#13): leaders and admins anywhere. Promoters and commissioners, whose view of
 * leads is their team's, only into their own team, with themselves or an active member of it as owner.
 * Answers the fields the caller may not set.
 */
export function refusedPlacement(user: AuthUser, placement: LeadPlacement): Array<'teamId' | 'ownerId'> {
  if (seesEverything(user)) return [];
  const refused: Array<'teamId' | 'ownerId'> = [];
  if (placement.teamId !== undefined && placement.teamId !== user.teamId) refused.push('teamId');
  const { owner } = placement;
  if (owner && owner.id !== user.id && (user.teamId === null || owner.teamId !== user.teamId)) refused.push('ownerId');
  return refused;
}

/** The same rule for an API write: 403 naming the fields, before anything is written. */
export function assertMayPlaceLead(user: AuthUser, placement: LeadPlacement): void {
  const refused = refusedPlacement(user, placement);
  if (refused.length === 0) return;
  throw new AppError(
    ErrorCode.Forbidden,
    `You may only put a lead in your own team, owned by you or a member of it: ${refused.join(', ')}`,
    {
      fields: refused.map((field) => ({
        field,
        errors: [field === 'teamId' ? 'only your own team' : 'only yourself or an active member of your team'],
      })),
    },
  );
}
