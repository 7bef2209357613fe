import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { LEAD_SHEET_COLUMNS } from '../src/modules/spreadsheets/lead-sheet.columns';
import { Role } from '../src/modules/users/role.enum';
import { auth, TestApp, TestUser, unique } from './support/test-app';
import { waitFor } from './support/wait';

/** Relative to the repository root, where jest runs. */
const fixture = (name: string) => readFileSync(join('test', 'fixtures', 'ledgers', name));

interface RowJson {
  row: number;
  status: string;
  leadId?: string;
  errors?: string[];
  warnings?: string[];
}

/** An export-like xlsx (exceljs's streaming writer: inline strings, data descriptors), large enough to cut past 100 KB. */
async function bigLedger(tag: string, rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['项目名称', '企业名称', '产业类别代码', '招商方式']).commit();
  for (let i = 0; i < rows; i++)
    sheet
      .addRow([
        `${tag} 截断项目 ${i} 淄博文昌湖省级旅游度假区`,
        `${tag} 企业 ${((i * 2654435761) >>> 0).toString(36)}${((i * 40503) >>> 0).toString(16)}`,
        'IT01',
        '产业链招商',
      ])
      .commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

describe('Ledgers as a bureau keeps them are read whole, or refused clearly (issue #15, reading)', () => {
  let t: TestApp;
  let promoter: TestUser;
  const tag = unique('读');
  const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
  const upload = (file: Buffer, name: string, fields: Record<string, string> = {}, user = promoter) => {
    const request = t.http.post('/api/v1/leads/import').set(auth(user));
    for (const [key, value] of Object.entries(fields)) void request.field(key, value);
    return request.attach('file', file, name);
  };

  beforeAll(async () => {
    t = await TestApp.start();
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers a cut-off xlsx with a Chinese 400 within 5 s, at every cut, dry run or not, leaving no temporary file', async () => {
    const file = await bigLedger(tag, 6000);
    expect(file.length).toBeGreaterThan(150_000);
    const before = new Set(ours());
    for (const cut of [20_000, 100_500, 120_000, Math.floor(file.length * 0.9), file.length - 30]) {
      for (const dryRun of ['true', 'false']) {
        const started = Date.now();
        const response = await upload(file.subarray(0, cut), 'cut.xlsx', { dryRun });
        expect({ cut, dryRun, status: response.status, file: (response.body as { details?: { file?: string } }).details?.file }).toEqual({
          cut,
          dryRun,
          status: 400,
          file: 'truncated',
        });
        expect((response.body as { message: string }).message).toMatch(/文件不完整/);
        expect(Date.now() - started).toBeLessThan(5000);
      }
    }
    await waitFor(
      () => Promise.resolve(ours().filter((name) => !before.has(name))),
      (left) => left.length === 0,
      5000,
      100,
    );
    const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE name LIKE $1`, [
      `${tag} 截断%`,
    ]);
    expect(n).toBe(0);
  }, 120_000);

  it('answers a zip broken inside its worksheet (central directory intact) with a Chinese 400, not a hang', async () => {
    const file = Buffer.from(await bigLedger(tag, 6000));
    // damage the deflated worksheet in the middle of the file: the zip still ends with its directory
    file.fill(0x41, 60_000, 90_000);
    const started = Date.now();
    const response = await upload(file, 'broken.xlsx', { dryRun: 'true' });
    expect(response.status).toBe(400);
    expect((response.body as { message: string }).message).toMatch(/^无法导入此文件/);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 60_000);

  it('reads the ledger sheet after a 说明 sheet, lists the sheets, fills the merged 落地区域 and converts 亿/千万/元, 公顷/平方米 with a warning', async () => {
    const dry = await upload(fixture('read-ledger.xlsx'), 'read-ledger.xlsx', { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ valid: 3, errors: 0, sheet: '台账', sheets: [{ name: '说明' }, { name: '台账' }] });
    const rows = (dry.body as { rows: RowJson[] }).rows;
    expect(rows.map((r) => [r.row, r.status])).toEqual([
      [3, 'valid'],
      [4, 'valid'],
      [5, 'valid'],
      [6, 'skipped'],
      [8, 'skipped'],
      [9, 'skipped'],
    ]);
    expect(dry.body).toMatchObject({ skipped: 3 });
    expect((rows[3] as { reason?: string }).reason).toMatch(/^合计行/);
    expect((rows[4] as { reason?: string }).reason).toMatch(/^表格下方的说明/);
    expect(rows[0].warnings).toEqual(expect.arrayContaining(['计划投资额(万元): 5.2亿 → 52000 万元', '用地面积(亩): 6.5公顷 → 97.5 亩']));
    expect(rows[2].warnings).toEqual(
      expect.arrayContaining(['计划投资额(万元): 3,000,000元 → 300 万元', '用地面积(亩): 2000平方米 → 3 亩']),
    );

    const real = await upload(fixture('read-ledger.xlsx'), 'read-ledger.xlsx', { dryRun: 'false' });
    expect(real.body).toMatchObject({ created: 3, errors: 0, skipped: 3 });
    const stored = await t.dataSource.query<Array<{ name: string; inv: string; area: string; zone: string | null }>>(
      `SELECT name, planned_investment::text AS inv, land_area_mu::text AS area, zone_code AS zone FROM leads
       WHERE name LIKE '读表%' AND owner_id = $1 ORDER BY name`,
      [promoter.id],
    );
    expect(stored.map((s) => [s.name, Number(s.inv), Number(s.area)])).toEqual([
      ['读表丙项目', 300, 3],
      ['读表乙项目', 5000, 12],
      ['读表甲项目', 52000, 97.5],
    ]);
    // the zone merged over the three rows reaches every one of them
    expect(new Set(stored.map((s) => s.zone)).size).toBe(1);
    expect(stored[0].zone).not.toBeNull();

    const chosen = await upload(fixture('read-ledger.xlsx'), 'read-ledger.xlsx', { dryRun: 'true', sheet: '说明' });
    expect(chosen.status).toBe(400);
    expect((chosen.body as { message: string }).message).toMatch(/工作表「说明」.*没有表头行/);
    const missing = await upload(fixture('read-ledger.xlsx'), 'read-ledger.xlsx', { dryRun: 'true', sheet: '别的表' });
    expect((missing.body as { message: string }).message).toBe('无法导入此文件: 没有名为「别的表」的工作表 (有: 说明、台账)');
  }, 60_000);

  it('reads the same ledger saved again by LibreOffice Calc alike: sheets, merges, units, totals', async () => {
    // another team: the rows the test above created are not its duplicates
    const other = await t.createUser([Role.Promoter], await t.createTeam());
    const dry = await upload(fixture('read-ledger-libreoffice.xlsx'), 'read-ledger-libreoffice.xlsx', { dryRun: 'true' }, other);
    expect(dry.body).toMatchObject({ valid: 3, errors: 0, skipped: 3, sheet: '台账', sheets: [{ name: '说明' }, { name: '台账' }] });
    const rows = (dry.body as { rows: RowJson[] }).rows;
    expect(rows[0].warnings).toEqual(expect.arrayContaining(['计划投资额(万元): 5.2亿 → 52000 万元', '用地面积(亩): 6.5公顷 → 97.5 亩']));
    expect(rows.map((r) => r.status)).toEqual(['valid', 'valid', 'valid', 'skipped', 'skipped', 'skipped']);
  }, 60_000);

  it('says every file-level refusal in Chinese', async () => {
    const files: Array<[Buffer, string, RegExp]> = [
      [Buffer.alloc(0), 'empty.csv', /文件是空的/],
      [Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'old.xls', /\.xls/],
      [Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from('EncryptedPackage', 'utf16le')]), 'secret.xlsx', /密码/],
      [Buffer.from('名称,说明\n甲,乙\n'), 'notes.csv', /没有表头行/],
      [Buffer.from(`${LEAD_SHEET_COLUMNS[1].header},负责人\n某项目,张三\n`), 'partial.csv', /没有表头行|表头缺少/],
    ];
    for (const [file, name, message] of files) {
      const response = await upload(file, name, { dryRun: 'true' });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect((response.body as { message: string }).message).toMatch(message);
      expect((response.body as { message: string }).message).not.toMatch(/[a-z]{4,} [a-z]{4,}/);
    }
  });
});
