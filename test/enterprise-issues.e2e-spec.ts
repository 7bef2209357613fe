import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EnterpriseIssuesService } from '../src/modules/enterprise-issues/enterprise-issues.service';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';

interface IssueJson {
  id: string;
  version: number;
  status: string;
  overdue: boolean;
  [key: string]: unknown;
}

/** The parts of an answer these tests read (supertest types bodies as any). */
interface ReplyBody {
  code: string;
  details: { fields?: Array<{ field: string }> };
  items: IssueJson[];
  nextCursor: string | null;
  [key: string]: unknown;
}

const reply = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
  const response = await pending;
  return { status: response.status, body: response.body as ReplyBody };
};

const HOUR = 3600 * 1000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describe('EnterpriseIssuesController', () => {
  let t: TestApp;
  let promoterA: TestUser;
  let promoterB: TestUser;
  let commissionerA: TestUser;
  let leader: TestUser;
  let inactive: TestUser;

  const createLead = async (user: TestUser) => {
    const response = await t.http.post('/api/v1/leads').set(auth(user)).send(leadBody());
    if (response.status !== 201) throw new Error(`create lead failed: ${response.status} ${JSON.stringify(response.body)}`);
    return (response.body as { id: string }).id;
  };
  const issueBody = (overrides: Record<string, unknown> = {}) => ({
    title: '厂房用电增容',
    category: 'utilities',
    description: '需新增 2000 kVA 变压器',
    dueAt: inHours(72),
    handlerId: commissionerA.id,
    department: '区供电中心',
    ...overrides,
  });
  const post = (user: TestUser, leadId: string, body: Record<string, unknown>) =>
    reply(t.http.post(`/api/v1/leads/${leadId}/issues`).set(auth(user)).send(body));
  const patch = (user: TestUser, leadId: string, issueId: string, body: Record<string, unknown>) =>
    reply(t.http.patch(`/api/v1/leads/${leadId}/issues/${issueId}`).set(auth(user)).send(body));
  const list = (user: TestUser, leadId: string) => reply(t.http.get(`/api/v1/leads/${leadId}/issues`).set(auth(user)));
  const createIssue = async (user: TestUser, leadId: string, overrides: Record<string, unknown> = {}) => {
    const response = await post(user, leadId, issueBody(overrides));
    if (response.status !== 201) throw new Error(`create issue failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as unknown as IssueJson;
  };
  const fieldsOf = (body: ReplyBody) => (body.details.fields ?? []).map((f) => f.field);

  beforeAll(async () => {
    t = await TestApp.start();
    const teamA = await t.createTeam();
    const teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    commissionerA = await t.createUser([Role.Commissioner], teamA);
    leader = await t.createUser([Role.Leader]);
    inactive = await t.createUser([Role.Commissioner], teamA, false);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('create', () => {
    it('records an open issue at version 1 with Chinese labels and its handler, and answers 201', async () => {
      const leadId = await createLead(promoterA);
      const dueAt = inHours(72);
      const response = await post(promoterA, leadId, issueBody({ dueAt }));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        leadId,
        title: '厂房用电增容',
        category: 'utilities',
        categoryLabel: '水电气暖',
        description: '需新增 2000 kVA 变压器',
        department: '区供电中心',
        dueAt,
        handlerId: commissionerA.id,
        handler: { id: commissionerA.id },
        status: 'open',
        statusLabel: '待处理',
        resolution: null,
        resolvedAt: null,
        overdue: false,
        createdBy: promoterA.id,
        version: 1,
      });
    });

    it('is open to any role that sees the lead, commissioners included, with the optional fields left out', async () => {
      const leadId = await createLead(promoterA);
      const response = await post(commissionerA, leadId, {
        title: '人才公寓',
        category: 'talent',
        dueAt: inHours(24),
        handlerId: commissionerA.id,
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ categoryLabel: '人才', description: null, department: null, createdBy: commissionerA.id });
    });

    it('refuses missing, unknown and ill-typed fields, a bare date and a category outside the list with 400 naming them', async () => {
      const leadId = await createLead(promoterA);
      const missing = await post(promoterA, leadId, {});
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(missing.body)).toEqual(expect.arrayContaining(['title', 'category', 'dueAt', 'handlerId']));

      const wrong = await post(
        promoterA,
        leadId,
        issueBody({ category: 'roads', dueAt: '2026-05-01', handlerId: 'someone', title: '   ', handler: commissionerA.id }),
      );
      expect(wrong.status).toBe(400);
      expect(fieldsOf(wrong.body)).toEqual(expect.arrayContaining(['category', 'dueAt', 'handlerId', 'title', 'handler']));
      expect(fieldsOf((await post(promoterA, leadId, issueBody({ status: 'resolved' }))).body)).toEqual(['status']);
    });

    it('needs the handler to be an active user (400 otherwise)', async () => {
      const leadId = await createLead(promoterA);
      for (const handlerId of ['00000000-0000-4000-8000-000000000000', inactive.id]) {
        const response = await post(promoterA, leadId, issueBody({ handlerId }));
        expect(response.status).toBe(400);
        expect(fieldsOf(response.body)).toEqual(['handlerId']);
      }
      const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM enterprise_issues WHERE lead_id = $1`, [leadId]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('status flow', () => {
    it('moves open → in_progress → resolved, needing a resolution to resolve, and stamps resolvedAt', async () => {
      const leadId = await createLead(promoterA);
      const issue = await createIssue(promoterA, leadId);
      const started = await patch(commissionerA, leadId, issue.id, { version: 1, status: 'in_progress' });
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ status: 'in_progress', statusLabel: '处理中', version: 2 });

      const noResolution = await patch(commissionerA, leadId, issue.id, { version: 2, status: 'resolved' });
      expect(noResolution.status).toBe(422);
      expect(noResolution.body).toMatchObject({ statusCode: 422, code: 'UNPROCESSABLE_ENTITY', details: { missing: ['resolution'] } });

      const resolved = await patch(commissionerA, leadId, issue.id, {
        version: 2,
        status: 'resolved',
        resolution: '已协调供电公司完成增容',
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', statusLabel: '已解决', resolution: '已协调供电公司完成增容', version: 3 });
      expect(typeof resolved.body.resolvedAt).toBe('string');
    });

    it('resolves an open issue directly, with a resolution given earlier or in the same write', async () => {
      const leadId = await createLead(promoterA);
      const direct = await createIssue(promoterA, leadId);
      const response = await patch(promoterA, leadId, direct.id, { version: 1, status: 'resolved', resolution: '已办结' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'resolved', version: 2 });

      const staged = await createIssue(promoterA, leadId);
      expect((await patch(promoterA, leadId, staged.id, { version: 1, resolution: '土地预审已通过' })).body).toMatchObject({
        status: 'open',
        version: 2,
      });
      expect((await patch(promoterA, leadId, staged.id, { version: 2, status: 'resolved' })).body).toMatchObject({
        status: 'resolved',
        resolution: '土地预审已通过',
      });
    });

    it('refuses every other move with 422 TRANSITION_NOT_ALLOWED; resolved is final', async () => {
      const leadId = await createLead(promoterA);
      const issue = await createIssue(promoterA, leadId);
      await patch(promoterA, leadId, issue.id, { version: 1, status: 'in_progress' });
      const back = await patch(promoterA, leadId, issue.id, { version: 2, status: 'open' });
      expect(back.status).toBe(422);
      expect(back.body).toMatchObject({
        code: 'TRANSITION_NOT_ALLOWED',
        details: { from: 'in_progress', to: 'open', allowed: ['resolved'] },
      });

      await patch(promoterA, leadId, issue.id, { version: 2, status: 'resolved', resolution: '已解决' });
      for (const status of ['open', 'in_progress']) {
        const reopen = await patch(leader, leadId, issue.id, { version: 3, status });
        expect(reopen.status).toBe(422);
        expect(reopen.body.code).toBe('TRANSITION_NOT_ALLOWED');
      }
      const after = await list(promoterA, leadId);
      expect(after.body.items[0]).toMatchObject({ status: 'resolved', version: 3 });
    });
  });

  describe('patch', () => {
    it('edits fields, bumps the version, clears optional text with null and refuses null for required fields', async () => {
      const leadId = await createLead(promoterA);
      const issue = await createIssue(promoterA, leadId);
      const dueAt = inHours(240);
      const response = await patch(promoterA, leadId, issue.id, {
        version: 1,
        title: '用电增容（二期）',
        category: 'approval',
        dueAt,
        handlerId: promoterA.id,
        department: null,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        title: '用电增容（二期）',
        category: 'approval',
        categoryLabel: '审批手续',
        dueAt,
        handlerId: promoterA.id,
        department: null,
        version: 2,
      });

      const cleared = await patch(promoterA, leadId, issue.id, {
        version: 2,
        title: null,
        category: null,
        dueAt: null,
        handlerId: null,
        status: null,
        resolution: null,
      });
      expect(cleared.status).toBe(400);
      expect(fieldsOf(cleared.body)).toEqual(expect.arrayContaining(['title', 'category', 'dueAt', 'handlerId', 'status', 'resolution']));
      expect(fieldsOf((await patch(promoterA, leadId, issue.id, { title: 'x' })).body)).toEqual(['version']);
      expect(fieldsOf((await patch(promoterA, leadId, issue.id, { version: 2, handlerId: inactive.id })).body)).toEqual(['handlerId']);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const leadId = await createLead(promoterA);
      const issue = await createIssue(promoterA, leadId);
      expect((await patch(promoterA, leadId, issue.id, { version: 1, title: '新标题' })).status).toBe(200);
      const stale = await patch(commissionerA, leadId, issue.id, { version: 1, status: 'resolved', resolution: '已解决' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { yourVersion: 1, currentVersion: 2 } });
      const after = await list(promoterA, leadId);
      expect(after.body.items[0]).toMatchObject({ status: 'open', title: '新标题', version: 2, resolution: null });
    });

    it('writes issue_created and issue_updated events with the changed fields from → to', async () => {
      const leadId = await createLead(promoterA);
      const issue = await createIssue(promoterA, leadId);
      await patch(commissionerA, leadId, issue.id, { version: 1, status: 'in_progress', department: '区自然资源局' });
      // a write that changes nothing records nothing and keeps the version
      expect(
        (await patch(commissionerA, leadId, issue.id, { version: 2, status: 'in_progress', department: '区自然资源局' })).body.version,
      ).toBe(2);
      const rows: Array<{ kind: string; actor_id: string; data: Record<string, unknown> }> = await t.dataSource.query(
        `SELECT kind, actor_id, data FROM lead_events WHERE lead_id = $1 ORDER BY id`,
        [leadId],
      );
      expect(rows.map((r) => r.kind)).toEqual(['created', 'issue_created', 'issue_updated']);
      expect(rows[1]).toMatchObject({
        actor_id: promoterA.id,
        data: { issueId: issue.id, title: '厂房用电增容', category: 'utilities', handlerId: commissionerA.id },
      });
      expect(rows[2]).toMatchObject({ actor_id: commissionerA.id, data: { issueId: issue.id } });
      expect(rows[2].data.changes).toEqual(
        expect.arrayContaining([
          { field: 'department', from: '区供电中心', to: '区自然资源局' },
          { field: 'status', from: 'open', to: 'in_progress' },
        ]),
      );
    });
  });

  describe('list and access', () => {
    it('lists newest first with the overdue flag for unresolved issues past due, and summarises them for the lead page', async () => {
      const leadId = await createLead(promoterA);
      const late = await createIssue(promoterA, leadId, { title: '逾期诉求', dueAt: inHours(-2) });
      const lateResolved = await createIssue(promoterA, leadId, { title: '逾期但已解决', dueAt: inHours(-2) });
      await patch(promoterA, leadId, lateResolved.id, { version: 1, status: 'resolved', resolution: '已解决' });
      const onTime = await createIssue(promoterA, leadId, { title: '未到期', dueAt: inHours(48) });

      const response = await list(commissionerA, leadId);
      expect(response.status).toBe(200);
      expect(response.body.nextCursor).toBeNull();
      const items = response.body.items;
      expect(items.map((i) => i.id)).toEqual([onTime.id, lateResolved.id, late.id]);
      expect(items.map((i) => i.overdue)).toEqual([false, false, true]);
      expect(items[2]).toMatchObject({ categoryLabel: '水电气暖', statusLabel: '待处理' });

      const service = t.app.get(EnterpriseIssuesService);
      expect(await service.openSummaryForLead(leadId)).toEqual({ open: 2, overdue: 1 });
      expect(await service.openSummaryForLead(await createLead(promoterA))).toEqual({ open: 0, overdue: 0 });
    });

    it('answers 404 for a lead the caller may not see in create, list and patch, and for an issue of another lead', async () => {
      const leadId = await createLead(promoterA);
      const issue = await createIssue(promoterA, leadId);
      expect((await post(promoterB, leadId, issueBody())).status).toBe(404);
      expect((await list(promoterB, leadId)).status).toBe(404);
      const foreign = await patch(promoterB, leadId, issue.id, { version: 1, title: 'x' });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');

      const otherLead = await createLead(promoterA);
      expect((await patch(promoterA, otherLead, issue.id, { version: 1, title: 'x' })).status).toBe(404);
      expect((await patch(promoterA, leadId, '00000000-0000-4000-8000-000000000000', { version: 1, title: 'x' })).status).toBe(404);
      expect((await patch(promoterA, leadId, 'nope', { version: 1, title: 'x' })).status).toBe(400);
      expect((await post(promoterA, '00000000-0000-4000-8000-000000000000', issueBody())).status).toBe(404);
    });
  });
});
