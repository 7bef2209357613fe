import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { Role } from '../src/modules/users/role.enum';
import { makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';

/** The parts of an answer these tests read (supertest types bodies as any). */
interface Body {
  [key: string]: unknown;
  id: string;
  dryRun: boolean;
  code: string;
  message: string;
  nodes: { created: number; updated: number; unchanged: number } & Array<{ code: string; enterprises: unknown[]; targets: unknown[] }>;
  enterprises: { created: number; updated: number; unchanged: number };
  targets: { created: number; updated: number; unchanged: number };
  details: { moreRows?: number; rows?: Array<{ sheet: string; row: number; column: string | null; message: string }> };
}

function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

type Cell = string | number | null;

/** Fails with the answer's body when the status is not the one expected. */
function answered(response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body).slice(0, 2000)}`);
}

/** A workbook of the chain's three sheets, rows given as the export writes them. */
async function workbook(
  sheets: { nodes?: Cell[][]; enterprises?: Cell[][]; targets?: Cell[][] },
  names = ['环节', '本地企业', '目标企业'],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const add = (name: string, header: string[], rows: Cell[][] | undefined) => {
    if (!rows) return;
    const sheet = book.addWorksheet(name);
    sheet.addRow(header);
    for (const row of rows) sheet.addRow(row);
  };
  add(names[0], ['环节编码', '环节名称', '上中下游', '排序', '说明'], sheets.nodes);
  add(names[1], ['企业名称', '统一社会信用代码', '环节编码', '链主', '年产值（万元）', '从业人数'], sheets.enterprises);
  add(names[2], ['环节编码', '企业名称', '所在城市', '统一社会信用代码', '推荐理由', '线索来源', '状态'], sheets.targets);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('产业链招商: chain workbooks (export and import)', () => {
  let t: TestApp;
  let admin: TestUser;
  let leader: TestUser;
  let promoter: TestUser;
  // MS03 has no reference chain and no other suite's nodes: this suite owns it
  const industry = 'MS03';
  const tag = unique('').slice(-6).toUpperCase();
  const U1 = `${industry}-${tag}-U1`;
  const D1 = `${industry}-${tag}-D1`;
  const leaderCode = makeCreditCode();
  const localName = unique('淄博本地精密铸造有限公司');
  const targetA = unique('苏州精密减速机有限公司');
  const targetB = unique('宁波伺服电机有限公司');

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return {
      status: response.status,
      body: response.body as Body,
      headers: (response as { headers?: Record<string, string> }).headers ?? {},
    };
  };
  const get = (user: TestUser, path: string) => call(t.http.get(`/api/v1/${path}`).set(auth(user)));
  const exportFile = (user: TestUser, code = industry) =>
    t.http.get(`/api/v1/chains/${code}/export`).set(auth(user)).buffer(true).parse(binary);
  const upload = (user: TestUser, file: Buffer, fields: Record<string, string> = {}, code = industry, key?: string) => {
    const request = t.http.post(`/api/v1/chains/${code}/import`).set({ ...auth(user), ...(key ? { 'Idempotency-Key': key } : {}) });
    for (const [name, value] of Object.entries(fields)) void request.field(name, value);
    return call(request.attach('file', file, 'chain.xlsx'));
  };
  /** What the chain holds, and the newest change to any of it: a refused or dry import must leave both alone. */
  const state = async () =>
    (
      await t.dataSource.query<Array<{ nodes: number; links: number; enterprises: number; targets: number; changed: string | null }>>(
        `SELECT (SELECT count(*)::int FROM chain_nodes WHERE industry_code = $1) AS nodes,
                (SELECT count(*)::int FROM chain_enterprise_nodes en JOIN chain_nodes n ON n.id = en.node_id WHERE n.industry_code = $1) AS links,
                (SELECT count(*)::int FROM chain_enterprises) AS enterprises,
                (SELECT count(*)::int FROM chain_targets ct JOIN chain_nodes n ON n.id = ct.node_id WHERE n.industry_code = $1) AS targets,
                greatest((SELECT max(updated_at) FROM chain_nodes WHERE industry_code = $1), (SELECT max(updated_at) FROM chain_enterprises),
                         (SELECT max(updated_at) FROM chain_targets))::text AS changed`,
        [industry],
      )
    )[0];

  const firstFile = () =>
    workbook({
      nodes: [
        [U1, '精密减速器', '上游', 1, '谐波减速器、RV减速器'],
        [D1, '整机装配', '下游', 1, null],
      ],
      enterprises: [
        [localName, leaderCode, `${U1}、${D1}`, '是', 12345.5, 320],
        [`${localName}二厂`, null, D1, '否', null, null],
      ],
      targets: [
        [U1, targetA, '苏州', null, '补齐本地减速器环节', '行业协会', '待转化'],
        [U1, targetB, '宁波', null, null, '展会', null],
      ],
    });

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser([Role.Admin]);
    leader = await t.createUser([Role.Leader]);
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t.close();
  });

  it('imports nodes, local enterprises and targets; the same file again duplicates nothing', async () => {
    const file = await firstFile();
    const first = await upload(leader, file);
    answered(first, 200);
    expect(first.body).toMatchObject({
      industryCode: industry,
      dryRun: false,
      nodes: { created: 2, updated: 0, unchanged: 0 },
      enterprises: { created: 2, updated: 0, unchanged: 0 },
      targets: { created: 2, updated: 0, unchanged: 0 },
    });
    const view = await get(promoter, `chains/${industry}`);
    answered(view, 200);
    const u1 = view.body.nodes.find((n) => n.code === U1)!;
    expect(u1).toMatchObject({ segment: 'upstream', name: '精密减速器', sortOrder: 1, description: '谐波减速器、RV减速器' });
    expect(u1.enterprises).toEqual([
      expect.objectContaining({ name: localName, creditCode: leaderCode, chainLeader: true, output: 12345.5 }),
    ]);
    expect(u1.targets).toHaveLength(2);
    expect(u1.targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: targetA, city: '苏州', tipSource: '行业协会', reason: '补齐本地减速器环节', status: 'open' }),
        expect.objectContaining({ name: targetB, city: '宁波', tipSource: '展会', reason: null }),
      ]),
    );
    expect(view.body.nodes.find((n) => n.code === D1)!.enterprises).toHaveLength(2);

    const before = await state();
    const again = await upload(admin, file);
    answered(again, 200);
    expect(again.body).toMatchObject({
      nodes: { created: 0, updated: 0, unchanged: 2 },
      enterprises: { created: 0, updated: 0, unchanged: 2 },
      targets: { created: 0, updated: 0, unchanged: 2 },
    });
    expect(await state()).toEqual(before);
  });

  it('exports the chain as three sheets with Chinese headers that import back unchanged', async () => {
    // a converted target comes out with its status and goes back unchanged
    const tip = (await get(promoter, `chains/${industry}`)).body.nodes
      .find((n) => n.code === U1)!
      .targets.find((target) => (target as { name: string }).name === targetB) as { id: string };
    expect((await call(t.http.post(`/api/v1/chains/targets/${tip.id}/lead`).set(auth(promoter)))).status).toBe(201);

    const exported = await exportFile(promoter);
    answered(exported, 200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.headers['content-disposition']).toMatch(
      /^attachment; filename\*=UTF-8''.+\.xlsx; filename="chain-MS03-\d{8}-\d{4}\.xlsx"$/,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['环节', '本地企业', '目标企业']);
    const headers = (name: string) => (book.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
    expect(headers('环节')).toEqual(['环节编码', '环节名称', '上中下游', '排序', '说明']);
    expect(headers('本地企业')).toEqual(['企业名称', '统一社会信用代码', '环节编码', '链主', '年产值（万元）', '从业人数']);
    expect(headers('目标企业')).toEqual(['环节编码', '企业名称', '所在城市', '统一社会信用代码', '推荐理由', '线索来源', '状态']);
    const rowOf = (name: string, text: string) => {
      const sheet = book.getWorksheet(name)!;
      for (let i = 2; i <= sheet.rowCount; i++) {
        const values = (sheet.getRow(i).values as unknown[]).slice(1);
        if (values.includes(text)) return values;
      }
      return undefined;
    };
    expect(rowOf('环节', U1)).toEqual([U1, '精密减速器', '上游', 1, '谐波减速器、RV减速器']);
    expect(rowOf('本地企业', localName)).toEqual([localName, leaderCode, `${U1}、${D1}`, '是', 12345.5, 320]);
    expect(rowOf('目标企业', targetB)).toEqual([U1, targetB, '宁波', undefined, undefined, '展会', '已转线索']);

    const before = await state();
    const back = await upload(admin, exported.body);
    answered(back, 200);
    expect(back.body.nodes).toMatchObject({ created: 0, updated: 0 });
    expect(back.body.enterprises).toMatchObject({ created: 0, updated: 0 });
    expect(back.body.targets).toMatchObject({ created: 0, updated: 0 });
    expect(back.body.nodes.unchanged).toBe(before.nodes);
    expect(await state()).toEqual(before);
  });

  it('refuses a file with one bad row whole: 422 naming sheet, row and column, nothing written', async () => {
    const newNode = `${industry}-${tag}-M1`;
    const file = await workbook({
      nodes: [
        [newNode, '铸件毛坯', '中游', 2, null],
        [`${newNode}X`, '热处理', '中间', null, null],
      ],
      enterprises: [[unique('新登记企业'), '91370303MA00000000', newNode, '否', null, null]],
      targets: [
        [newNode, unique('目标企业'), '上海', null, null, null, null],
        [`${industry}-NOPE`, unique('目标企业'), '上海', null, null, null, null],
      ],
    });
    const before = await state();
    const refused = await upload(leader, file);
    answered(refused, 422);
    expect(refused.body.code).toBe('UNPROCESSABLE_ENTITY');
    expect(refused.body.details.rows).toEqual([
      { sheet: '环节', row: 3, column: '上中下游', message: expect.stringContaining('「中间」不是可选值') },
      { sheet: '本地企业', row: 2, column: '统一社会信用代码', message: expect.stringContaining('不是有效的统一社会信用代码') },
      { sheet: '目标企业', row: 3, column: '环节编码', message: `不是本产业链的环节编码: ${industry}-NOPE` },
    ]);
    expect(await state()).toEqual(before);

    // a code of another chain is not taken over
    const taken = await upload(leader, await workbook({ nodes: [['IT01-U1', '衬底', '上游', 0, null]] }));
    answered(taken, 422);
    expect(taken.body.details.rows).toEqual([
      { sheet: '环节', row: 2, column: '环节编码', message: '环节编码 IT01-U1 已是产业链 IT01 的环节' },
    ]);
    expect(await state()).toEqual(before);
  });

  it('checks a file in a dry run with the same rules and writes nothing', async () => {
    const newNode = `${industry}-${tag}-M2`;
    const file = await workbook({
      nodes: [[newNode, '机加工', '中游', 3, null]],
      enterprises: [[localName, leaderCode, `${U1}、${newNode}`, '是', 20000, 320]],
      targets: [[newNode, unique('目标企业'), '上海', null, null, null, null]],
    });
    const before = await state();
    const dry = await upload(leader, file, { dryRun: 'true' });
    answered(dry, 200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      nodes: { created: 1, updated: 0, unchanged: 0 },
      enterprises: { created: 0, updated: 1, unchanged: 0 },
      targets: { created: 1, updated: 0, unchanged: 0 },
    });
    expect(await state()).toEqual(before);
    expect((await get(promoter, `chains/${industry}`)).body.nodes.map((n) => n.code)).not.toContain(newNode);
  });

  it('answers a repeated Idempotency-Key with the first answer without importing again', async () => {
    const file = await workbook({ targets: [[D1, unique('重复提交目标企业'), '济南', null, null, null, null]] });
    const key = unique('chain-import');
    const first = await upload(leader, file, {}, industry, key);
    answered(first, 200);
    expect(first.body.targets).toMatchObject({ created: 1 });
    const before = await state();
    const repeat = await upload(leader, file, {}, industry, key);
    answered(repeat, 200);
    expect(repeat.body).toEqual(first.body);
    expect(await state()).toEqual(before);
  });

  it('knows a sheet by its header when the workbook’s sheet names are lost (exceljs answers Sheet1, Sheet2 … at times)', async () => {
    const newNode = `${industry}-${tag}-M4`;
    const file = await workbook(
      {
        targets: [[newNode, unique('按表头识别目标企业'), '青岛', null, null, null, null]],
        nodes: [[newNode, '模具', '中游', 5, null]],
      },
      ['Sheet1', 'Sheet2', 'Sheet3'],
    );
    const read = await upload(leader, file, { dryRun: 'true' });
    answered(read, 200);
    expect(read.body).toMatchObject({
      nodes: { created: 1 },
      enterprises: { created: 0, updated: 0, unchanged: 0 },
      targets: { created: 1 },
    });
  });

  it('finds in one file what its earlier rows wrote, refuses a name two stored firms share, and keeps links to other chains', async () => {
    // MS05 has no reference chain and no other suite's nodes: its node stands for "another chain"
    const other = `MS05-${tag}-X1`;
    const name = unique('淄博同文件精工有限公司');
    const code = makeCreditCode();
    answered(
      await upload(
        leader,
        await workbook({ nodes: [[other, '外链环节', '中游', 1, null]], enterprises: [[name, code, other, '否', null, null]] }),
        {},
        'MS05',
      ),
      200,
    );

    // row 2 names by credit code the firm on the other chain; row 3 names it again by name only: the same firm, not a second one
    const twice = await upload(
      leader,
      await workbook({
        enterprises: [
          [name, code, U1, '否', 100, null],
          [name, null, D1, '否', null, 12],
        ],
      }),
    );
    answered(twice, 200);
    expect(twice.body.enterprises).toEqual({ created: 0, updated: 2, unchanged: 0 });
    const stored = await t.dataSource.query<Array<{ id: string; output: string; employees: number }>>(
      `SELECT id, output, employees FROM chain_enterprises WHERE btrim(name) = $1`,
      [name],
    );
    expect(stored).toEqual([expect.objectContaining({ output: '100.00', employees: 12 })]);
    const links = await t.dataSource.query<Array<{ code: string }>>(
      `SELECT n.code FROM chain_enterprise_nodes en JOIN chain_nodes n ON n.id = en.node_id WHERE en.enterprise_id = $1 ORDER BY n.code`,
      [stored[0].id],
    );
    // this chain's nodes are the last row's; the other chain's link is kept
    expect(links.map((l) => l.code).sort()).toEqual([D1, other].sort());

    // a new firm written by one row is found by a later row of the same file, by its name
    const fresh = unique('淄博新登记机械有限公司');
    const created = await upload(
      leader,
      await workbook({
        enterprises: [
          [fresh, makeCreditCode(), U1, '是', null, null],
          [fresh, null, `${U1}、${D1}`, null, null, 40],
        ],
      }),
    );
    answered(created, 200);
    expect(created.body.enterprises).toEqual({ created: 1, updated: 1, unchanged: 0 });
    const [firm] = await t.dataSource.query<Array<{ id: string; employees: number; chain_leader: boolean }>>(
      `SELECT id, employees, chain_leader FROM chain_enterprises WHERE btrim(name) = $1`,
      [fresh],
    );
    expect(firm).toMatchObject({ employees: 40, chain_leader: true });
    expect(
      (
        await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM chain_enterprise_nodes WHERE enterprise_id = $1`, [
          firm.id,
        ])
      )[0].n,
    ).toBe(2);

    // two stored firms of one name and no credit code: a row naming it by name alone is refused, nothing written
    const shared = unique('淄博重名商贸有限公司');
    answered(await upload(leader, await workbook({ enterprises: [[shared, null, U1, '否', null, null]] })), 200);
    await t.dataSource.query(`INSERT INTO chain_enterprises (name) VALUES ($1)`, [shared]);
    const before = await state();
    const ambiguous = await upload(leader, await workbook({ enterprises: [[shared, null, D1, '否', null, 5]] }));
    answered(ambiguous, 422);
    expect(ambiguous.body.details.rows).toEqual([
      expect.objectContaining({ sheet: '本地企业', row: 2, message: expect.stringContaining('同名') }),
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses a promoter’s import (403, nothing written) and an unknown industry (404)', async () => {
    const file = await workbook({ nodes: [[`${industry}-${tag}-M3`, '表面处理', '中游', 4, null]] });
    const before = await state();
    const forbidden = await upload(promoter, file);
    answered(forbidden, 403);
    expect(await state()).toEqual(before);

    expect((await exportFile(promoter, 'XX99')).status).toBe(404);
    expect((await upload(leader, file, {}, 'XX99')).status).toBe(404);
    expect(await state()).toEqual(before);
  });
});
