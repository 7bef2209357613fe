import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LEAD_SHEET_COLUMNS } from '../src/modules/spreadsheets/lead-sheet.columns';
import { SHEET_LIMITS } from '../src/modules/spreadsheets/sheet-limits';
import { Role } from '../src/modules/users/role.enum';
import { auth, TestApp, TestUser, unique } from './support/test-app';
import { makeCreditCode } from './support/factories';
import { columnName, esc, inlineCell, once_, repeated, SHEET_HEAD, SHEET_TAIL, WORKBOOK, ZipPart, zipFile } from './support/hand-zip';
import { sleep, waitFor } from './support/wait';

interface ImportRowJson {
  row: number;
  status: string;
  leadId?: string;
  errors?: string[];
  duplicateOf?: { leadId?: string; code?: string; row?: number };
}

const HEADERS = LEAD_SHEET_COLUMNS.map((c) => c.header);
const MiB = 1024 * 1024;
/** Generous: the attacks below took the process to 1.2 GB (and killed it with a 512 MB heap) before the limits. */
const MAX_GROWTH_MIB = 200;
/** The heap the reader gets in its own process: a reader that held an attack's inflated bytes would die of it. */
const HEAP_CAP_MIB = 256;
const execFileAsync = promisify(execFile);

const HEADER_ROW = `<row r="1">${HEADERS.map((h, i) => inlineCell(i, 1, h)).join('')}</row>`;

/** A well-formed ledger sheet: the header and one data row, all inline strings. */
const SMALL_SHEET: ZipPart = {
  path: 'xl/worksheets/sheet1.xml',
  pieces: once_(`${SHEET_HEAD}${HEADER_ROW}<row r="2">${inlineCell(0, 2, '项目')}</row>${SHEET_TAIL}`),
};

const SST_HEAD = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/** What test/support/bounded-read.ts reports of one read in its own process. */
interface BoundedRead {
  refusal: { code: string; limit?: string; message: string } | null;
  rssGrowthMiB: number;
  heapGrowthMiB: number;
}

/**
 * Reads `file` as an import does, in a process of its own whose heap is capped at HEAP_CAP_MIB, and returns
 * its report. The memory bound is measured there, not in this process: here the app shares a heap of
 * several hundred MB with Jest, collected lazily, and its peak growth read the collector (33 MiB alone,
 * 670–760 MiB in some full runs), not the reader. A reader that held what it inflated dies of the cap.
 */
