import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { Role } from '../src/modules/users/role.enum';
import { daysAgo, square } from './support/carriers';
import { auth, TestApp, TestUser } from './support/test-app';

/** The parts of an answer these tests read (supertest types bodies as any). */
interface Body {
  [key: string]: unknown;
  id: string;
  version: number;
  code: string;
  status: string;
  items: Array<Record<string, unknown> & { code: string; id: string }>;
  nextCursor: string | null;
  details: { fields?: Array<{ field: string; errors: string[] }>; currentVersion?: number; status?: string };
}

function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('载体资源: carriers', () => {
  let t: TestApp;
  let manager: TestUser;
  let leader: TestUser;
  let admin: TestUser;
  let promoter: TestUser;
  let commissioner: TestUser;

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return { status: response.status, body: response.body as Body };
  };
  const get = (user: TestUser, path: string, query: Record<string, string | number> = {}) =>
    call(t.http.get(`/api/v1/${path}`).query(query).set(auth(user)));
  const post = (user: TestUser, path: string, body: object) => call(t.http.post(`/api/v1/${path}`).set(auth(user)).send(body));
  const patch = (user: TestUser, path: string, body: object) => call(t.http.patch(`/api/v1/${path}`).set(auth(user)).send(body));
  const count = async () => (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM carriers`))[0].n;
  const create = async (body: Record<string, unknown>, user = manager) => {
    const created = await post(user, 'carriers', body);
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  };
  const codes = (body: Body) => body.items.map((c) => c.code);
  const remove = async (id: string) => {
    await t.dataSource.query(`DELETE FROM carrier_events WHERE carrier_id = $1`, [id]);
    await t.dataSource.query(`DELETE FROM carriers WHERE id = $1`, [id]);
  };

  const land = (code: string, overrides: Record<string, unknown> = {}) => ({
    code,
    name: `${code} 地块`,
    kind: 'land',
    parkCode: 'A1-C3-P1',
    areaMu: 30,
    landUse: 'industrial',
    plotRatio: 1.2,
    powerKva: 2000,
    water: true,
    ...overrides,
  });
  const factory = (code: string, overrides: Record<string, unknown> = {}) => ({
    code,
    name: `${code} 厂房`,
    kind: 'factory',
    parkCode: 'A3-C2-P1',
    building: '3号楼',
    floor: '1层',
    floorArea: 3000,
    floorLoad: 5,
    clearHeight: 9,
    powerKva: 800,
    ...overrides,
  });

  beforeAll(async () => {
    t = await TestApp.start();
    // this suite owns the carriers tables: the figures below are over a known data set
    await t.dataSource.query(`DELETE FROM carrier_events; DELETE FROM carriers; DELETE FROM zone_outlines`);
    manager = await t.createUser([Role.CarrierManager]);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
    const team = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);

    await create(land('T-L1', { areaMu: 12, vacantSince: daysAgo(400), outline: square(117.9, 36.6) }));
    await create(land('T-L2', { areaMu: 25, parkCode: 'A1-P1', vacantSince: daysAgo(30) }));
    await create(land('T-L3', { areaMu: 60, status: 'transferred' }));
    await create(factory('T-F1', { vacantSince: daysAgo(200), outline: square(117.95, 36.58, 0.0005) }));
    await create(factory('T-F2', { floorArea: 1500, floorLoad: 3, clearHeight: 6, status: 'leased' }));
    await create(factory('T-F3', { floorArea: 6000, floorLoad: 8, clearHeight: 12, powerKva: 2500, vacantSince: daysAgo(100) }));
    await create({ code: 'T-B1', name: '双创大厦 5层', kind: 'building', parkCode: 'A3-C2-P1', floorArea: 800, floorLoad: 2, rent: 25 });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('filters and paging', () => {
    it('filters by park subtree, kind, status and the model’s bounds', async () => {
      expect(codes((await get(promoter, 'carriers', { park: 'A1' })).body)).toEqual(['T-L1', 'T-L2', 'T-L3']);
      expect(codes((await get(promoter, 'carriers', { park: 'A1-C3' })).body)).toEqual(['T-L1', 'T-L3']);
      expect(codes((await get(promoter, 'carriers', { kind: 'factory,building' })).body)).toEqual(['T-B1', 'T-F1', 'T-F2', 'T-F3']);
      expect(codes((await get(promoter, 'carriers', { status: 'vacant,available' })).body)).toEqual([
        'T-B1',
        'T-F1',
        'T-F3',
        'T-L1',
        'T-L2',
      ]);
      expect(codes((await get(promoter, 'carriers', { areaMuMin: 20, areaMuMax: 30 })).body)).toEqual(['T-L2']);
      expect(codes((await get(promoter, 'carriers', { floorAreaMin: 2000 })).body)).toEqual(['T-F1', 'T-F3']);
      expect(codes((await get(promoter, 'carriers', { floorLoadMin: 5, clearHeightMin: 10 })).body)).toEqual(['T-F3']);
      expect(codes((await get(promoter, 'carriers', { powerKvaMin: 2000 })).body)).toEqual(['T-F3', 'T-L1', 'T-L2', 'T-L3']);
      expect(codes((await get(promoter, 'carriers', { q: 'l2' })).body)).toEqual(['T-L2']);
    });

    it('answers labels, units-bearing attributes and idle days', async () => {
      const [l1] = (await get(commissioner, 'carriers', { q: 'T-L1' })).body.items;
      expect(l1).toMatchObject({
        kindLabel: '地块',
        statusLabel: '可供应',
        landUseLabel: '工业用地',
        areaMu: 12,
        floorLoad: null,
        idleDays: 400,
      });
      expect(l1.parkName).toBe('转型升级产业园');
      const [f2] = (await get(commissioner, 'carriers', { q: 'T-F2' })).body.items;
      expect(f2).toMatchObject({ status: 'leased', vacantSince: null, idleDays: null });
    });

    it('pages by cursor in the sort’s order without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: Body } = await get(leader, 'carriers', {
          sort: '-area',
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...codes(page.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      // 60 亩 = 40,000 m², 30 … ; land counts in 亩 converted to m² to sort with floor space
      expect(seen).toEqual(['T-L3', 'T-L2', 'T-L1', 'T-F3', 'T-F1', 'T-F2', 'T-B1']);
      expect((await get(leader, 'carriers', { cursor: 'not-a-cursor' })).status).toBe(400);
    });

    it('refuses an unknown park and a bound below zero', async () => {
      expect((await get(leader, 'carriers', { park: 'ZZ' })).status).toBe(400);
      expect((await get(leader, 'carriers', { floorLoadMin: -1 })).status).toBe(400);
    });
  });

  describe('validation: clear 4xx and nothing written', () => {
    const refused = async (body: Record<string, unknown>, status: number, field?: string) => {
      const before = await count();
      const answer = await post(manager, 'carriers', body);
      expect({ status: answer.status, code: (answer.body as unknown as { code: string }).code }).toMatchObject({ status });
      if (field) expect(answer.body.details.fields?.map((f) => f.field)).toContain(field);
      expect(await count()).toBe(before);
      return answer.body;
    };

    it('refuses negative areas, a status of another kind, a park code that is not a park, and attributes of another kind', async () => {
      await refused(land('T-X1', { areaMu: -5 }), 400, 'areaMu');
      await refused(factory('T-X2', { floorArea: -1 }), 400, 'floorArea');
      await refused(land('T-X3', { status: 'leased' }), 400, 'status');
      await refused(land('T-X4', { parkCode: 'A1-C3' }), 400, 'parkCode');
      await refused(land('T-X5', { parkCode: 'NOPE' }), 400, 'parkCode');
      await refused(land('T-X6', { floorLoad: 5 }), 400, 'floorLoad');
      await refused({ ...land('T-X7'), kind: 'warehouse' }, 400, 'kind');
      await refused({ ...land('T-X8'), color: 'red' }, 400);
    });

    it('refuses outlines that are not valid GeoJSON', async () => {
      const open = square(117.9, 36.6);
      open.coordinates[0].pop();
      const body = await refused(land('T-G1', { outline: open }), 400, 'outline');
      expect(body.details.fields?.find((f) => f.field === 'outline')?.errors[0]).toMatch(/GeoJSON/);
      await refused(land('T-G2', { outline: square(190, 36.6) }), 400, 'outline');
      await refused(land('T-G3', { outline: { type: 'Point', coordinates: [117.9, 36.6] } }), 400, 'outline');
      await refused(land('T-G4', { outline: 'POLYGON((117 36))' }), 400, 'outline');
    });

    it('refuses a code in use (409) and a reservation by hand (422)', async () => {
      await refused(land('T-L1'), 409);
      await refused(land('T-R1', { status: 'reserved' }), 422);
    });
  });

  describe('access', () => {
    it('lets promoters, commissioners, leaders, admins and carrier managers read', async () => {
      const [l1] = (await get(manager, 'carriers', { q: 'T-L1' })).body.items;
      for (const user of [promoter, commissioner, leader, admin, manager]) {
        expect((await get(user, 'carriers')).status).toBe(200);
        expect((await get(user, `carriers/${l1.id}`)).status).toBe(200);
        expect((await get(user, 'carriers/plan')).status).toBe(200);
        expect((await get(user, 'meta/carriers')).status).toBe(200);
      }
    });

    it('tells the console who may edit through GET /meta operations only, not a role list in /meta/carriers', async () => {
      expect((await get(promoter, 'meta/carriers')).body).not.toHaveProperty('editors');
      for (const [user, mayEdit] of [
        [manager, true],
        [leader, true],
        [admin, true],
        [promoter, false],
        [commissioner, false],
      ] as const) {
        const operations = (await get(user, 'meta')).body.operations as string[];
        expect(operations.includes('PATCH /carriers/{id}')).toBe(mayEdit);
      }
    });

    it('lets only leaders, admins and carrier managers write; others get 403 and nothing is written', async () => {
      const [f1] = (await get(manager, 'carriers', { q: 'T-F1' })).body.items;
      const before = await count();
      for (const user of [promoter, commissioner]) {
        expect((await post(user, 'carriers', land('T-P1'))).status).toBe(403);
        expect((await patch(user, `carriers/${f1.id}`, { version: f1.version, name: '改名' })).status).toBe(403);
        expect(
          (
            await call(
              t.http
                .put('/api/v1/carriers/park-outlines')
                .set(auth(user))
                .send({ parkCode: 'A1-P1', outline: square(117.9, 36.6) }),
            )
          ).status,
        ).toBe(403);
        expect((await get(user, 'dashboard/carriers')).status).toBe(403);
      }
      expect(await count()).toBe(before);
      expect((await get(manager, `carriers/${f1.id}`)).body.name).toBe('T-F1 厂房');
      for (const [user, code] of [
        [leader, 'T-W1'],
        [admin, 'T-W2'],
      ] as const) {
        const created = await post(user, 'carriers', { ...land(code), parkCode: 'A3-P2' });
        expect(created.status).toBe(201);
        await remove(created.body.id);
      }
    });

    it('answers 404 for an unknown id', async () => {
      expect((await get(promoter, 'carriers/5f0c6a38-8f55-4b9e-9a57-0d6f1b1f3a11')).status).toBe(404);
    });
  });

  describe('versioning and history', () => {
    it('changes the fields given, records a status change with who and when, and refuses a stale version', async () => {
      const f3 = await create(factory('T-V1', { vacantSince: daysAgo(50) }));
      const changed = await patch(manager, `carriers/${f3.id}`, { version: 1, status: 'leased', rent: 18 });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ version: 2, status: 'leased', rent: 18, vacantSince: null, idleDays: null });
      expect(changed.body.statusChangedBy).toMatchObject({ id: manager.id });
      const history = changed.body.history as Array<{ kind: string; from?: string; to?: string; actor: { id: string } | null }>;
      expect(history.find((e) => e.kind === 'status_changed')).toMatchObject({ from: 'vacant', to: 'leased', actor: { id: manager.id } });

      const stale = await patch(leader, `carriers/${f3.id}`, { version: 1, status: 'vacant' });
      expect(stale.status).toBe(409);
      expect(stale.body.details.currentVersion).toBe(2);
      expect((await get(leader, `carriers/${f3.id}`)).body.status).toBe('leased');

      const freed = await patch(leader, `carriers/${f3.id}`, { version: 2, status: 'vacant' });
      expect(freed.body).toMatchObject({ version: 3, status: 'vacant', vacantSince: daysAgo(0), idleDays: 0 });
    });

    it('refuses a status of another kind, attributes of another kind, clearing a required field and reserving by hand, changing nothing', async () => {
      const [l2] = (await get(manager, 'carriers', { q: 'T-L2' })).body.items;
      for (const [body, status] of [
        [{ status: 'leased' }, 400],
        [{ clearHeight: 8 }, 400],
        [{ name: null }, 400],
        [{ parkCode: 'A1' }, 400],
        [{ areaMu: -1 }, 400],
        [{ status: 'reserved' }, 422],
        [{ code: 'T-F1' }, 409],
      ] as const) {
        const answer = await patch(manager, `carriers/${l2.id}`, { version: l2.version, ...body });
        expect({ body, status: answer.status }).toEqual({ body, status });
      }
      expect((await get(manager, `carriers/${l2.id}`)).body.version).toBe(l2.version);
    });

    it('answers a repeated Idempotency-Key with the first answer, creating one carrier', async () => {
      const send = () =>
        call(
          t.http
            .post('/api/v1/carriers')
            .set(auth(manager))
            .set('Idempotency-Key', 'carrier-T-I1')
            .send(land('T-I1', { parkCode: 'A3-P1' })),
        );
      const first = await send();
      const again = await send();
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect((await get(manager, 'carriers', { q: 'T-I1' })).body.items).toHaveLength(1);
      await remove(first.body.id);
    });
  });

  describe('plan', () => {
    it('serves parks’ and carriers’ outlines as one FeatureCollection with status', async () => {
      const put = await call(
        t.http
          .put('/api/v1/carriers/park-outlines')
          .set(auth(manager))
          .send({ parkCode: 'A1-C3-P1', outline: square(117.89, 36.59, 0.03) }),
      );
      expect(put.status).toBe(204);
      const badPark = await call(
        t.http
          .put('/api/v1/carriers/park-outlines')
          .set(auth(manager))
          .send({ parkCode: 'A1', outline: square(117.89, 36.59) }),
      );
      expect(badPark.status).toBe(400);
      const plan = (await get(promoter, 'carriers/plan', { park: 'A1' })).body as unknown as {
        type: string;
        features: Array<{ geometry: { type: string }; properties: Record<string, string> }>;
      };
      expect(plan.type).toBe('FeatureCollection');
      expect(plan.features.map((f) => [f.properties.layer, f.properties.code, f.properties.status ?? null])).toEqual([
        ['park', 'A1-C3-P1', null],
        ['carrier', 'T-L1', 'available'],
      ]);
      const all = (await get(promoter, 'carriers/plan')).body as unknown as { features: Array<{ properties: Record<string, string> }> };
      expect(all.features.map((f) => f.properties.code)).toEqual(['A1-C3-P1', 'T-F1', 'T-L1']);
    });
  });

  describe('dashboard', () => {
    it('answers vacancy and idle days by park and kind on a known data set', async () => {
      await remove((await get(manager, 'carriers', { q: 'T-V1' })).body.items[0].id);
      const figures = (await get(manager, 'dashboard/carriers')).body as unknown as {
        items: Array<Record<string, unknown>>;
        byKind: Array<Record<string, unknown>>;
      };
      const of = (park: string | undefined, kind: string) =>
        (park ? figures.items : figures.byKind).find((f) => f.kind === kind && (park === undefined || f.parkCode === park));
      expect(of('A1-C3-P1', 'land')).toMatchObject({
        total: 2,
        vacant: 1,
        totalArea: 72,
        vacantArea: 12,
        areaUnit: '亩',
        vacancyRate: 0.5,
        vacantAreaRate: 0.1667,
        idleDaysAvg: 400,
        idleDaysMax: 400,
        idleBuckets: { upTo90: 0, upTo180: 0, upTo365: 0, over365: 1 },
      });
      expect(of('A3-C2-P1', 'factory')).toMatchObject({
        total: 3,
        vacant: 2,
        totalArea: 10500,
        vacantArea: 9000,
        areaUnit: 'm²',
        idleDaysAvg: 150,
        idleDaysMax: 200,
        idleBuckets: { upTo90: 0, upTo180: 1, upTo365: 1, over365: 0 },
      });
      expect(of(undefined, 'land')).toMatchObject({
        total: 3,
        vacant: 2,
        totalArea: 97,
        vacantArea: 37,
        idleDaysAvg: 215,
        idleDaysMax: 400,
      });
      expect(of(undefined, 'building')).toMatchObject({ total: 1, vacant: 1, idleDaysAvg: 0 });

      const filtered = (await get(leader, 'dashboard/carriers', { park: 'A1', kind: 'land' })).body as unknown as {
        items: Array<{ parkCode: string }>;
        byKind: Array<{ kind: string; total: number }>;
      };
      expect(filtered.items.map((i) => i.parkCode)).toEqual(['A1-C3-P1', 'A1-P1']);
      expect(filtered.byKind).toEqual([expect.objectContaining({ kind: 'land', total: 3 })]);
    });
  });

  describe('spreadsheets', () => {
    const exportFile = (user: TestUser, query: Record<string, string>) =>
      t.http.get('/api/v1/carriers/export').query(query).set(auth(user)).buffer(true).parse(binary);
    const upload = (user: TestUser, file: Buffer, fields: Record<string, string> = {}) => {
      const request = t.http.post('/api/v1/carriers/import').set(auth(user));
      for (const [key, value] of Object.entries(fields)) void request.field(key, value);
      return call(request.attach('file', file, 'carriers.xlsx'));
    };

    it('exports the filtered carriers and imports the file back with a report per row', async () => {
      const exported = await exportFile(promoter, { park: 'A3-C2' });
      expect(exported.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.body);
      const sheet = workbook.worksheets[0];
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 6)).toEqual(['载体编号', '载体名称', '载体类型', '园区编码', '园区名称', '状态']);
      expect(header).toContain('楼面荷载（kN/m²）');
      expect(sheet.rowCount).toBe(5);

      // the same file read back: every code exists (duplicates); then new codes (created), a bad row (error)
      const again = await upload(manager, exported.body, { dryRun: 'true' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: 0, duplicates: 4, errors: 0 });

      const column = (name: string) => header.indexOf(name) + 1;
      sheet.getRow(2).getCell(column('载体编号')).value = 'T-N1';
      sheet.getRow(3).getCell(column('载体编号')).value = 'T-N2';
      sheet.getRow(3).getCell(column('建筑面积（m²）')).value = -10;
      sheet.getRow(4).getCell(column('楼面荷载（kN/m²）')).value = 6.5;
      const file = Buffer.from(await workbook.xlsx.writeBuffer());

      const before = await count();
      const dry = await upload(manager, file, { dryRun: 'true', onDuplicate: 'update' });
      expect(dry.body).toMatchObject({ created: 0, updated: 0, errors: 1 });
      expect((dry.body.rows as Array<{ row: number; status: string }>).map((r) => [r.row, r.status])).toEqual([
        [2, 'valid'],
        [3, 'error'],
        [4, 'valid'],
        [5, 'duplicate'],
      ]);
      expect(await count()).toBe(before);

      const real = await upload(manager, file, { onDuplicate: 'update' });
      const rows = real.body.rows as Array<{ row: number; status: string; code: string; carrierId?: string; errors?: string[] }>;
      expect(real.body).toMatchObject({ created: 1, updated: 1, duplicates: 1, errors: 1 });
      expect(rows[1].errors?.join()).toMatch(/建筑面积|floorArea/);
      expect(await count()).toBe(before + 1);
      const created = await get(manager, `carriers/${rows[0].carrierId}`);
      const source = (await get(manager, 'carriers', { q: sheet.getRow(2).getCell(column('载体名称')).value as string })).body.items.find(
        (c) => c.code !== 'T-N1',
      )!;
      for (const key of [
        'name',
        'kind',
        'parkCode',
        'status',
        'floorArea',
        'floorLoad',
        'clearHeight',
        'powerKva',
        'outline',
        'vacantSince',
      ])
        expect({ key, value: created.body[key] }).toEqual({ key, value: source[key] });
      const updated = await get(manager, `carriers/${rows[2].carrierId}`);
      expect(updated.body.floorLoad).toBe(6.5);
      expect((updated.body.history as Array<{ kind: string }>)[0].kind).toBe('field_changed');
    });

    it('refuses an import by a promoter (403) and a file without the required columns (400)', async () => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('x').addRow(['名称', '面积']);
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      expect((await upload(promoter, file)).status).toBe(403);
      const missing = await upload(manager, file);
      expect(missing.status).toBe(400);
      expect(missing.body.details.fields?.map((f) => f.field)).toEqual(['code', 'name', 'kind', 'parkCode']);
    });
  });
});
