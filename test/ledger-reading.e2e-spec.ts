import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { LEAD_SHEET_COLUMNS } from '../src/modules/spreadsheets/lead-sheet.columns';
import { Role } from '../src/modules/users/role.enum';
import { UsersService } from '../src/modules/users/users.service';
import { columnName, inlineCell, SHEET_HEAD, SHEET_TAIL, WORKBOOK, zipFile } from './support/hand-zip';
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
    // the refusal's body says why (a full run once answered 400 here; alone it never has)
    expect({ status: dry.status, refusal: dry.status === 200 ? null : dry.body }).toEqual({ status: 200, refusal: null });
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

  it('reads a CSV ledger as our export writes it and as LibreOffice Calc saves it again in GB18030: codes and phones kept, a code turned into 9.1E+17 refused clearly', async () => {
    // as exported: UTF-8 with BOM, CRLF, quoted fields, ="…" codes and phone; the third code pasted in bare (a CSV is read as text: still whole)
    const exported = await upload(fixture('csv-ledger-export.csv'), 'csv-ledger-export.csv', { dryRun: 'true' });
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ valid: 3, errors: 0, skipped: 1, sheet: 'CSV' });
    expect((exported.body as { rows: RowJson[] }).rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [4, 'valid'],
      [5, 'skipped'],
    ]);

    // saved again by LibreOffice: GB18030, LF, every text quoted, the ="…" cells now plain text, the bare code now 9.13703030000679E+017
    const other = await t.createUser([Role.Promoter], await t.createTeam());
    const saved = await upload(fixture('csv-ledger-libreoffice-gb18030.csv'), 'csv-ledger-libreoffice-gb18030.csv', {}, other);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ created: 2, errors: 1, skipped: 1 });
    const rows = (saved.body as { rows: RowJson[] }).rows;
    expect(rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'error'],
      [5, 'skipped'],
    ]);
    expect(rows[2].errors?.join()).toMatch(/^统一社会信用代码: 信用代码被表格软件改成了科学计数法或数字 \(「9\.13703030000679E\+017」\)/);
    const stored = await t.dataSource.query<
      Array<{ name: string; credit: string; remarks: string | null; contacts: unknown; inv: string; area: string | null }>
    >(
      `SELECT name, credit_code AS credit, remarks, contacts, planned_investment::text AS inv, land_area_mu::text AS area
         FROM leads WHERE owner_id = $1 ORDER BY name`,
      [other.id],
    );
    expect(stored.map((s) => ({ ...s, inv: Number(s.inv), area: s.area === null ? null : Number(s.area) }))).toEqual([
      {
        name: 'CSV台账乙 射频芯片项目',
        credit: '91370303MA3C5L2X41',
        remarks: '含逗号, 引号"加急"\n第二行备注',
        contacts: [
          { name: '李四', phone: '13900000000' },
          { name: '王五', title: '副总', email: 'wang@example.com' },
        ],
        inv: 1234.5,
        area: null,
      },
      {
        name: 'CSV台账甲 精密轴承项目',
        credit: '913703030000123522',
        remarks: '05331234567',
        contacts: [{ name: '张三', title: '经理', phone: '13800000000' }],
        inv: 52000.5,
        area: 80,
      },
    ]);
  }, 60_000);

  it('reads a clerk’s spellings saved by LibreOffice Calc: 20250401 as a number, 25.6.1, 2025年7月1日, 1.2亿, ５千万, 北区, an ASCII hyphen, 投产运营, 意向, 张三 13800000000', async () => {
    const team = await t.createTeam();
    const owner = await t.createUser([Role.Promoter], team);
    await t.app.get(UsersService).update(owner.id, { displayName: '拼写负责' });
    const commissioner = await t.createUser([Role.Commissioner], team);
    await t.app.get(UsersService).update(commissioner.id, { displayName: '拼写护商' });
    const leader = await t.createUser([Role.Leader]);
    const response = await upload(fixture('read-spellings-libreoffice.xlsx'), 'read-spellings-libreoffice.xlsx', {}, leader);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, errors: 0, warnings: [] });
    const stored = await t.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT name, stage, zone_code AS zone, planned_investment::float AS planned, contract_investment::float AS contract,
              actual_investment::float AS actual, signed_at::text AS signed, agreed_start_date::text AS "agreedStart",
              agreed_operating_date::text AS "agreedOperating", construction_started_at::text AS started, operating_at::text AS operating,
              owner_id AS owner, team_id AS team, commissioner_id AS commissioner, contacts
         FROM leads WHERE name LIKE '拼写%' ORDER BY name`,
    );
    expect(stored).toEqual([
      {
        name: '拼写乙 储能项目',
        stage: 'lead',
        zone: 'A1',
        planned: 5000,
        contract: null,
        actual: null,
        signed: null,
        agreedStart: null,
        agreedOperating: null,
        started: null,
        operating: null,
        owner: owner.id,
        team,
        commissioner: null,
        contacts: [{ name: '李四', title: '经理', phone: '13900000000' }],
      },
      {
        name: '拼写甲 精密制造项目',
        stage: 'operating',
        zone: 'A1',
        planned: 12000,
        contract: 8000,
        actual: 6000,
        signed: '2025-04-01',
        agreedStart: '2025-06-01',
        agreedOperating: '2026-06-01',
        started: '2025-07-01',
        operating: '2026-03-05',
        owner: owner.id,
        team,
        commissioner: commissioner.id,
        contacts: [{ name: '张三', phone: '13800000000' }],
      },
    ]);
  }, 60_000);

  it('says every file-level refusal in Chinese', async () => {
    const files: Array<[Buffer, string, RegExp]> = [
      [Buffer.alloc(0), 'empty.csv', /文件是空的/],
      [Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'old.xls', /\.xls/],
      [Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from('EncryptedPackage', 'utf16le')]), 'secret.xlsx', /密码/],
      [Buffer.from('名称,说明\n甲,乙\n'), 'notes.csv', /没有表头行/],
      [Buffer.from(`${LEAD_SHEET_COLUMNS[1].header},负责人\n某项目,张三\n`), 'partial.csv', /没有表头行|表头缺少/],
      // a cell without its address (r="B2"): exceljs fails inside its parser, which is a broken file, not a 500
      [await addresslessCells(), 'no-address.xlsx', /^无法导入此文件: xlsx 文件已损坏/],
    ];
    for (const [file, name, message] of files) {
      const response = await upload(file, name, { dryRun: 'true' });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect((response.body as { message: string }).message).toMatch(message);
      expect((response.body as { message: string }).message).not.toMatch(/[a-z]{4,} [a-z]{4,}/);
    }
  });
});

/** A ledger whose data cells lack their address (`<c>` without `r`), which exceljs cannot place. */
function addresslessCells(): Promise<Buffer> {
  const headers = ['项目名称', '企业名称', '产业类别代码', '招商方式'];
  return zipFile([
    ...WORKBOOK,
    {
      path: 'xl/worksheets/sheet1.xml',
      pieces: () => [
        Buffer.from(
          `${SHEET_HEAD}<row r="1">${headers.map((h, i) => inlineCell(i, 1, h)).join('')}</row>` +
            `<row r="2"><c t="inlineStr"><is><t>甲</t></is></c></row>${SHEET_TAIL}`,
          'utf8',
        ),
      ],
    },
  ]);
}

/**
 * A ledger within every size limit that is slow to read: a header line, then 25,000 rows of four cells,
 * each holding 500 empty elements exceljs passes over (50 million elements for its XML parser, ~200 MB
 * inflated, 650 KB zipped). Read whole it took over 60 s on the development machine.
 */
async function slowLedger(): Promise<Buffer> {
  const headers = ['项目名称', '企业名称', '产业类别代码', '招商方式'];
  const filler = '<x/>'.repeat(500);
  return zipFile([
    ...WORKBOOK,
    {
      path: 'xl/worksheets/sheet1.xml',
      pieces: function* () {
        yield Buffer.from(`${SHEET_HEAD}<row r="1">${headers.map((h, i) => inlineCell(i, 1, h)).join('')}</row>`, 'utf8');
        for (let row = 2; row <= 25_001; row += 500) {
          let piece = '';
          for (let r = row; r < row + 500; r++)
            piece += `<row r="${r}">${headers.map((_, i) => `<c r="${columnName(i)}${r}">${filler}</c>`).join('')}</row>`;
          yield Buffer.from(piece, 'utf8');
        }
        yield Buffer.from(SHEET_TAIL, 'utf8');
      },
    },
  ]);
}

describe('The read time limit (IMPORT_READ_TIMEOUT) on the running app', () => {
  let t: TestApp;
  let promoter: TestUser;
  const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));

  beforeAll(async () => {
    t = await TestApp.start({ IMPORT_READ_TIMEOUT: 'PT1S' });
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses a file slower to read than the limit with a Chinese 413 soon after it, leaves no temporary file, and reads a small file still', async () => {
    const file = await slowLedger();
    expect(file.length).toBeLessThan(2_000_000);
    const before = new Set(ours());
    for (const dryRun of ['true', 'false']) {
      const started = Date.now();
      const response = await t.http
        .post('/api/v1/leads/import')
        .set(auth(promoter))
        .field('dryRun', dryRun)
        .attach('file', file, 'slow.xlsx');
      const seconds = (Date.now() - started) / 1000;
      expect({ dryRun, status: response.status, details: (response.body as { details?: unknown }).details }).toMatchObject({
        dryRun,
        status: 413,
        details: { file: 'readTimeout', limit: 'readSeconds', max: 1 },
      });
      expect((response.body as { message: string }).message).toBe(
        '无法导入此文件: 读取表格超过 1 秒, 文件过大或过于复杂, 请拆分成几个文件分批导入',
      );
      // the limit counts the reader's waiting; what is left is the upload and the answer
      expect(seconds).toBeLessThan(5);
    }
    await waitFor(
      () => Promise.resolve(ours().filter((name) => !before.has(name))),
      (left) => left.length === 0,
      5000,
      100,
    );
    const small = await t.http
      .post('/api/v1/leads/import')
      .set(auth(promoter))
      .field('dryRun', 'true')
      .attach('file', fixture('read-ledger.xlsx'), 'read-ledger.xlsx');
    expect(small.body).toMatchObject({ valid: 3, errors: 0 });
  }, 60_000);
});