async function readInOwnProcess(file: Buffer): Promise<BoundedRead> {
  const dir = await mkdtemp(join(tmpdir(), 'zscrm-bounded-'));
  const path = join(dir, 'attack.xlsx');
  try {
    await writeFile(path, file);
    const { stdout } = await execFileAsync(
      process.execPath,
      [`--max-old-space-size=${HEAP_CAP_MIB}`, '-r', 'ts-node/register', join(process.cwd(), 'test', 'support', 'bounded-read.ts'), path],
      {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          TS_NODE_TRANSPILE_ONLY: 'true',
          TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs', moduleResolution: 'node' }),
        },
        maxBuffer: MiB,
        timeout: 120_000,
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as BoundedRead;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function csvFile(rows: Array<Record<string, string | number | null | undefined>>): Buffer {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [HEADERS.map(quote).join(',')];
  for (const row of rows) lines.push(HEADERS.map((h) => quote(row[h] === null || row[h] === undefined ? '' : String(row[h]))).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

describe('Spreadsheet imports under attack: bounded reading, all-or-nothing batches, safe re-upload', () => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  let promoterA: TestUser;
  let promoterB: TestUser;
  let leader: TestUser;
  const tag = unique('硬');

  const upload = (user: TestUser, file: Buffer, name: string, dryRun?: boolean) => {
    const request = t.http.post('/api/v1/leads/import').set(auth(user));
    if (dryRun !== undefined) void request.field('dryRun', String(dryRun));
    return request.attach('file', file, name);
  };
  const finished = (user: TestUser, id: string) =>
    waitFor(
      async () =>
        (await t.http.get(`/api/v1/imports/${id}`).set(auth(user))).body as {
          status: string;
          rows: ImportRowJson[];
          [key: string]: unknown;
        },
      (body) => body.status === 'done' || body.status === 'failed',
      120_000,
      250,
    );
  const leadsNamed = async (pattern: string) =>
    (
      await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE name LIKE $1 AND deleted_at IS NULL`, [
        pattern,
      ])
    )[0].n;
  const leadRow = (overrides: Record<string, string | number | null>) => ({
    项目名称: `${tag} 项目`,
    企业名称: '淄博硬化测试有限公司',
    统一社会信用代码: makeCreditCode(),
    产业类别代码: 'IT01',
    招商方式: '产业链招商',
    阶段: '线索',
    状态: '推进中',
    ...overrides,
  });

  beforeAll(async () => {
    // the limits here are counts and sizes; on a loaded machine late in a full run a refused read took 85 s, past the
    // default IMPORT_READ_TIMEOUT (60 s), and was refused for its time instead (the time limit has its own test)
    t = await TestApp.start({ IMPORT_READ_TIMEOUT: 'PT300S' });
    teamA = await t.createTeam();
    teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    leader = await t.createUser([Role.Leader]);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('reading in bounded memory (issue #13 row 7)', () => {
    const refusedInBounds = async (file: Buffer, limit: string, reason: RegExp) => {
      const started = Date.now();
      const result = await upload(promoterA, file, 'attack.xlsx', true);
      expect({ status: result.status, code: (result.body as { code?: string }).code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(result.body).toMatchObject({ details: { limit } });
      expect((result.body as { message: string }).message).toMatch(reason);
      // nothing goes on inflating the rest of the file in the background, and the app goes on answering
      const cpu = process.cpuUsage();
      await sleep(1000);
      const spent = process.cpuUsage(cpu);
      expect((spent.user + spent.system) / 1000).toBeLessThan(300);
      expect((await t.http.get('/health')).status).toBe(200);
      // the same reading in a process of its own, capped: refused for the same limit, in bounded memory
      const alone = await readInOwnProcess(file);
      // the times are printed, not asserted: on a shared machine they measure the load
      console.log(
        `refused ${limit} in ${(Date.now() - started) / 1000} s; alone: heap +${alone.heapGrowthMiB.toFixed(0)} MiB, rss +${alone.rssGrowthMiB.toFixed(0)} MiB`,
      );
      expect(alone.refusal).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit });
      expect(alone.heapGrowthMiB).toBeLessThan(MAX_GROWTH_MIB);
      expect(alone.rssGrowthMiB).toBeLessThan(MAX_GROWTH_MIB);
    };

    it('refuses an xlsx whose shared strings inflate to hundreds of MB of long strings (the row 7 file), by their characters', async () => {
      const sst = {
        path: 'xl/sharedStrings.xml',
        pieces: repeated('<si><t>淄博文昌湖省级旅游度假区招商引资重点项目台账说明文字</t></si>', 300 * MiB, SST_HEAD, '</sst>'),
      };
      const file = await zipFile([...WORKBOOK, sst, SMALL_SHEET]);
      expect(file.length).toBeLessThan(2 * MiB);
      await refusedInBounds(
        file,
        'sharedStringChars',
        new RegExp(`共享字符串表超过 ${SHEET_LIMITS.sharedStringChars.toLocaleString('en-US')} 个字符`),
      );
    }, 120_000);

    it('refuses an xlsx whose shared strings are millions of tiny strings, by their count, and leaves no parked worksheet behind', async () => {
      const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
      const before = new Set(ours());
      const sst = { path: 'xl/sharedStrings.xml', pieces: repeated('<si><t>a</t></si>', 200 * MiB, SST_HEAD, '</sst>') };
      // the worksheet first, as Excel stores it: exceljs parks it in a temporary file until the shared strings are read
      await refusedInBounds(
        await zipFile([...WORKBOOK, SMALL_SHEET, sst]),
        'sharedStrings',
        new RegExp(`超过 ${SHEET_LIMITS.sharedStrings.toLocaleString('en-US')} 个字符串`),
      );
      await waitFor(
        () => Promise.resolve(ours().filter((name) => !before.has(name))),
        (left) => left.length === 0,
        10_000,
        100,
      );
    }, 120_000);

    it('refuses a zip bomb worksheet while it inflates, by the entry’s inflated size', async () => {
      const sheet = {
        path: 'xl/worksheets/sheet1.xml',
        pieces: repeated(`<x/>${' '.repeat(4096)}`, 300 * MiB, `${SHEET_HEAD}${HEADER_ROW}`, SHEET_TAIL),
      };
      const file = await zipFile([...WORKBOOK, sheet]);
      expect(file.length).toBeLessThan(2 * MiB);
      await refusedInBounds(file, 'entryBytes', new RegExp(`xl/worksheets/sheet1\\.xml 解压后超过 ${SHEET_LIMITS.entryBytes / MiB} MB`));
    }, 120_000);

    it('refuses a file whose entries together inflate past the total', async () => {
      const filler = (n: number) => ({ path: `xl/media/filler${n}.bin`, pieces: repeated('\0'.repeat(1024), 200 * MiB) });
      await refusedInBounds(
        await zipFile([...WORKBOOK, filler(1), filler(2), filler(3), SMALL_SHEET]),
        'totalBytes',
        new RegExp(`文件解压后超过 ${SHEET_LIMITS.totalBytes / MiB} MB`),
      );
    }, 120_000);

    it('refuses a cell padded past the longest text a cell may hold (an XML parser would buffer it whole)', async () => {
      const sheet = {
        path: 'xl/worksheets/sheet1.xml',
        pieces: repeated(
          ' ',
          100 * MiB,
          `${SHEET_HEAD}${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>`,
          `</t></is></c></row>${SHEET_TAIL}`,
        ),
      };
      await refusedInBounds(
        await zipFile([...WORKBOOK, sheet]),
        'cellChars',
        new RegExp(`有单元格超过 ${SHEET_LIMITS.cellChars.toLocaleString('en-US')} 个字符`),
      );
    }, 120_000);

    it('refuses a row with more cells than a ledger has columns, and a sheet with more rows than an import takes', async () => {
      const wide = `<row r="2">${Array.from({ length: SHEET_LIMITS.cellsPerRow + 1 }, (_, i) => `<c r="${columnName(i)}2"><v>1</v></c>`).join('')}</row>`;
      const wideSheet = { path: 'xl/worksheets/sheet1.xml', pieces: once_(`${SHEET_HEAD}${HEADER_ROW}${wide}${SHEET_TAIL}`) };
      await refusedInBounds(
        await zipFile([...WORKBOOK, wideSheet]),
        'cellsPerRow',
        new RegExp(`第 2 行超过 ${SHEET_LIMITS.cellsPerRow} 个单元格`),
      );

      let row = 1;
      const longSheet = {
        path: 'xl/worksheets/sheet1.xml',
        pieces: function* (): Iterable<Buffer> {
          yield Buffer.from(`${SHEET_HEAD}${HEADER_ROW}`);
          while (row <= SHEET_LIMITS.rows + 200) {
            const lines: string[] = [];
            for (let k = 0; k < 1000; k++)
              lines.push(`<row r="${++row}"><c r="A${row}" t="inlineStr"><is><t>项目${row}</t></is></c></row>`);
            yield Buffer.from(lines.join(''));
          }
          yield Buffer.from(SHEET_TAIL);
        },
      };
      await refusedInBounds(
        await zipFile([...WORKBOOK, longSheet]),
        'rows',
        new RegExp(`工作表超过 ${SHEET_LIMITS.rows.toLocaleString('en-US')} 行`),
      );
    }, 120_000);

    it('refuses a CSV with more rows than an import takes, naming the limit, having written nothing', async () => {
      const name = `${tag} 超长`;
      const row = leadRow({ 项目名称: name, 统一社会信用代码: null });
      const response = await upload(leader, csvFile(Array.from({ length: SHEET_LIMITS.rows + 200 }, () => row)), 'long.csv');
      // the sheets are read through in the request (names, rows, merged ranges), so the file is refused before it is queued
      expect(response.status).toBe(413);
      expect((response.body as { message: string }).message).toMatch(
        new RegExp(`工作表超过 ${SHEET_LIMITS.rows.toLocaleString('en-US')} 行`),
      );
      expect(await leadsNamed(name)).toBe(0);
    }, 120_000);

    it('still reads a well-formed hand-made xlsx with shared strings after all these checks', async () => {
      const values: Record<string, string> = {
        项目名称: `${tag} 手工`,
        企业名称: '淄博手工有限公司',
        产业类别代码: 'IT01',
        招商方式: '产业链招商',
      };
      const strings = [...HEADERS, ...Object.values(values)];
      const sst = {
        path: 'xl/sharedStrings.xml',
        pieces: once_(`${SST_HEAD}${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`),
      };
      const cell = (col: number, row: number, index: number) => `<c r="${columnName(col)}${row}" t="s"><v>${index}</v></c>`;
      const header = `<row r="1">${HEADERS.map((_, i) => cell(i, 1, i)).join('')}</row>`;
      const data = `<row r="2">${HEADERS.map((h, i) => (h in values ? cell(i, 2, strings.indexOf(values[h])) : '')).join('')}</row>`;
      const sheet = { path: 'xl/worksheets/sheet1.xml', pieces: once_(`${SHEET_HEAD}${header}${data}${SHEET_TAIL}`) };
      const response = await upload(promoterA, await zipFile([...WORKBOOK, sst, sheet]), 'hand.xlsx', true);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ valid: 1, errors: 0, rows: [{ row: 2, status: 'valid' }] });
    });
  });

  describe('all-or-nothing batches and re-upload (issue #13 row 9, import half)', () => {
    it('reports a NUL row of a 2,100-row file as a row error naming its column, commits every other row, and a fixed re-upload adds only that row', async () => {
      const name = (i: number) => `${tag} 批量 ${i + 1}`;
      // every tenth row has no credit code: a re-upload must find those by team + 企业名称 + 项目名称
      const rows = (nul: boolean) =>
        Array.from({ length: 2100 }, (_, i) =>
          leadRow({ 项目名称: i === 1600 && nul ? `${name(i)}\u0000` : name(i), 统一社会信用代码: i % 10 === 0 ? null : codes[i] }),
        );
      const codes = Array.from({ length: 2100 }, () => makeCreditCode());

      const first = await upload(promoterA, csvFile(rows(true)), 'nul.csv');
      expect(first.status).toBe(202);
      const done = await finished(promoterA, first.body.importId as string);
      expect(done).toMatchObject({ status: 'done', error: null, total: 2100, created: 2099, errors: 1, duplicates: 0 });
      const bad = done.rows.filter((r) => r.status !== 'created');
      expect(bad).toEqual([{ row: 1602, status: 'error', errors: ['项目名称 must not contain control characters or line breaks'] }]);
      expect(await leadsNamed(`${tag} 批量 %`)).toBe(2099);

      const second = await upload(promoterA, csvFile(rows(false)), 'fixed.csv');
      expect(second.status).toBe(202);
      const again = await finished(promoterA, second.body.importId as string);
      expect(again).toMatchObject({ status: 'done', total: 2100, created: 1, duplicates: 2099, errors: 0 });
      expect(again.rows.find((r) => r.status === 'created')).toMatchObject({ row: 1602 });
      expect(await leadsNamed(`${tag} 批量 %`)).toBe(2100);
    }, 240_000);

    it('identifies rows without a credit code by team + 企业名称 + 项目名称: a re-upload duplicates nothing, another team still imports them', async () => {
      const rows = [0, 1, 2].map((i) => leadRow({ 项目名称: `${tag} 无代码 ${i}`, 统一社会信用代码: null }));
      const first = await upload(promoterA, csvFile(rows), 'nocode.csv');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ created: 3, duplicates: 0 });
      const created = (first.body.rows as ImportRowJson[]).map((r) => r.leadId);

      const again = await upload(promoterA, csvFile(rows), 'nocode.csv');
      expect(again.body).toMatchObject({ created: 0, duplicates: 3, errors: 0 });
      expect((again.body.rows as ImportRowJson[]).map((r) => r.duplicateOf?.leadId)).toEqual(created);

      // the same row twice in one file is one lead
      const twice = await upload(
        promoterA,
        csvFile([
          leadRow({ 项目名称: `${tag} 两次`, 统一社会信用代码: null }),
          leadRow({ 项目名称: `${tag} 两次`, 统一社会信用代码: null }),
        ]),
        'twice.csv',
      );
      expect(twice.body).toMatchObject({ created: 1, duplicates: 1 });
      expect((twice.body.rows as ImportRowJson[])[1]).toMatchObject({ status: 'duplicate', duplicateOf: { row: 2 } });

      const otherTeam = await upload(promoterB, csvFile(rows), 'nocode.csv');
      expect(otherTeam.body).toMatchObject({ created: 3, duplicates: 0 });
      expect(await leadsNamed(`${tag} 无代码 %`)).toBe(6);
    });

    it('rolls back a batch the database refuses and writes it again row by row: the refused row is a row error without the database’s message, the others commit', async () => {
      const refused = `${tag} 拒绝`;
      await t.dataSource.query(`CREATE OR REPLACE FUNCTION sheets_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.name = '${refused}' THEN RAISE EXCEPTION 'refused by test trigger' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$`);
      await t.dataSource.query(
        `CREATE TRIGGER sheets_test_refuse BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION sheets_test_refuse()`,
      );
      try {
        const rows = [
          leadRow({ 项目名称: `${tag} 回滚 1` }),
          leadRow({ 项目名称: refused }),
          leadRow({ 项目名称: `${tag} 回滚 3`, 统一社会信用代码: null }),
        ];
        const response = await upload(leader, csvFile(rows), 'refused.csv');
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ created: 2, errors: 1 });
        const reports = response.body.rows as ImportRowJson[];
        expect(reports.map((r) => r.status)).toEqual(['created', 'error', 'created']);
        expect(reports[1].leadId).toBeUndefined();
        expect(JSON.stringify(reports[1])).not.toContain('refused by test trigger');
        expect(await leadsNamed(`${tag} 回滚 %`)).toBe(2);
        const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM lead_events WHERE lead_id = ANY($1::uuid[])`,
          [[reports[0].leadId, reports[2].leadId]],
        );
        expect(n).toBeGreaterThanOrEqual(2);
      } finally {
        await t.dataSource.query(`DROP TRIGGER IF EXISTS sheets_test_refuse ON leads`);
        await t.dataSource.query(`DROP FUNCTION IF EXISTS sheets_test_refuse()`);
      }
    });
  });
});
