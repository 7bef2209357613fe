import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { agreementBody, districtDay, signedLead } from './support/obligations';
import { auth, TestApp, TestUser } from './support/test-app';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

interface Body {
  [key: string]: unknown;
  id: string;
}

describe('DELETE …/clauses/:clauseId/evidence/:evidenceId: deleting 佐证材料', () => {
  let t: TestApp;
  let promoterA: TestUser;
  let commissionerA: TestUser;
  let promoterB: TestUser;
  let commissionerB: TestUser;
  let leader: TestUser;
  let admin: TestUser;

  const api = (path: string) => `/api/v1/leads/${path}`;
  const post = async (user: TestUser, path: string, body: object) => {
    const response = await t.http.post(api(path)).set(auth(user)).send(body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Body;
  };
  const upload = async (user: TestUser, path: string, file: Buffer, name: string) => {
    const response = await t.http
      .post(api(path))
      .set(auth(user))
      .attach('file', file, { filename: name, contentType: 'application/octet-stream' });
    expect(response.status).toBe(201);
    return response.body as Body;
  };
  const remove = (user: TestUser, path: string) => t.http.delete(api(path)).set(auth(user));
  const stored = async (leadId: string) =>
    (
      await t.dataSource.query<Array<{ file_name: string }>>(
        `SELECT file_name FROM clause_evidence WHERE lead_id = $1 ORDER BY file_name`,
        [leadId],
      )
    ).map((r) => r.file_name);
  const events = (leadId: string) =>
    t.dataSource.query<Array<{ actor_id: string; at: Date; data: Record<string, unknown> }>>(
      `SELECT actor_id, at, data FROM lead_events WHERE lead_id = $1 AND kind = 'evidence_removed' ORDER BY id`,
      [leadId],
    );
  /** A signed lead of team A with an agreement, a clause and its evidence path. */
  const clauseWithEvidence = async () => {
    const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
    const agreement = await post(commissionerA, `${lead.id}/agreements`, agreementBody());
    const clause = await post(commissionerA, `${lead.id}/agreements/${agreement.id}/clauses`, {
      party: 'investor',
      kind: 'completion',
      title: '主体工程竣工',
      dueDate: districtDay(60),
    });
    return { lead, agreement, clause, base: `${lead.id}/agreements/${agreement.id}/clauses/${clause.id}/evidence` };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const teamA = await t.createTeam();
    const teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    commissionerA = await t.createUser([Role.Commissioner], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    commissionerB = await t.createUser([Role.Commissioner], teamB);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('deletes the file and its bytes, keeps the other, and writes who, when and the file name on the timeline', async () => {
    const { lead, base } = await clauseWithEvidence();
    const pdf = await upload(commissionerA, base, PDF, '竣工验收报告.pdf');
    await upload(commissionerA, base, PNG, 'photo.png');
    const before = Date.now();
    const deleted = await remove(promoterA, `${base}/${pdf.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await stored(lead.id)).toEqual(['photo.png']);
    expect((await t.http.get(api(`${base}/${pdf.id}`)).set(auth(promoterA))).status).toBe(404);
    const listed = await t.http.get(api(`${lead.id}/agreements`)).set(auth(leader));
    const evidence = (listed.body.items as Array<{ clauses: Array<{ evidence: Body[] }> }>)[0].clauses[0].evidence.map((e) => e.fileName);
    expect(evidence).toEqual(['photo.png']);
    const [event] = await events(lead.id);
    expect(event).toMatchObject({
      actor_id: promoterA.id,
      data: { evidenceId: pdf.id, fileName: '竣工验收报告.pdf', clauseTitle: '主体工程竣工', uploadedBy: commissionerA.id },
    });
    expect(event.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const timeline = await t.http.get(api(`${lead.id}/timeline`)).set(auth(promoterA));
    expect(timeline.body.items[0]).toMatchObject({
      kind: 'evidence_removed',
      kindLabel: '删除佐证材料',
      actor: { id: promoterA.id },
      data: { fileName: '竣工验收报告.pdf' },
    });
    // deleting it again: it is gone
    expect((await remove(promoterA, `${base}/${pdf.id}`)).status).toBe(404);
    expect(await events(lead.id)).toHaveLength(1);
  });

  it('lets every role that may upload delete (none is refused by role: the lead’s access decides)', async () => {
    const { lead, base } = await clauseWithEvidence();
    for (const user of [promoterA, commissionerA, leader, admin]) {
      const file = await upload(user, base, PDF, `${user.username}.pdf`);
      expect({ user: user.username, status: (await remove(user, `${base}/${file.id}`)).status }).toEqual({
        user: user.username,
        status: 204,
      });
    }
    expect(await stored(lead.id)).toEqual([]);
    expect(await events(lead.id)).toHaveLength(4);
  });

  it('answers 404 for a lead the caller may not see and for ids not under that lead, agreement or clause, deleting nothing', async () => {
    const { lead, agreement, clause, base } = await clauseWithEvidence();
    const file = await upload(commissionerA, base, PDF, 'a.pdf');
    const other = await clauseWithEvidence();
    const otherFile = await upload(commissionerA, other.base, PNG, 'b.png');
    for (const user of [promoterB, commissionerB])
      expect({ user: user.username, status: (await remove(user, `${base}/${file.id}`)).status }).toEqual({
        user: user.username,
        status: 404,
      });
    const probes: Array<[string, string]> = [
      ['evidence of another clause', `${base}/${otherFile.id}`],
      ['clause of another agreement', `${lead.id}/agreements/${other.agreement.id}/clauses/${clause.id}/evidence/${file.id}`],
      ['agreement of another lead', `${other.lead.id}/agreements/${agreement.id}/clauses/${clause.id}/evidence/${file.id}`],
      ['clause id as evidence id', `${base}/${clause.id}`],
      ['missing evidence', `${base}/00000000-0000-4000-8000-000000000000`],
    ];
    for (const [what, path] of probes) expect({ what, status: (await remove(promoterA, path)).status }).toEqual({ what, status: 404 });
    expect((await remove(promoterA, `${base}/not-a-uuid`)).status).toBe(400);
    expect((await t.http.delete(api(`${base}/${file.id}`))).status).toBe(401);
    expect(await stored(lead.id)).toEqual(['a.pdf']);
    expect(await stored(other.lead.id)).toEqual(['b.png']);
    expect(await events(lead.id)).toHaveLength(0);
    expect(await events(other.lead.id)).toHaveLength(0);
  });
});
