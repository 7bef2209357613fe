import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LEAD_SHEET_COLUMN } from '../src/modules/spreadsheets/lead-sheet.columns';
import { Role } from '../src/modules/users/role.enum';
import { leadBody, makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';

interface Row {
  row: number;
  status: string;
  leadId?: string;
  errors?: string[];
  changes?: string[];
}

interface Lead {
  id: string;
  version: number;
  referrerKind: string | null;
  referrerUserId: string | null;
  referrerName: string | null;
  referrerContact: string | null;
}

/** The columns these rows fill, by key: the headers come from the model's sheet declaration. */
const KEYS = ['name', 'companyName', 'creditCode', 'industryCode', 'source', 'stage', 'status'] as const;
const REFERRER = ['referrerKind', 'referrerUsername', 'referrerName', 'referrerContact'] as const;
const header = (key: string) => LEAD_SHEET_COLUMN[key].header;

function csv(rows: Array<Record<string, string>>): Buffer {
  const keys = [...KEYS, ...REFERRER];
  const lines = [keys.map(header).join(','), ...rows.map((row) => keys.map((key) => row[key] ?? '').join(','))];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

describe('Lead import: the referrer (首引人) obeys the API’s rules', () => {
  let t: TestApp;
  let promoter: TestUser;
  let leader: TestUser;
  let colleague: TestUser;
  let retired: TestUser;
  const tag = unique('首引');

  const row = (overrides: Record<string, string>) => ({
    name: `${tag} 项目 ${makeCreditCode().slice(-6)}`,
    companyName: `${tag}有限公司`,
    creditCode: makeCreditCode(),
    industryCode: 'IT01',
    source: '产业链招商',
    stage: '线索',
    status: '推进中',
    ...overrides,
  });
  const upload = async (user: TestUser, rows: Array<Record<string, string>>, fields: Record<string, string> = {}) => {
    const request = t.http.post('/api/v1/leads/import').set(auth(user));
    for (const [name, value] of Object.entries(fields)) void request.field(name, value);
    const response = await request.attach('file', csv(rows), 'referrers.csv');
    expect(response.status).toBe(200);
    return response.body.rows as Row[];
  };
  const lead = async (id: string) => (await t.http.get(`/api/v1/leads/${id}`).set(auth(leader))).body as Lead;
  const leadsWithCode = async (creditCode: string) =>
    (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE credit_code = $1`, [creditCode]))[0].n;

  beforeAll(async () => {
    t = await TestApp.start();
    const team = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], team);
    leader = await t.createUser([Role.Leader]);
    colleague = await t.createUser([Role.Promoter], team);
    retired = await t.createUser([Role.Promoter], team, false);
  });

  afterAll(async () => {
    await t.close();
  });

  it('names the referrer columns in the template and the export, a user referrer by account', async () => {
    expect(header('referrerUsername')).toBe('首引人账号');
    const creditCode = makeCreditCode();
    const created = await t.http
      .post('/api/v1/leads')
      .set(auth(promoter))
      .send(leadBody({ creditCode, referrerKind: 'user', referrerUserId: colleague.id }));
    expect(created.status).toBe(201);
    const exported = await t.http
      .get('/api/v1/leads/export')
      .query({ format: 'csv', q: creditCode })
      .set(auth(leader))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    const [head, first] = (exported.body as Buffer)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    const cells = first.split(',');
    const at = (key: string) => cells[head.split(',').indexOf(header(key))];
    expect([at('referrerKind'), at('referrerUsername'), at('referrerName')]).toEqual([
      '本局人员',
      colleague.username,
      `测试${colleague.username}`,
    ]);
  });

  it('imports an outside referrer and resolves a user referrer by account, as POST /leads would store them', async () => {
    const rows = await upload(promoter, [
      row({ referrerKind: '外部个人', referrerName: '王先生', referrerContact: '13800000000' }),
      row({ referrerKind: '本局人员', referrerUsername: colleague.username.toUpperCase() }),
    ]);
    expect(rows.map((r) => r.status)).toEqual(['created', 'created']);
    expect(await lead(rows[0].leadId!)).toMatchObject({
      referrerKind: 'person',
      referrerUserId: null,
      referrerName: '王先生',
      referrerContact: '13800000000',
    });
    expect(await lead(rows[1].leadId!)).toMatchObject({
      referrerKind: 'user',
      referrerUserId: colleague.id,
      referrerName: `测试${colleague.username}`,
    });
  });

  it('refuses a bad referrer with a row error naming its column, writing nothing for that row', async () => {
    const bad = [
      row({ referrerKind: '本局人员', referrerUsername: 'nobody-here' }),
      row({ referrerKind: '本局人员', referrerUsername: retired.username }),
      row({ referrerKind: '本局人员', referrerName: '只写了姓名' }),
      row({ referrerKind: '外部机构' }),
      row({ referrerKind: '外部个人', referrerName: '王先生', referrerUsername: colleague.username }),
      row({ referrerName: '没有类别' }),
    ];
    const rows = await upload(promoter, bad);
    expect(rows.map((r) => r.status)).toEqual(bad.map(() => 'error'));
    const firstError = rows.map((r) => r.errors?.[0]);
    expect(firstError[0]).toMatch(/^首引人账号: 「nobody-here」本局人员首引人须为在职用户/);
    expect(firstError[1]).toMatch(new RegExp(`^首引人账号: 「${retired.username}」本局人员首引人须为在职用户`));
    expect(firstError[2]).toMatch(/^首引人账号: 本局人员首引人须为在职用户/);
    expect(firstError[3]).toMatch(/^首引人: 外部首引人须填写姓名或名称/);
    expect(firstError[4]).toMatch(/^首引人账号: 「[^」]+」只有本局人员首引人填写用户/);
    expect(firstError[5]).toMatch(/^首引人类别: 请填写首引人类别/);
    for (const [index, sent] of bad.entries()) expect({ index, leads: await leadsWithCode(sent.creditCode) }).toEqual({ index, leads: 0 });
    // a dry run says the same
    const dry = await upload(promoter, bad.slice(0, 1), { dryRun: 'true' });
    expect(dry[0]).toMatchObject({ status: 'error', errors: [expect.stringMatching(/^首引人账号: /)] });
  });

  it('does not overwrite a referrer the signing locked; a re-import with the same referrer or none is fine', async () => {
    const creditCode = makeCreditCode();
    const created = await t.http
      .post('/api/v1/leads')
      .set(auth(promoter))
      .send(
        leadBody({ creditCode, name: `${tag} 已签约`, referrerKind: 'person', referrerName: '王先生', referrerContact: '13800000000' }),
      );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // signed, which confirmed the referrer (gate data written directly; the pipeline's own tests cover the move to 签约)
    await t.dataSource.query(
      `UPDATE leads SET stage = 'signed', signed_at = current_date, contract_investment = 12345, agreed_start_date = current_date + 30,
              agreed_operating_date = current_date + 300, referrer_confirmed_at = now(), version = version + 1 WHERE id = $1`,
      [id],
    );
    const before = await lead(id);
    const same = { name: `${tag} 已签约`, companyName: created.body.companyName as string, creditCode };

    const changed = await upload(promoter, [row({ ...same, referrerKind: '外部机构', referrerName: '淄博市浙江商会' })], {
      onDuplicate: 'update',
    });
    expect(changed[0].status).toBe('error');
    expect(changed[0].errors).toEqual([expect.stringMatching(/^首引人类别、首引人: 首引人已在签约时确认/)]);
    expect(changed[0].leadId).toBeUndefined();
    expect(await lead(id)).toEqual(before);

    // the same referrer (contact left empty keeps the stored one) changes nothing; no referrer columns filled leaves it alone
    const unchanged = await upload(promoter, [row({ ...same, referrerKind: '外部个人', referrerName: '王先生' })], {
      onDuplicate: 'update',
    });
    expect(unchanged[0].status).toBe('duplicate');
    const other = await upload(promoter, [row({ ...same })], { onDuplicate: 'update' });
    expect(other[0].status).toBe('duplicate');
    expect(await lead(id)).toEqual(before);

    // before the signing the ledger may still change it, as a PATCH may
    const open = await t.http
      .post('/api/v1/leads')
      .set(auth(promoter))
      .send(leadBody({ creditCode: makeCreditCode(), name: `${tag} 洽谈中`, referrerKind: 'person', referrerName: '王先生' }));
    const updated = await upload(
      promoter,
      [
        row({
          name: `${tag} 洽谈中`,
          companyName: open.body.companyName as string,
          creditCode: open.body.creditCode as string,
          referrerKind: '本局人员',
          referrerUsername: colleague.username,
        }),
      ],
      { onDuplicate: 'update' },
    );
    expect(updated[0]).toMatchObject({
      status: 'updated',
      changes: expect.arrayContaining(['referrerKind', 'referrerUserId', 'referrerName']),
    });
    expect(await lead(open.body.id as string)).toMatchObject({
      referrerKind: 'user',
      referrerUserId: colleague.id,
      referrerName: `测试${colleague.username}`,
    });
  });
});
