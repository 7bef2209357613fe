import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Role } from '../src/modules/users/role.enum';
import { insertCarrier } from './support/carriers';
import { leadBody } from './support/factories';
import { agreementBody, signedLead } from './support/obligations';
import { auth, TestApp, TestUser } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-env';
import { sleep, waitFor } from './support/wait';

const FAST = { RECONCILE_EVERY: 'PT1S', WORKER_LOCK_MS: '2000', RECONCILE_HORIZON: 'PT1H' };
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

interface Match {
  carrier: { id: string; status: string };
  score: number;
  reasons: string[];
}

describe('carrier matching and reservations', () => {
  let t: TestApp;
  let promoter: TestUser;
  let teammate: TestUser;
  let commissioner: TestUser;
  let outsider: TestUser;
  let leader: TestUser;
  let admin: TestUser;
  let carrierManager: TestUser;

  const newLead = async (owner: TestUser, overrides: Record<string, unknown> = {}) => {
    const response = await t.http.post('/api/v1/leads').set(auth(owner)).send(leadBody(overrides));
    expect(response.status).toBe(201);
    return response.body as { id: string; code: string; version: number };
  };
  const require = async (who: TestUser, leadId: string, body: Record<string, unknown>) => {
    const current = await t.http.get(`/api/v1/leads/${leadId}/requirements`).set(auth(who));
    expect(current.status).toBe(200);
    const response = await t.http
      .put(`/api/v1/leads/${leadId}/requirements`)
      .set(auth(who))
      .send({ version: (current.body as { version: number }).version, ...body });
    expect(response.status).toBe(200);
    return response.body as { version: number; matchKinds: string[] };
  };
  const matches = async (who: TestUser, leadId: string) => {
    const response = await t.http.get(`/api/v1/leads/${leadId}/carrier-matches`).set(auth(who));
    expect(response.status).toBe(200);
    return response.body as { items: Match[]; total: number; reserved: Array<{ reservationId: string; carrier: { id: string } }> };
  };
  const reserve = (who: TestUser, carrierId: string, leadId: string, until = inDays(30)) =>
    t.http.post(`/api/v1/carriers/${carrierId}/reservations`).set(auth(who)).send({ leadId, until });
  const carrierRow = async (id: string) =>
    (
      await t.dataSource.query<Array<{ status: string; reserved_lead_id: string | null }>>(
        `SELECT status, reserved_lead_id FROM carriers WHERE id = $1`,
        [id],
      )
    )[0];
  const lose = async (who: TestUser, leadId: string) => {
    const lead = await t.http.get(`/api/v1/leads/${leadId}`).set(auth(who));
    const response = await t.http
      .post(`/api/v1/leads/${leadId}/transitions`)
      .set(auth(who))
      .send({ to: 'lost', version: (lead.body as { version: number }).version, note: '资金未落实', lostReason: 'funding' });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    t = await TestApp.start(FAST);
    const team = await t.createTeam();
    const other = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], team);
    teammate = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
    outsider = await t.createUser([Role.Promoter], other);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
    carrierManager = await t.createUser([Role.CarrierManager]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps a lead’s requirements, versioned, on its timeline, and refuses a range upside down or a negative area', async () => {
    const lead = await newLead(promoter);
    const empty = await t.http.get(`/api/v1/leads/${lead.id}/requirements`).set(auth(promoter));
    expect(empty.body).toMatchObject({ version: 0, landAreaMuMin: null, kinds: [], matchKinds: ['land', 'factory', 'building'] });
    const saved = await require(promoter, lead.id, { landAreaMuMin: 20, landAreaMuMax: 30, landUse: 'industrial' });
    expect(saved).toMatchObject({ version: 1, matchKinds: ['land'] });
    const stale = await t.http.put(`/api/v1/leads/${lead.id}/requirements`).set(auth(promoter)).send({ version: 0, powerKvaMin: 100 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const upsideDown = await t.http
      .put(`/api/v1/leads/${lead.id}/requirements`)
      .set(auth(promoter))
      .send({ version: 1, landAreaMuMin: 30, landAreaMuMax: 20 });
    expect(upsideDown.status).toBe(400);
    const negative = await t.http.put(`/api/v1/leads/${lead.id}/requirements`).set(auth(promoter)).send({ version: 1, floorAreaMin: -5 });
    expect(negative.status).toBe(400);
    const unknownPark = await t.http
      .put(`/api/v1/leads/${lead.id}/requirements`)
      .set(auth(promoter))
      .send({ version: 1, parkCodes: ['NOPE'] });
    expect(unknownPark.status).toBe(400);
    const timeline = await t.http.get(`/api/v1/leads/${lead.id}/timeline`).set(auth(promoter));
    expect((timeline.body as { items: Array<{ kind: string }> }).items.map((i) => i.kind)).toContain('requirements_changed');
  });

  it('lists free parcels within the hard limits, best first, with the reasons in words', async () => {
    const lead = await newLead(promoter);
    await require(promoter, lead.id, {
      landAreaMuMin: 1000,
      landAreaMuMax: 1010,
      landUse: 'industrial',
      powerKvaMin: 1500,
      parkCodes: ['A1-P1'],
      budget: 5000,
    });
    const base = { kind: 'land' as const, landUse: 'industrial', powerKva: 2000, price: 4000 };
    const best = await insertCarrier(t, { ...base, areaMu: 1005 });
    const second = await insertCarrier(t, { ...base, areaMu: 1009, parkCode: 'A1-P2' });
    const wrongUse = await insertCarrier(t, { ...base, areaMu: 1005, landUse: 'commercial' });
    const weakPower = await insertCarrier(t, { ...base, areaMu: 1005, powerKva: 1000 });
    const reserved = await insertCarrier(t, { ...base, areaMu: 1005, status: 'reserved' });
    const tooLarge = await insertCarrier(t, { ...base, areaMu: 1020 });
    const page = await matches(promoter, lead.id);
    expect(page.items.map((m) => m.carrier.id)).toEqual([best.id, second.id]);
    expect(page.total).toBe(2);
    expect(page.items[0].score).toBe(100);
    expect(page.items[0].reasons).toEqual([
      '面积 1005 亩 满足 1000–1010 亩',
      '供电 2000 kVA 满足 ≥ 1500',
      '用地性质 工业用地 相符',
      '位于意向园区 萌水镇智能装备制造产业园',
      '价格 4000 万元 在预算 5000 万元 内',
    ]);
    expect(page.items[1].score).toBeLessThan(page.items[0].score);
    expect(page.items[1].reasons).toContain('不在意向园区（位于 云仓储产业园）');
    const excluded = [wrongUse, weakPower, reserved, tooLarge].map((c) => c.id);
    expect(page.items.filter((m) => excluded.includes(m.carrier.id))).toEqual([]);
  });

  it('matches factories and buildings by floor area, load, clear height and the discharges they allow', async () => {
    const lead = await newLead(promoter);
    await require(promoter, lead.id, {
      floorAreaMin: 7001,
      floorAreaMax: 7100,
      floorLoadMin: 5,
      clearHeightMin: 8,
      environmentalCategory: 'exhaust',
    });
    const shape = { floorArea: 7050, floorLoad: 8, clearHeight: 9, exhaustAllowed: true };
    const factory = await insertCarrier(t, { kind: 'factory', ...shape });
    const building = await insertCarrier(t, { kind: 'building', ...shape, floorArea: 7090 });
    await insertCarrier(t, { kind: 'factory', ...shape, floorLoad: 3 });
    await insertCarrier(t, { kind: 'factory', ...shape, exhaustAllowed: false });
    await insertCarrier(t, { kind: 'factory', ...shape, status: 'leased' });
    const page = await matches(promoter, lead.id);
    expect(page.items.map((m) => m.carrier.id)).toEqual([factory.id, building.id]);
    expect(page.items[0].reasons).toEqual(['面积 7050 m² 满足 7001–7100 m²', '荷载 8 kN/m² 满足 ≥ 5', '净高 9 m 满足 ≥ 8', '允许排放废气']);
  });

  it('finds the live leads a carrier fits, only among those the caller may see', async () => {
    const carrier = await insertCarrier(t, { kind: 'land', areaMu: 2005, landUse: 'industrial', powerKva: 5000 });
    const want = { landAreaMuMin: 2000, landAreaMuMax: 2010, landUse: 'industrial' };
    const mine = await newLead(promoter);
    await require(promoter, mine.id, want);
    const theirs = await newLead(outsider);
    await require(outsider, theirs.id, want);
    const lost = await newLead(promoter);
    await require(promoter, lost.id, want);
    await lose(promoter, lost.id);
    const tooSmall = await newLead(promoter);
    await require(promoter, tooSmall.id, { landAreaMuMin: 2006, landAreaMuMax: 2010 });
    const signed = await signedLead(t, promoter);
    await require(promoter, signed.id, want);
    const asPromoter = await t.http.get(`/api/v1/carriers/${carrier.id}/lead-matches`).set(auth(promoter));
    expect(asPromoter.status).toBe(200);
    expect((asPromoter.body as { items: Array<{ lead: { id: string } }> }).items.map((m) => m.lead.id)).toEqual([mine.id]);
    const asLeader = await t.http.get(`/api/v1/carriers/${carrier.id}/lead-matches`).set(auth(leader));
    const seen = (asLeader.body as { items: Array<{ lead: { id: string }; reasons: string[] }> }).items;
    expect(seen.map((m) => m.lead.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(seen[0].reasons[0]).toBe('面积 2005 亩 满足 2000–2010 亩');
    const asManager = await t.http.get(`/api/v1/carriers/${carrier.id}/lead-matches`).set(auth(carrierManager));
    expect(asManager.status).toBe(200);
    expect((asManager.body as { items: unknown[] }).items).toEqual([]);
  });

  it('lets exactly one of ten concurrent reservations of a carrier win; the rest get 409 in the one error shape', async () => {
    const lead = await newLead(promoter);
    const carrier = await insertCarrier(t, { kind: 'factory', floorArea: 3000 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => reserve(promoter, carrier.id, lead.id)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    const rows = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM carrier_reservations WHERE carrier_id = $1`,
      [carrier.id],
    );
    expect(rows[0].n).toBe(1);
    expect(await carrierRow(carrier.id)).toEqual({ status: 'reserved', reserved_lead_id: lead.id });
    const events = await t.dataSource.query<Array<{ kind: string; data: { to: string } }>>(
      `SELECT kind, data FROM carrier_events WHERE carrier_id = $1`,
      [carrier.id],
    );
    expect(events.map((e) => [e.kind, e.data.to])).toEqual([['status_changed', 'reserved']]);
    const page = await matches(promoter, lead.id);
    expect(page.reserved.map((r) => r.carrier.id)).toEqual([carrier.id]);
    const timeline = await t.http.get(`/api/v1/leads/${lead.id}/timeline`).set(auth(promoter));
    expect((timeline.body as { items: Array<{ kind: string }> }).items.map((i) => i.kind)).toContain('carrier_reserved');
  });

  it('refuses a leased carrier (422), a lapse in the past (400), a lost lead (422), and lets only the reserver or a leader release', async () => {
    const lead = await newLead(promoter);
    const leased = await insertCarrier(t, { kind: 'factory', floorArea: 100, status: 'leased' });
    const refused = await reserve(promoter, leased.id, lead.id);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'UNPROCESSABLE_ENTITY', details: { status: 'leased' } });
    expect(refused.body.message).toContain('已出租');
    const carrier = await insertCarrier(t, { kind: 'land', areaMu: 10 });
    expect((await reserve(promoter, carrier.id, lead.id, new Date(Date.now() - 1000).toISOString())).status).toBe(400);
    expect((await reserve(promoter, carrier.id, lead.id, inDays(400))).status).toBe(400);
    const gone = await newLead(promoter);
    await lose(promoter, gone.id);
    expect((await reserve(promoter, carrier.id, gone.id)).status).toBe(422);
    expect(await carrierRow(carrier.id)).toEqual({ status: 'available', reserved_lead_id: null });

    const made = await reserve(promoter, carrier.id, lead.id);
    expect(made.status).toBe(201);
    const reservationId = (made.body as { id: string }).id;
    const path = `/api/v1/carriers/${carrier.id}/reservations/${reservationId}`;
    const byTeammate = await t.http.delete(path).set(auth(teammate));
    expect(byTeammate.status).toBe(403);
    expect(await carrierRow(carrier.id)).toEqual({ status: 'reserved', reserved_lead_id: lead.id });
    expect((await t.http.delete(path).set(auth(promoter))).status).toBe(204);
    expect(await carrierRow(carrier.id)).toEqual({ status: 'available', reserved_lead_id: null });
    expect((await t.http.delete(path).set(auth(promoter))).status).toBe(409);
    const again = await reserve(promoter, carrier.id, lead.id);
    expect(again.status).toBe(201);
    const byLeader = await t.http
      .delete(`/api/v1/carriers/${carrier.id}/reservations/${(again.body as { id: string }).id}`)
      .set(auth(leader));
    expect(byLeader.status).toBe(204);
  });

  it('answers 404 for foreign and unknown ids on every route, and 403 to a role that may not reserve', async () => {
    const foreign = await newLead(outsider);
    const carrier = await insertCarrier(t, { kind: 'land', areaMu: 12 });
    const nowhere = randomUUID();
    expect((await t.http.get(`/api/v1/leads/${foreign.id}/requirements`).set(auth(promoter))).status).toBe(404);
    expect((await t.http.put(`/api/v1/leads/${foreign.id}/requirements`).set(auth(promoter)).send({ version: 0 })).status).toBe(404);
    expect((await t.http.get(`/api/v1/leads/${foreign.id}/carrier-matches`).set(auth(promoter))).status).toBe(404);
    expect((await t.http.get(`/api/v1/leads/${nowhere}/carrier-matches`).set(auth(promoter))).status).toBe(404);
    expect((await t.http.get(`/api/v1/carriers/${nowhere}/lead-matches`).set(auth(promoter))).status).toBe(404);
    expect((await reserve(promoter, carrier.id, foreign.id)).status).toBe(404);
    expect((await reserve(promoter, nowhere, (await newLead(promoter)).id)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/carriers/${carrier.id}/reservations/${nowhere}`).set(auth(promoter))).status).toBe(404);
    // another team's reservation: the lead is not the caller's to see
    const held = await reserve(outsider, carrier.id, foreign.id);
    expect(held.status).toBe(201);
    expect(
      (await t.http.delete(`/api/v1/carriers/${carrier.id}/reservations/${(held.body as { id: string }).id}`).set(auth(promoter))).status,
    ).toBe(404);
    // a carrier manager keeps carriers but does not tie them to projects
    const lead = await newLead(promoter);
    const forbidden = await reserve(carrierManager, (await insertCarrier(t, { kind: 'land', areaMu: 5 })).id, lead.id);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expect(await t.dataSource.query(`SELECT 1 FROM carrier_reservations WHERE lead_id = $1`, [lead.id])).toEqual([]);
  });

  it('releases a lost lead’s carriers in the transition, and cancels their reminder', async () => {
    const lead = await newLead(promoter);
    const carrier = await insertCarrier(t, { kind: 'building', floorArea: 800 });
    const made = await reserve(promoter, carrier.id, lead.id, inDays(60));
    expect(made.status).toBe(201);
    await lose(promoter, lead.id);
    expect(await carrierRow(carrier.id)).toEqual({ status: 'vacant', reserved_lead_id: null });
    const [reservation] = await t.dataSource.query<Array<{ end_reason: string }>>(
      `SELECT end_reason FROM carrier_reservations WHERE id = $1`,
      [(made.body as { id: string }).id],
    );
    expect(reservation.end_reason).toBe('lead_lost');
    const reminders = await t.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM reminders WHERE data->>'reservationId' = $1`,
      [(made.body as { id: string }).id],
    );
    expect(reminders.map((r) => r.status)).toEqual(['cancelled']);
  });

  it('lets the agreement at signing take the reserved carrier: land transferred, referenced by the agreement', async () => {
    const lead = await signedLead(t, promoter, { commissionerId: commissioner.id });
    const carrier = await insertCarrier(t, { kind: 'land', areaMu: 100, landUse: 'industrial' });
    expect((await reserve(promoter, carrier.id, lead.id)).status).toBe(201);
    const agreement = await t.http.post(`/api/v1/leads/${lead.id}/agreements`).set(auth(promoter)).send(agreementBody());
    expect(agreement.status).toBe(201);
    expect(agreement.body).toMatchObject({ carrierId: carrier.id, landParcel: carrier.code });
    expect(await carrierRow(carrier.id)).toEqual({ status: 'transferred', reserved_lead_id: null });
    const timeline = await t.http.get(`/api/v1/leads/${lead.id}/timeline`).set(auth(promoter));
    expect((timeline.body as { items: Array<{ kind: string }> }).items.map((i) => i.kind)).toContain('carrier_taken');
  });

  it('releases lapsed reservations in the daily scan, once however often it runs', async () => {
    const lead = await newLead(promoter);
    const carrier = await insertCarrier(t, { kind: 'factory', floorArea: 900 });
    const made = await reserve(promoter, carrier.id, lead.id, inDays(10));
    expect(made.status).toBe(201);
    await t.dataSource.query(`UPDATE carrier_reservations SET until = now() - interval '1 minute' WHERE id = $1`, [
      (made.body as { id: string }).id,
    ]);
    const scan = await t.http.post('/api/v1/admin/scans/run').set(auth(admin));
    expect(scan.status).toBe(200);
    expect((scan.body as { scans: Record<string, number> }).scans.reservations).toBeGreaterThanOrEqual(1);
    expect(await carrierRow(carrier.id)).toEqual({ status: 'vacant', reserved_lead_id: null });
    const again = await t.http.post('/api/v1/admin/scans/run').set(auth(admin));
    expect(again.status).toBe(200);
    const events = await t.dataSource.query(`SELECT 1 FROM carrier_events WHERE carrier_id = $1`, [carrier.id]);
    expect(events).toHaveLength(2);
  });

  describe('reservation_expiring', () => {
    const notifications = (leadId: string) =>
      t.dataSource.query<Array<{ user_id: string; title: string; body: string }>>(
        `SELECT user_id, title, body FROM notifications WHERE lead_id = $1 AND kind = 'reservation_expiring' ORDER BY user_id`,
        [leadId],
      );
    const deliveredOnce = async (leadId: string, users: TestUser[]) => {
      const expected = users.map((u) => u.id).sort();
      await waitFor(
        () => notifications(leadId),
        (rows) => expected.every((id) => rows.some((r) => r.user_id === id)),
        15_000,
      );
      await sleep(2500);
      const rows = await notifications(leadId);
      expect(rows.map((r) => r.user_id).sort()).toEqual(expected);
      return rows;
    };

    it('reminds the reserver and the lead’s owner before the reservation lapses, once', async () => {
      const lead = await newLead(promoter);
      const carrier = await insertCarrier(t, { kind: 'land', areaMu: 33, name: '萌水镇 07 号地块' });
      // one day left, inside RESERVATION_REMINDER_BEFORE (P3D): due at once
      expect((await reserve(commissioner, carrier.id, lead.id, inDays(1))).status).toBe(201);
      const rows = await deliveredOnce(lead.id, [promoter, commissioner]);
      expect(rows[0].title).toContain('载体预留即将到期');
      expect(rows[0].body).toContain('萌水镇 07 号地块');
      // a later one is recorded for RESERVATION_REMINDER_BEFORE ahead of its date, not now
      const later = await newLead(promoter);
      const other = await insertCarrier(t, { kind: 'land', areaMu: 34 });
      const made = await reserve(promoter, other.id, later.id, inDays(20));
      const [reminder] = await t.dataSource.query<Array<{ due_at: Date; status: string }>>(
        `SELECT due_at, status FROM reminders WHERE data->>'reservationId' = $1`,
        [(made.body as { id: string }).id],
      );
      expect(Math.abs(reminder.due_at.getTime() - (Date.now() + 17 * DAY))).toBeLessThan(60_000);
      expect(reminder.status).toBe('pending');
    });

    it('is delivered once after a FLUSHDB of the queue store and a restart, and not again after another restart', async () => {
      const api = await TestApp.start({ ...FAST, APP_ROLE: 'api' });
      await t.close();
      let leadId: string;
      try {
        const response = await api.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody());
        leadId = (response.body as { id: string }).id;
        const carrier = await insertCarrier(api, { kind: 'factory', floorArea: 1200 });
        const made = await api.http
          .post(`/api/v1/carriers/${carrier.id}/reservations`)
          .set(auth(commissioner))
          .send({ leadId, until: inDays(2) });
        expect(made.status).toBe(201);
      } finally {
        await api.close();
      }
      const redis = new Redis(TEST_REDIS_URL);
      await redis.flushdb();
      await redis.quit();
      t = await TestApp.start(FAST);
      const delivered = await deliveredOnce(leadId, [promoter, commissioner]);
      await t.close();
      t = await TestApp.start(FAST);
      await sleep(3000);
      expect(await notifications(leadId)).toHaveLength(delivered.length);
    });
  });
});
