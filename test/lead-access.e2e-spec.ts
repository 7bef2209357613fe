import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuthUser } from '../src/common/auth/auth-user';
import { canSeeLead, leadScopeBranches, leadScopeSql } from '../src/modules/leads/lead-access';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp } from './support/test-app';

interface LeadRow {
  id: string;
  teamId: string | null;
  ownerId: string;
  commissionerId: string | null;
}

const ROLES = Object.values(Role);
/** Every subset of the roles, the empty one included: 16 combinations. */
const ROLE_SETS: Role[][] = Array.from({ length: 2 ** ROLES.length }, (_, mask) => ROLES.filter((_, bit) => mask & (1 << bit)));

/**
 * canSeeLead (TypeScript, for one lead) and leadScopeSql (SQL, for lists) state one visibility rule twice.
 * On the real database, for every role combination, with and without a team, over leads in every relation
 * to the caller (owner or not × own team, other team or none × commissioner is the caller, someone else or
 * nobody), the SQL must select exactly the leads canSeeLead accepts.
 */
describe('lead visibility: canSeeLead and leadScopeSql agree', () => {
  let t: TestApp;
  let me: string;
  let someone: string;
  let myTeam: string;
  let otherTeam: string;
  let leads: LeadRow[];

  beforeAll(async () => {
    t = await TestApp.start({ APP_ROLE: 'api' });
    myTeam = await t.createTeam();
    otherTeam = await t.createTeam();
    me = (await t.createUser([Role.Promoter, Role.Commissioner], myTeam, true, { login: false })).id;
    someone = (await t.createUser([Role.Promoter, Role.Commissioner], otherTeam, true, { login: false })).id;
    const admin = await t.createUser([Role.Admin]);
    const placements: Array<Omit<LeadRow, 'id'>> = [];
    for (const ownerId of [me, someone])
      for (const teamId of [myTeam, otherTeam, null])
        for (const commissionerId of [me, someone, null]) placements.push({ ownerId, teamId, commissionerId });
    leads = [];
    for (const placement of placements) {
      const created = await t.http.post('/api/v1/leads').set(auth(admin)).send(leadBody());
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;
      await t.dataSource.query('UPDATE leads SET owner_id = $2, team_id = $3, commissioner_id = $4 WHERE id = $1', [
        id,
        placement.ownerId,
        placement.teamId,
        placement.commissionerId,
      ]);
      leads.push({ id, ...placement });
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('covers 18 relations of a lead to the caller', () => {
    expect(leads).toHaveLength(18);
  });

  const callers = ROLE_SETS.flatMap((roles) =>
    [true, false].map((inTeam) => ({ roles, inTeam, label: `${roles.join('+') || 'no role'}, ${inTeam ? 'in a team' : 'no team'}` })),
  );

  it.each(callers)('$label: the SQL selects exactly the leads canSeeLead accepts', async ({ roles, inTeam }) => {
    const user: AuthUser = { id: me, username: 'me', displayName: 'me', roles, teamId: inTeam ? myTeam : null };
    const params: unknown[] = [leads.map((lead) => lead.id)];
    const scope = leadScopeSql(user, params);
    const rows = await t.dataSource.query<Array<{ id: string }>>(
      `SELECT l.id FROM leads l WHERE l.id = ANY($1::uuid[]) ${scope ? `AND ${scope}` : ''}`,
      params,
    );
    const bySql = rows.map((row) => row.id).sort();
    const byTs = leads
      .filter((lead) => canSeeLead(user, lead))
      .map((lead) => lead.id)
      .sort();
    expect(bySql).toEqual(byTs);
  });

  it.each(callers)(
    "$label: the disjoint branches (a search page's UNION ALL) select each of those leads exactly once",
    async ({ roles, inTeam }) => {
      const user: AuthUser = { id: me, username: 'me', displayName: 'me', roles, teamId: inTeam ? myTeam : null };
      const params: unknown[] = [leads.map((lead) => lead.id)];
      const branches = leadScopeBranches(user, params) ?? ['true'];
      const rows = await t.dataSource.query<Array<{ id: string }>>(
        branches.map((branch) => `SELECT l.id FROM leads l WHERE l.id = ANY($1::uuid[]) AND ${branch}`).join(' UNION ALL '),
        params,
      );
      const bySql = rows.map((row) => row.id).sort();
      const byTs = leads
        .filter((lead) => canSeeLead(user, lead))
        .map((lead) => lead.id)
        .sort();
      expect(bySql).toEqual(byTs);
    },
  );
});
