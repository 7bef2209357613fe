/**
 * A whole working day of the API, driven as an integrator would: a client generated from /docs-json (openapi-typescript
 * types, openapi-fetch calls) with no cast anywhere (no `as`, no `!`, no `any`: test/contract-client.e2e-spec.ts refuses
 * them). It type-checks under `tsc --strict` against the generated `paths` only if the document says what each operation
 * takes and answers, and it runs green only if the app answers what the document says. Each value a step needs comes
 * from an earlier answer (ids, versions, industry codes, tokens), never from the test's own knowledge of the database.
 */
import createClient from 'openapi-fetch';
import type { paths } from './generated/api';
import type { Credentials, FlowAccounts, FlowStep } from './flow-types';

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Runs every operation of the API in a plausible order; throws at the first answer that is not the expected one. */
export async function runClientFlow(baseUrl: string, accounts: FlowAccounts): Promise<FlowStep[]> {
  const steps: FlowStep[] = [];
  const today = new Date().toISOString().slice(0, 10);

  /** The answer's body, after checking its status; `step` names the call in the failure. */
  function expectData<T>(step: string, answer: Answer<T>, status: number): T {
    steps.push({ step, status: answer.response.status });
    if (answer.response.status !== status || answer.data === undefined) {
      throw new Error(`${step}: expected ${status}, got ${answer.response.status} ${JSON.stringify(answer.error ?? answer.data)}`);
    }
    return answer.data;
  }
  /** The error body of an expected refusal. */
  function expectError(step: string, answer: Answer<unknown>, status: number): unknown {
    steps.push({ step, status: answer.response.status });
    if (answer.response.status !== status) throw new Error(`${step}: expected ${status}, got ${answer.response.status}`);
    return answer.error;
  }
  function expectStatus(step: string, response: Response, status: number): void {
    steps.push({ step, status: response.status });
    if (response.status !== status) throw new Error(`${step}: expected ${status}, got ${response.status}`);
  }
  /** The `missing` fields a 422 STAGE_GATE_UNMET names, whatever the error schema types `details` as. */
  function missingOf(error: unknown): string {
    if (typeof error !== 'object' || error === null || !('details' in error)) return '';
    const details = error.details;
    return typeof details === 'object' && details !== null && 'missing' in details ? JSON.stringify(details.missing) : '';
  }
  function check(step: string, condition: boolean): void {
    if (!condition) throw new Error(`${step}: unexpected answer`);
  }

  const anonymous = createClient<paths>({ baseUrl });
  const health = expectData('GET /health', await anonymous.GET('/health'), 200);
  check('health', health.status === 'ok');

  const login = async (who: Credentials) => {
    const answer = expectData('POST /auth/login', await anonymous.POST('/api/v1/auth/login', { body: who }), 200);
    check('login', answer.user.username === who.username && answer.expiresIn > 0);
    return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${answer.accessToken}` } });
  };
  const admin = await login(accounts.admin);
  const leader = await login(accounts.leader);
  const promoter = await login(accounts.promoter);
  const commissioner = await login(accounts.commissioner);
  const refused = await anonymous.POST('/api/v1/auth/login', {
    body: { username: accounts.promoter.username, password: 'wrong-password' },
  });
  expectError('POST /auth/login (wrong password)', refused, 401);
  // the error body is typed by the document (one shared schema, `code` an enum)
  check('wrong password', refused.error?.code === 'INVALID_CREDENTIALS');

  const me = expectData('GET /auth/me', await promoter.GET('/api/v1/auth/me'), 200);
  const commissionerMe = expectData('GET /auth/me (commissioner)', await commissioner.GET('/api/v1/auth/me'), 200);
  check('me', me.username === accounts.promoter.username && me.roles.includes('promoter'));

  // what the console reads before it shows a form
  const meta = expectData('GET /meta', await promoter.GET('/api/v1/meta'), 200);
  check('meta', meta.stages.length > 0 && Object.keys(meta.labels).length > 0);
  const pipelineModel = expectData('GET /meta/pipeline', await promoter.GET('/api/v1/meta/pipeline'), 200);
  check('meta/pipeline', pipelineModel.stages.length > 0);
  const reminderKinds = expectData('GET /meta/reminder-kinds', await promoter.GET('/api/v1/meta/reminder-kinds'), 200);
  check('meta/reminder-kinds', reminderKinds.length > 0);
  const industries = expectData('GET /industries', await promoter.GET('/api/v1/industries'), 200);
  const zones = expectData('GET /zones', await promoter.GET('/api/v1/zones'), 200);
  const industryCode = industries[0].code;
  const zoneCode = zones[0].code;

  // administration: a team, a user in it, both edited
  const team = expectData('POST /teams', await admin.POST('/api/v1/teams', { body: { name: `契约组${Date.now()}` } }), 201);
  const renamed = expectData(
    'PATCH /teams/{id}',
    await admin.PATCH('/api/v1/teams/{id}', { params: { path: { id: team.id } }, body: { name: `${team.name}改` } }),
    200,
  );
  check('team renamed', renamed.name === `${team.name}改`);
  const teams = expectData('GET /teams', await admin.GET('/api/v1/teams'), 200);
  check(
    'teams',
    teams.items.some((t) => t.id === team.id),
  );
  const created = expectData(
    'POST /users',
    await admin.POST('/api/v1/users', {
      body: {
        username: `contract${Date.now()}`,
        displayName: '契约测试',
        password: 'Contract-Flow#2026',
        roles: ['commissioner'],
        teamId: team.id,
      },
    }),
    201,
  );
  const deactivated = expectData(
    'PATCH /users/{id}',
    await admin.PATCH('/api/v1/users/{id}', { params: { path: { id: created.id } }, body: { active: false } }),
    200,
  );
  check('user deactivated', deactivated.active === false && deactivated.teamId === team.id);
  const users = expectData('GET /users', await admin.GET('/api/v1/users'), 200);
  check(
    'users',
    users.items.some((u) => u.id === created.id),
  );

  // a lead: create, list, search, count, read, edit
  const newLead = (name: string, keyProjectLevel: 'none' | 'city' = 'none') =>
    promoter.POST('/api/v1/leads', {
      body: {
        name,
        companyName: `${name}有限公司`,
        industryCode,
        zoneCode,
        source: 'industry_chain',
        sourceCity: '深圳',
        plannedInvestment: 50000,
        landAreaMu: 100,
        keyProjectLevel,
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
  const stamp = Date.now().toString(36);
  let lead = expectData('POST /leads', await newLead(`契约射频项目${stamp}`), 201);
  check('created lead', lead.version === 1 && lead.stage === 'lead' && lead.status === 'active');
  const list = expectData('GET /leads', await promoter.GET('/api/v1/leads', { params: { query: { limit: 20, sort: '-createdAt' } } }), 200);
  check(
    'list',
    list.items.some((item) => item.id === lead.id),
  );
  const found = expectData(
    'GET /leads (search)',
    await promoter.GET('/api/v1/leads', { params: { query: { q: `契约射频项目${stamp}` } } }),
    200,
  );
  check('search', found.items.length === 1 && found.items[0].id === lead.id);
  const count = expectData(
    'GET /leads/count',
    await promoter.GET('/api/v1/leads/count', { params: { query: { industry: industryCode } } }),
    200,
  );
  check('count', count.total >= 1);
  lead = expectData('GET /leads/{id}', await promoter.GET('/api/v1/leads/{id}', { params: { path: { id: lead.id } } }), 200);
  lead = expectData(
    'PATCH /leads/{id}',
    await promoter.PATCH('/api/v1/leads/{id}', {
      params: { path: { id: lead.id } },
      body: { version: lead.version, sourceCity: '苏州', creditCode: null },
    }),
    200,
  );
  check('patched', lead.sourceCity === '苏州' && lead.version === 2);
  // refusals a client handles by their code: a stale version, a lead that is not there, a value the rules refuse
  const stale = await promoter.PATCH('/api/v1/leads/{id}', { params: { path: { id: lead.id } }, body: { version: 1, sourceCity: '无锡' } });
  expectError('PATCH /leads/{id} (stale version)', stale, 409);
  check('stale', stale.error?.code === 'VERSION_CONFLICT');
  const missing = await promoter.GET('/api/v1/leads/{id}', { params: { path: { id: crypto.randomUUID() } } });
  expectError('GET /leads/{id} (not found)', missing, 404);
  check('not found', missing.error?.code === 'NOT_FOUND');
  const blank = await promoter.PATCH('/api/v1/leads/{id}', {
    params: { path: { id: lead.id } },
    body: { version: lead.version, name: '' },
  });
  expectError('PATCH /leads/{id} (invalid)', blank, 400);
  check('invalid', blank.error?.code === 'VALIDATION_FAILED');
  const id = { path: { id: lead.id } };

  // every stage, each gate refusing first with what it misses
  lead = expectData(
    'POST /leads/{id}/transitions (→ negotiating)',
    await promoter.POST('/api/v1/leads/{id}/transitions', { params: id, body: { to: 'negotiating', version: lead.version } }),
    200,
  );
  const unmet = await promoter.POST('/api/v1/leads/{id}/transitions', {
    params: id,
    body: { to: 'signed', version: lead.version, signedAt: today },
  });
  check(
    'signing gate',
    missingOf(expectError('POST /leads/{id}/transitions (→ signed, gate)', unmet, 422)).includes('commissionerId') &&
      unmet.error?.code === 'STAGE_GATE_UNMET',
  );
  const assigned = expectData(
    'PUT /leads/{id}/commissioner',
    await leader.PUT('/api/v1/leads/{id}/commissioner', { params: id, body: { commissionerId: commissionerMe.id, note: '指派驻企专员' } }),
    200,
  );
  check('assigned', assigned.commissionerId === commissionerMe.id);
  lead = expectData('GET /leads/{id} (after assignment)', await promoter.GET('/api/v1/leads/{id}', { params: id }), 200);
  const signing = { signedAt: today, contractInvestment: 60000, agreedStartDate: '2027-03-01', agreedOperatingDate: '2028-03-01' };
  lead = expectData(
    'POST /leads/{id}/transitions (→ signed)',
    await promoter.POST('/api/v1/leads/{id}/transitions', { params: id, body: { to: 'signed', version: lead.version, ...signing } }),
    200,
  );
  const noStart = await commissioner.POST('/api/v1/leads/{id}/transitions', {
    params: id,
    body: { to: 'building', version: lead.version },
  });
  check(
    'building gate',
    missingOf(expectError('POST /leads/{id}/transitions (→ building, gate)', noStart, 422)).includes('constructionStartedAt') &&
      noStart.error?.code === 'STAGE_GATE_UNMET',
  );
  lead = expectData(
    'POST /leads/{id}/transitions (→ building)',
    await commissioner.POST('/api/v1/leads/{id}/transitions', {
      params: id,
      body: { to: 'building', version: lead.version, constructionStartedAt: today },
    }),
    200,
  );
  const noInvestment = await commissioner.POST('/api/v1/leads/{id}/transitions', {
    params: id,
    body: { to: 'operating', version: lead.version, operatingAt: today },
  });
  check(
    'operating gate',
    missingOf(expectError('POST /leads/{id}/transitions (→ operating, gate)', noInvestment, 422)).includes('actualInvestment') &&
      noInvestment.error?.code === 'STAGE_GATE_UNMET',
  );
  lead = expectData(
    'POST /leads/{id}/transitions (→ operating)',
    await commissioner.POST('/api/v1/leads/{id}/transitions', {
      params: id,
      body: { to: 'operating', version: lead.version, operatingAt: today, actualInvestment: 42000 },
    }),
    200,
  );
  check('operating', lead.stage === 'operating' && lead.actualInvestment === 42000);

  // 履约监管: the agreement, a clause met by reported actuals with its evidence, a government clause the leader waives
  const recorded = expectData(
    'POST /leads/{id}/agreements',
    await commissioner.POST('/api/v1/leads/{id}/agreements', {
      params: id,
      body: { kind: 'main', number: `WCH-TZ-${stamp}`, signedOn: today, parties: '文昌湖区管委会；契约射频', investment: 60000 },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  check('agreement', recorded.kind === 'main' && recorded.clauses.length === 0);
  const agreements = expectData('GET /leads/{id}/agreements', await commissioner.GET('/api/v1/leads/{id}/agreements', { params: id }), 200);
  const mainAgreement = agreements.items.find((a) => a.kind === 'main');
  if (mainAgreement === undefined) throw new Error('GET /leads/{id}/agreements: no main agreement');
  const agreementPath = { path: { id: lead.id, agreementId: mainAgreement.id } };
  const editedAgreement = expectData(
    'PATCH /leads/{id}/agreements/{agreementId}',
    await commissioner.PATCH('/api/v1/leads/{id}/agreements/{agreementId}', {
      params: agreementPath,
      body: { version: mainAgreement.version, landAreaMu: 120, landUse: '工业用地', landStartDate: today },
    }),
    200,
  );
  check('agreement edited', editedAgreement.landAreaMu === 120 && editedAgreement.version === mainAgreement.version + 1);
  const investmentClause = expectData(
    'POST /leads/{id}/agreements/{agreementId}/clauses',
    await commissioner.POST('/api/v1/leads/{id}/agreements/{agreementId}/clauses', {
      params: agreementPath,
      body: { party: 'investor', kind: 'investment_arrived', title: '固定资产投资到位', threshold: 30000, unit: '万元', dueDate: today },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  const governmentClause = expectData(
    'POST /leads/{id}/agreements/{agreementId}/clauses (government)',
    await commissioner.POST('/api/v1/leads/{id}/agreements/{agreementId}/clauses', {
      params: agreementPath,
      body: { party: 'government', kind: 'utilities', title: '水电气接通', department: '区住建局', dueDate: today },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  const clausePath = { path: { id: lead.id, agreementId: mainAgreement.id, clauseId: investmentClause.id } };
  const pdf = new Blob([new TextEncoder().encode('%PDF-1.4\n%契约\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')], {
    type: 'application/pdf',
  });
  const evidence = expectData(
    'POST /leads/{id}/agreements/{agreementId}/clauses/{clauseId}/evidence',
    await commissioner.POST('/api/v1/leads/{id}/agreements/{agreementId}/clauses/{clauseId}/evidence', {
      params: clausePath,
      body: { file: pdf },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, '到位资金证明.pdf');
        return form;
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  check('evidence', evidence.contentType === 'application/pdf' && evidence.fileName === '到位资金证明.pdf');
  const downloaded = await commissioner.GET('/api/v1/leads/{id}/agreements/{agreementId}/clauses/{clauseId}/evidence/{evidenceId}', {
    params: { path: { ...clausePath.path, evidenceId: evidence.id } },
    parseAs: 'blob',
  });
  expectStatus('GET /leads/{id}/agreements/{agreementId}/clauses/{clauseId}/evidence/{evidenceId}', downloaded.response, 200);
  const mistaken = expectData(
    'POST …/evidence (uploaded by mistake)',
    await commissioner.POST('/api/v1/leads/{id}/agreements/{agreementId}/clauses/{clauseId}/evidence', {
      params: clausePath,
      body: { file: pdf },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, '误传.pdf');
        return form;
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  const removedEvidence = await commissioner.DELETE(
    '/api/v1/leads/{id}/agreements/{agreementId}/clauses/{clauseId}/evidence/{evidenceId}',
    {
      params: { path: { ...clausePath.path, evidenceId: mistaken.id } },
    },
  );
  expectStatus('DELETE /leads/{id}/agreements/{agreementId}/clauses/{clauseId}/evidence/{evidenceId}', removedEvidence.response, 204);
  const period = today.slice(0, 4);
  const reported = expectData(
    'POST /leads/{id}/actuals',
    await commissioner.POST('/api/v1/leads/{id}/actuals', {
      params: id,
      body: { period, investmentArrived: 36000, jobs: 80 },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  check('actuals', reported.period === period && reported.investmentArrived === 36000);
  const actuals = expectData('GET /leads/{id}/actuals', await commissioner.GET('/api/v1/leads/{id}/actuals', { params: id }), 200);
  check(
    'actuals listed',
    actuals.items.some((a) => a.id === reported.id),
  );
  // the same figures from a spreadsheet: the template, then a file for last year (a dry run, then for real) with one unknown project
  const actualsTemplate = await commissioner.GET('/api/v1/actuals/import/template', { parseAs: 'blob' });
  expectStatus('GET /actuals/import/template', actualsTemplate.response, 200);
  const actualsFile = new Blob(
    [`\uFEFF项目编号,填报期,产值（万元）\r\n${lead.code},${Number(period) - 1},1200\r\nZS-1999-9999,${Number(period) - 1},1\r\n`],
    {
      type: 'text/csv',
    },
  );
  const uploadActuals = (dryRun: boolean) =>
    commissioner.POST('/api/v1/actuals/import', {
      body: { file: actualsFile, dryRun },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, '履约填报.csv');
        if (body.dryRun !== undefined) form.append('dryRun', String(body.dryRun));
        return form;
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
  const actualsDryRun = expectData('POST /actuals/import (dry run)', await uploadActuals(true), 200);
  check('actuals dry run', 'valid' in actualsDryRun && actualsDryRun.valid === 1 && actualsDryRun.errors === 1);
  const actualsImported = expectData('POST /actuals/import', await uploadActuals(false), 200);
  const actualsImportId = 'importId' in actualsImported ? actualsImported.importId : undefined;
  if (actualsImportId === undefined) throw new Error('POST /actuals/import: no importId');
  check('actuals imported', 'created' in actualsImported && actualsImported.created === 1);
  const actualsRejected = await commissioner.GET('/api/v1/actuals/import/{importId}/rejected.xlsx', {
    params: { path: { importId: actualsImportId } },
    parseAs: 'blob',
  });
  expectStatus('GET /actuals/import/{importId}/rejected.xlsx', actualsRejected.response, 200);
  const actualsProgress = expectData(
    'GET /imports/{id} (actuals)',
    await commissioner.GET('/api/v1/imports/{id}', { params: { path: { id: actualsImportId } } }),
    200,
  );
  check('actuals import progress', actualsProgress.kind === 'actuals' && actualsProgress.status === 'done');
  const waiveRefused = await commissioner.PATCH('/api/v1/leads/{id}/agreements/{agreementId}/clauses/{clauseId}', {
    params: { path: { ...agreementPath.path, clauseId: governmentClause.id } },
    body: { version: governmentClause.version, status: 'waived', reason: '企业自行解决' },
  });
  check('waive refused', expectError('PATCH …/clauses/{clauseId} (waive, commissioner)', waiveRefused, 403) !== undefined);
  const waived = expectData(
    'PATCH /leads/{id}/agreements/{agreementId}/clauses/{clauseId}',
    await leader.PATCH('/api/v1/leads/{id}/agreements/{agreementId}/clauses/{clauseId}', {
      params: { path: { ...agreementPath.path, clauseId: governmentClause.id } },
      body: { version: governmentClause.version, status: 'waived', reason: '企业自行接通，经领导同意豁免' },
    }),
    200,
  );
  check('waived', waived.status === 'waived');
  const afterActuals = expectData(
    'GET /leads/{id}/agreements (after actuals)',
    await leader.GET('/api/v1/leads/{id}/agreements', { params: id }),
    200,
  );
  const metClause = afterActuals.items.flatMap((a) => a.clauses).find((c) => c.id === investmentClause.id);
  check('clause met by the actuals', metClause?.state === 'met' && metClause.evidence.length === 1);
  const obligations = expectData(
    'GET /dashboard/obligations',
    await leader.GET('/api/v1/dashboard/obligations', { params: { query: { industry: lead.industryCode } } }),
    200,
  );
  check('dashboard/obligations', obligations.projects > 0);
  const obligationsXlsx = await leader.GET('/api/v1/dashboard/obligations/export', {
    params: { query: { industry: lead.industryCode } },
    parseAs: 'blob',
  });
  expectStatus('GET /dashboard/obligations/export', obligationsXlsx.response, 200);
  check('dashboard/obligations/export', obligationsXlsx.data instanceof Blob && obligationsXlsx.data.size > 0);
  expectData(
    'GET /dashboard/obligations/grades',
    await leader.GET('/api/v1/dashboard/obligations/grades', { params: { query: { year: Number(period) - 1 } } }),
    200,
  );
  const obligationsMeta = expectData('GET /meta/obligations', await commissioner.GET('/api/v1/meta/obligations'), 200);
  check('meta/obligations', obligationsMeta.kinds.length > 0);

  // 考核: the leader confirms the signing with its contract, corrects the referrer the signing locked; the queue and the credit
  const contract = expectData(
    'POST /leads/{id}/confirmation-evidence',
    await leader.POST('/api/v1/leads/{id}/confirmation-evidence', {
      params: id,
      body: { file: pdf },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, '投资协议.pdf');
        return form;
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  check('confirmation evidence', contract.confirmationId === null && contract.contentType === 'application/pdf');
  const contractFile = await promoter.GET('/api/v1/leads/{id}/confirmation-evidence/{evidenceId}', {
    params: { path: { id: lead.id, evidenceId: contract.id } },
    parseAs: 'blob',
  });
  expectStatus('GET /leads/{id}/confirmation-evidence/{evidenceId}', contractFile.response, 200);
  const confirmation = expectData(
    'POST /leads/{id}/confirmations',
    await leader.POST('/api/v1/leads/{id}/confirmations', {
      params: id,
      body: { stage: 'signed', decision: 'confirm', evidenceIds: [contract.id], note: '合同原件已核' },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  check('confirmed', confirmation.status === 'confirmed' && confirmation.evidence.length === 1);
  const confirmations = expectData(
    'GET /leads/{id}/confirmations',
    await promoter.GET('/api/v1/leads/{id}/confirmations', { params: id }),
    200,
  );
  check(
    'confirmations',
    confirmations.stages.some((s) => s.stage === 'signed' && s.state === 'confirmed'),
  );
  const queue = expectData(
    'GET /confirmations',
    await leader.GET('/api/v1/confirmations', { params: { query: { status: 'pending' } } }),
    200,
  );
  // the queue holds the oldest 500 of the whole database: this lead, signed today, may be beyond them
  check('queue', queue.items.length <= 500 && queue.items.every((item) => item.stageLabel.length > 0));
  const beforeCorrection = expectData('GET /leads/{id}', await leader.GET('/api/v1/leads/{id}', { params: id }), 200);
  check('referrer locked', beforeCorrection.referrerConfirmedAt !== null && beforeCorrection.doubleSigning.hiddenCount === 0);
  const corrected = expectData(
    'PUT /leads/{id}/referrer',
    await leader.PUT('/api/v1/leads/{id}/referrer', {
      params: id,
      body: { version: beforeCorrection.version, referrerKind: 'organisation', referrerName: '淄博市浙江商会', reason: '经核实为商会引荐' },
    }),
    200,
  );
  check('referrer corrected', corrected.referrerKind === 'organisation' && corrected.referrerName === '淄博市浙江商会');
  lead = corrected;
  const credit = expectData(
    'GET /dashboard/credit',
    await leader.GET('/api/v1/dashboard/credit', { params: { query: { year: Number(today.slice(0, 4)) } } }),
    200,
  );
  const chamber = credit.persons.find((p) => p.name === '淄博市浙江商会');
  check('credit', chamber !== undefined);
  const creditLeads = expectData(
    'GET /dashboard/credit/leads',
    await leader.GET('/api/v1/dashboard/credit/leads', {
      params: { query: { year: Number(today.slice(0, 4)), person: chamber?.key ?? '', limit: 200 } },
    }),
    200,
  );
  check('credit lines', creditLeads.items.some((l) => l.leadId === lead.id) && creditLeads.items.length === chamber?.leads);

  // follow-ups, the commissioner's enterprise issue, the timeline
  const followUp = expectData(
    'POST /leads/{id}/follow-ups',
    await commissioner.POST('/api/v1/leads/{id}/follow-ups', {
      params: id,
      body: { type: 'visit', occurredAt: new Date().toISOString(), summary: '走访企业，了解投产进度', outcome: '产线调试中' },
    }),
    201,
  );
  const followUps = expectData('GET /leads/{id}/follow-ups', await promoter.GET('/api/v1/leads/{id}/follow-ups', { params: id }), 200);
  check(
    'follow-ups',
    followUps.items.some((item) => item.id === followUp.id),
  );
  const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  let issue = expectData(
    'POST /leads/{id}/issues',
    await commissioner.POST('/api/v1/leads/{id}/issues', {
      params: id,
      body: {
        title: '厂房用电增容',
        category: 'utilities',
        description: '需增容至 2000 kVA',
        dueAt,
        handlerId: commissionerMe.id,
        department: '区供电中心',
      },
    }),
    201,
  );
  const issues = expectData('GET /leads/{id}/issues', await promoter.GET('/api/v1/leads/{id}/issues', { params: id }), 200);
  check(
    'issues',
    issues.items.some((item) => item.id === issue.id),
  );
  const issuePath = { path: { id: lead.id, issueId: issue.id } };
  issue = expectData(
    'PATCH /leads/{id}/issues/{issueId} (→ in_progress)',
    await commissioner.PATCH('/api/v1/leads/{id}/issues/{issueId}', {
      params: issuePath,
      body: { version: issue.version, status: 'in_progress' },
    }),
    200,
  );
  issue = expectData(
    'PATCH /leads/{id}/issues/{issueId} (→ resolved)',
    await commissioner.PATCH('/api/v1/leads/{id}/issues/{issueId}', {
      params: issuePath,
      body: { version: issue.version, status: 'resolved', resolution: '已完成增容' },
    }),
    200,
  );
  check('issue resolved', issue.status === 'resolved');
  const timeline = expectData(
    'GET /leads/{id}/timeline',
    await promoter.GET('/api/v1/leads/{id}/timeline', { params: { path: { id: lead.id }, query: { limit: 50 } } }),
    200,
  );
  check('timeline', timeline.items.length >= 5);

  // a key project: signing needs a passed assessment
  let key = expectData('POST /leads (key project)', await newLead(`契约重点项目${stamp}`, 'city'), 201);
  const keyId = { path: { id: key.id } };
  key = expectData(
    'POST /leads/{id}/transitions (→ negotiating, key)',
    await promoter.POST('/api/v1/leads/{id}/transitions', { params: keyId, body: { to: 'negotiating', version: key.version } }),
    200,
  );
  expectData(
    'PUT /leads/{id}/commissioner (key)',
    await leader.PUT('/api/v1/leads/{id}/commissioner', {
      params: keyId,
      body: { commissionerId: commissionerMe.id, version: key.version },
    }),
    200,
  );
  key = expectData('GET /leads/{id} (key)', await promoter.GET('/api/v1/leads/{id}', { params: keyId }), 200);
  const noAssessment = await promoter.POST('/api/v1/leads/{id}/transitions', {
    params: keyId,
    body: { to: 'signed', version: key.version, ...signing },
  });
  check(
    'assessment gate',
    missingOf(expectError('POST /leads/{id}/transitions (→ signed, assessment gate)', noAssessment, 422)).includes('assessment') &&
      noAssessment.error?.code === 'STAGE_GATE_UNMET',
  );
  const assessment = expectData(
    'POST /leads/{id}/assessment',
    await promoter.POST('/api/v1/leads/{id}/assessment', {
      params: keyId,
      body: {
        scores: { industryFit: 28, investmentIntensity: 20, taxPerMu: 15, technology: 12, energyEnvironment: 8 },
        vetoes: [],
        note: '符合产业方向',
      },
    }),
    201,
  );
  check('assessment', assessment.passed && assessment.total === 83);
  const assessments = expectData(
    'GET /leads/{id}/assessments',
    await promoter.GET('/api/v1/leads/{id}/assessments', { params: keyId }),
    200,
  );
  check(
    'assessments',
    assessments.items.some((a) => a.id === assessment.id),
  );
  key = expectData(
    'POST /leads/{id}/transitions (→ signed, key)',
    await promoter.POST('/api/v1/leads/{id}/transitions', { params: keyId, body: { to: 'signed', version: key.version, ...signing } }),
    200,
  );

  // on hold, resumed, a move back by a leader, lost, reopened by an admin
  let other = expectData('POST /leads (to lose)', await newLead(`契约搁置项目${stamp}`), 201);
  const otherId = { path: { id: other.id } };
  other = expectData(
    'POST /leads/{id}/transitions (→ on_hold)',
    await promoter.POST('/api/v1/leads/{id}/transitions', {
      params: otherId,
      body: { to: 'on_hold', version: other.version, note: '企业融资未到位' },
    }),
    200,
  );
  check('on hold', other.status === 'on_hold' && other.statusNote === '企业融资未到位');
  other = expectData(
    'POST /leads/{id}/transitions (→ active)',
    await promoter.POST('/api/v1/leads/{id}/transitions', { params: otherId, body: { to: 'active', version: other.version } }),
    200,
  );
  other = expectData(
    'POST /leads/{id}/transitions (→ negotiating, other)',
    await promoter.POST('/api/v1/leads/{id}/transitions', { params: otherId, body: { to: 'negotiating', version: other.version } }),
    200,
  );
  other = expectData(
    'POST /leads/{id}/transitions (→ lead, back)',
    await leader.POST('/api/v1/leads/{id}/transitions', {
      params: otherId,
      body: { to: 'lead', version: other.version, note: '决策层变动，重新接洽' },
    }),
    200,
  );
  other = expectData(
    'POST /leads/{id}/transitions (→ lost)',
    await promoter.POST('/api/v1/leads/{id}/transitions', {
      params: otherId,
      body: { to: 'lost', version: other.version, note: '落户外地', lostReason: 'chose_other_location', lostTo: '济南高新区' },
    }),
    200,
  );
  check('lost', other.status === 'lost' && other.lostReason === 'chose_other_location');
  other = expectData(
    'POST /leads/{id}/transitions (→ active, reopen)',
    await admin.POST('/api/v1/leads/{id}/transitions', {
      params: otherId,
      body: { to: 'active', version: other.version, note: '企业重新考虑' },
    }),
    200,
  );
  check('reopened', other.status === 'active' && other.lostReason === null);

  // deleted and restored
  const deleted = await admin.DELETE('/api/v1/leads/{id}', { params: { path: { id: other.id }, query: { version: other.version } } });
  expectStatus('DELETE /leads/{id}', deleted.response, 204);
  const bin = expectData('GET /leads/deleted', await admin.GET('/api/v1/leads/deleted'), 200);
  const inBin = bin.items.find((item) => item.id === other.id);
  if (inBin === undefined) throw new Error('GET /leads/deleted: the deleted lead is not listed');
  expectData(
    'POST /leads/{id}/restore',
    await admin.POST('/api/v1/leads/{id}/restore', { params: otherId, body: { version: inBin.version } }),
    200,
  );

  // the commissioner's notifications (an assignment is one)
  const notifications = expectData(
    'GET /notifications',
    await commissioner.GET('/api/v1/notifications', { params: { query: { limit: 20 } } }),
    200,
  );
  const first = notifications.items[0];
  if (first === undefined) throw new Error('GET /notifications: the assignment did not notify the commissioner');
  const read = expectData(
    'POST /notifications/{id}/read',
    await commissioner.POST('/api/v1/notifications/{id}/read', { params: { path: { id: first.id } } }),
    200,
  );
  check('read', read.readAt !== null);
  const allRead = expectData('POST /notifications/read-all', await commissioner.POST('/api/v1/notifications/read-all', { body: {} }), 200);
  check('read-all', allRead.marked >= 0);

  // the cockpit
  const filter = { query: { from: '2020-01-01', to: today } };
  const pipeline = expectData('GET /dashboard/pipeline', await leader.GET('/api/v1/dashboard/pipeline', { params: filter }), 200);
  check('dashboard/pipeline', pipeline.stages.length > 0);
  const breakdown = expectData(
    'GET /dashboard/breakdown',
    await leader.GET('/api/v1/dashboard/breakdown', { params: { query: { by: 'industry' } } }),
    200,
  );
  check('dashboard/breakdown', breakdown.by === 'industry' && breakdown.items.length > 0);
  expectData('GET /dashboard/commissioners', await leader.GET('/api/v1/dashboard/commissioners', { params: filter }), 200);
  expectData(
    'GET /dashboard/targets',
    await leader.GET('/api/v1/dashboard/targets', { params: { query: { year: Number(today.slice(0, 4)) } } }),
    200,
  );
  expectData('GET /dashboard/warnings', await leader.GET('/api/v1/dashboard/warnings', { params: filter }), 200);
  const forecast = expectData(
    'GET /dashboard/forecast',
    await leader.GET('/api/v1/dashboard/forecast', { params: { query: { year: Number(today.slice(0, 4)) } } }),
    200,
  );
  check('dashboard/forecast', forecast.metrics.length === 4 && forecast.metrics.every((m) => m.months.length === 12));
  const plan = expectData('GET /dashboard/forecast/plan', await leader.GET('/api/v1/dashboard/forecast/plan'), 200);
  check(
    'dashboard/forecast/plan',
    plan.metrics.every((m) => m.years.length === plan.to - plan.from + 1),
  );
  const backtest = expectData(
    'GET /dashboard/forecast/backtest',
    await leader.GET('/api/v1/dashboard/forecast/backtest', { params: { query: { asOf: `${Number(today.slice(0, 4)) - 1}-06-30` } } }),
    200,
  );
  check(
    'dashboard/forecast/backtest',
    backtest.metrics.every((m) => m.months.length === 12),
  );
  expectData('POST /admin/scans/run', await admin.POST('/api/v1/admin/scans/run'), 200);

  // spreadsheets: export both formats, the template imported back (a dry run, then for real), saved mappings
  const csv = await promoter.GET('/api/v1/leads/export', {
    params: { query: { format: 'csv', q: `契约射频项目${stamp}` } },
    parseAs: 'text',
  });
  expectStatus('GET /leads/export (csv)', csv.response, 200);
  check('csv', typeof csv.data === 'string' && csv.data.includes(`契约射频项目${stamp}`));
  const xlsx = await promoter.GET('/api/v1/leads/export', { params: { query: { format: 'xlsx' } }, parseAs: 'blob' });
  expectStatus('GET /leads/export (xlsx)', xlsx.response, 200);
  const template = await promoter.GET('/api/v1/leads/import/template', { parseAs: 'blob' });
  expectStatus('GET /leads/import/template', template.response, 200);
  const file = template.data;
  if (!(file instanceof Blob)) throw new Error('GET /leads/import/template: no file');
  const upload = (dryRun: boolean) =>
    promoter.POST('/api/v1/leads/import', {
      body: { file, dryRun },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, '导入模板.xlsx');
        if (body.dryRun !== undefined) form.append('dryRun', String(body.dryRun));
        return form;
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
  // 200 with the report, or 202 when the file is large enough to be queued: a small one is answered in the request
  const dryRun = expectData('POST /leads/import (dry run)', await upload(true), 200);
  check('dry run', 'created' in dryRun && dryRun.created === 0 && dryRun.importId === undefined);
  const imported = expectData('POST /leads/import', await upload(false), 200);
  const importId = imported.importId;
  if (importId === undefined) throw new Error('POST /leads/import: no importId');
  const rejected = await promoter.GET('/api/v1/leads/import/{importId}/rejected.xlsx', { params: { path: { importId } }, parseAs: 'blob' });
  expectStatus('GET /leads/import/{importId}/rejected.xlsx', rejected.response, 200);
  const progress = expectData('GET /imports/{id}', await promoter.GET('/api/v1/imports/{id}', { params: { path: { id: importId } } }), 200);
  check('import progress', progress.status === 'done');
  const mapping = expectData(
    'POST /leads/import/mappings',
    await promoter.POST('/api/v1/leads/import/mappings', {
      body: { name: `区台账${stamp}`, scope: 'user', mapping: { 计划投资: 'plannedInvestment', 联系电话: 'ignore' } },
    }),
    201,
  );
  const mappings = expectData('GET /leads/import/mappings', await promoter.GET('/api/v1/leads/import/mappings'), 200);
  check(
    'mappings',
    mappings.some((m) => m.id === mapping.id),
  );
  const removed = await promoter.DELETE('/api/v1/leads/import/mappings/{id}', { params: { path: { id: mapping.id } } });
  expectStatus('DELETE /leads/import/mappings/{id}', removed.response, 204);

  // carriers (载体资源): a leader registers a factory and a park outline; everyone reads the list, the plan and the ledger
  const carrierMeta = expectData('GET /meta/carriers', await promoter.GET('/api/v1/meta/carriers'), 200);
  const factoryKind = carrierMeta.kinds.find((k) => k.key === 'factory');
  if (factoryKind === undefined) throw new Error('GET /meta/carriers: no factory kind');
  const zoneTree = expectData('GET /zones (carriers)', await promoter.GET('/api/v1/zones'), 200);
  const parkOf = (nodes: typeof zoneTree): string | undefined =>
    nodes.map((node) => (node.kind === 'park' ? node.code : parkOf(node.children))).find((code) => code !== undefined);
  const parkCode = parkOf(zoneTree);
  if (parkCode === undefined) throw new Error('GET /zones: no park');
  const outline = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [117.9, 36.6],
        [117.902, 36.6],
        [117.902, 36.602],
        [117.9, 36.602],
        [117.9, 36.6],
      ],
    ],
  };
  let carrier = expectData(
    'POST /carriers',
    await leader.POST('/api/v1/carriers', {
      body: {
        code: `FLOW-${stamp}`,
        name: `契约标准厂房${stamp}`,
        kind: 'factory',
        parkCode,
        floorArea: 3000,
        floorLoad: 5,
        clearHeight: 9,
        outline,
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  check('carrier', carrier.status === factoryKind.free && carrier.idleDays === 0);
  carrier = expectData(
    'PATCH /carriers/{id}',
    await leader.PATCH('/api/v1/carriers/{id}', {
      params: { path: { id: carrier.id } },
      body: { version: carrier.version, status: 'leased' },
    }),
    200,
  );
  check('carrier leased', carrier.status === 'leased' && carrier.history.some((e) => e.kind === 'status_changed'));
  const carriers = expectData(
    'GET /carriers',
    await promoter.GET('/api/v1/carriers', { params: { query: { park: parkCode, kind: ['factory'], floorLoadMin: 5, limit: 10 } } }),
    200,
  );
  check(
    'carriers',
    carriers.items.some((c) => c.id === carrier.id),
  );
  expectData('GET /carriers/{id}', await commissioner.GET('/api/v1/carriers/{id}', { params: { path: { id: carrier.id } } }), 200);
  const parkOutline = await leader.PUT('/api/v1/carriers/park-outlines', { body: { parkCode, outline } });
  expectStatus('PUT /carriers/park-outlines', parkOutline.response, 204);
  const carrierPlan = expectData(
    'GET /carriers/plan',
    await promoter.GET('/api/v1/carriers/plan', { params: { query: { park: parkCode } } }),
    200,
  );
  check(
    'plan',
    carrierPlan.features.some((f) => f.properties.layer === 'park') && carrierPlan.features.some((f) => f.properties.id === carrier.id),
  );
  const ledger = await promoter.GET('/api/v1/carriers/export', { params: { query: { park: parkCode } }, parseAs: 'blob' });
  expectStatus('GET /carriers/export', ledger.response, 200);
  const ledgerFile = ledger.data;
  if (!(ledgerFile instanceof Blob)) throw new Error('GET /carriers/export: no file');
  const carrierImport = expectData(
    'POST /carriers/import (dry run)',
    await leader.POST('/api/v1/carriers/import', {
      body: { file: ledgerFile, dryRun: true },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, '载体资源.xlsx');
        if (body.dryRun !== undefined) form.append('dryRun', String(body.dryRun));
        return form;
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    200,
  );
  check(
    'carrier import',
    carrierImport.created === 0 && carrierImport.rows.some((r) => r.carrierId === carrier.id && r.status === 'duplicate'),
  );
  const vacancy = expectData(
    'GET /dashboard/carriers',
    await leader.GET('/api/v1/dashboard/carriers', { params: { query: { kind: 'factory' } } }),
    200,
  );
  check(
    'dashboard/carriers',
    vacancy.byKind.some((k) => k.kind === 'factory' && k.total > 0),
  );

  // 产业链 (#21): a leader adds a node and a local enterprise, a promoter a target and turns it into a lead; the gap view shows both
  const chainList = expectData('GET /chains', await promoter.GET('/api/v1/chains'), 200);
  check('chains', chainList.items.length > 0);
  // a branch with no chain yet: the flow's node starts a chain of its own and leaves the reference chains as they are
  const flowIndustry = industries
    .flatMap((i) => i.children.map((c) => c.code))
    .find((code) => !chainList.items.some((c) => c.industryCode === code));
  if (flowIndustry === undefined) throw new Error('GET /industries: every branch has a chain');
  const chainNode = expectData(
    'POST /chains/nodes',
    await leader.POST('/api/v1/chains/nodes', {
      body: { industryCode: flowIndustry, segment: 'midstream', name: `契约环节${stamp}` },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  const chainCode = { path: { industryCode: flowIndustry } };
  const chainTeam = expectData(
    'PATCH /chains/{industryCode}',
    await admin.PATCH('/api/v1/chains/{industryCode}', { params: chainCode, body: { teamId: null } }),
    200,
  );
  check('chain team', chainTeam.team === null && chainTeam.industryCode === flowIndustry && chainTeam.nodeCount >= 1);
  const chainNodeId = { path: { id: chainNode.id } };
  const renamedNode = expectData(
    'PATCH /chains/nodes/{id}',
    await leader.PATCH('/api/v1/chains/nodes/{id}', { params: chainNodeId, body: { description: '契约说明', sortOrder: 9 } }),
    200,
  );
  check('chain node', renamedNode.segmentLabel === '中游' && renamedNode.sortOrder === 9);
  const localFirm = expectData(
    'POST /chains/enterprises',
    await leader.POST('/api/v1/chains/enterprises', { body: { name: `契约本地企业${stamp}`, nodeIds: [chainNode.id], output: 1000 } }),
    201,
  );
  const firmEdited = expectData(
    'PATCH /chains/enterprises/{id}',
    await leader.PATCH('/api/v1/chains/enterprises/{id}', { params: { path: { id: localFirm.id } }, body: { chainLeader: true } }),
    200,
  );
  check('chain enterprise', firmEdited.chainLeader && firmEdited.nodeIds.includes(chainNode.id));
  const chainTarget = expectData(
    'POST /chains/targets',
    await promoter.POST('/api/v1/chains/targets', { body: { nodeId: chainNode.id, name: `契约目标企业${stamp}`, city: '苏州' } }),
    201,
  );
  const chainTargetId = { path: { id: chainTarget.id } };
  const targetEdited = expectData(
    'PATCH /chains/targets/{id}',
    await promoter.PATCH('/api/v1/chains/targets/{id}', { params: chainTargetId, body: { reason: '补链', tipSource: '契约' } }),
    200,
  );
  check('chain target', targetEdited.status === 'open' && targetEdited.reason === '补链');
  const chainLead = expectData(
    'POST /chains/targets/{id}/lead',
    await promoter.POST('/api/v1/chains/targets/{id}/lead', { params: chainTargetId, headers: { 'Idempotency-Key': crypto.randomUUID() } }),
    201,
  );
  check('chain lead', chainLead.source === 'industry_chain' && chainLead.chainNodeId === chainNode.id);
  const gapView = expectData('GET /chains/{industryCode}', await promoter.GET('/api/v1/chains/{industryCode}', { params: chainCode }), 200);
  check(
    'chain gap view',
    gapView.nodes.some((n) => n.id === chainNode.id && n.mark === 'weak' && n.targets.some((x) => x.leadId === chainLead.id)),
  );
  // 安商 and 增资: a commissioner logs a visit of the local firm, which then lists it; a promoter creates its capital increase
  const firmId = { path: { id: localFirm.id } };
  const visit = expectData(
    'POST /chains/enterprises/{id}/visits',
    await commissioner.POST('/api/v1/chains/enterprises/{id}/visits', {
      params: firmId,
      body: { kind: 'onsite', visitedOn: '2026-01-05', summary: '契约走访', nextStep: '回访' },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  const visits = expectData(
    'GET /chains/enterprises/{id}/visits',
    await promoter.GET('/api/v1/chains/enterprises/{id}/visits', { params: { ...firmId, query: { limit: 5 } } }),
    200,
  );
  check('chain visits', visit.kindLabel === '上门走访' && visits.items[0]?.id === visit.id);
  const expansion = expectData(
    'POST /chains/enterprises/{id}/expansion',
    await promoter.POST('/api/v1/chains/enterprises/{id}/expansion', {
      params: firmId,
      body: { increase: 1200 },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  check(
    'chain expansion',
    expansion.investmentKind === 'increase' && expansion.enterpriseId === localFirm.id && expansion.plannedInvestment === 1200,
  );
  // the chain as a workbook, read back in a dry run: nothing to create or change
  const chainBook = await promoter.GET('/api/v1/chains/{industryCode}/export', { params: chainCode, parseAs: 'blob' });
  expectStatus('GET /chains/{industryCode}/export', chainBook.response, 200);
  const chainFile = chainBook.data;
  if (!(chainFile instanceof Blob)) throw new Error('GET /chains/{industryCode}/export: no file');
  const chainImport = expectData(
    'POST /chains/{industryCode}/import (dry run)',
    await leader.POST('/api/v1/chains/{industryCode}/import', {
      params: chainCode,
      body: { file: chainFile, dryRun: true },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, '产业链.xlsx');
        if (body.dryRun !== undefined) form.append('dryRun', String(body.dryRun));
        return form;
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    200,
  );
  check(
    'chain import',
    chainImport.dryRun &&
      [chainImport.nodes, chainImport.enterprises, chainImport.targets].every((c) => c.created === 0 && c.updated === 0) &&
      chainImport.nodes.unchanged >= 1 &&
      chainImport.targets.unchanged >= 1,
  );

  // matching (#19): a lead's requirements, the carriers that fit it and the leads a carrier fits; a reservation, refused twice, released
  const seeker = expectData('POST /leads (carrier seeker)', await newLead(`契约载体需求项目${stamp}`), 201);
  const seekerId = { path: { id: seeker.id } };
  const noNeeds = expectData(
    'GET /leads/{id}/requirements',
    await promoter.GET('/api/v1/leads/{id}/requirements', { params: seekerId }),
    200,
  );
  check('requirements', noNeeds.version === 0 && noNeeds.floorAreaMin === null);
  const needs = expectData(
    'PUT /leads/{id}/requirements',
    await promoter.PUT('/api/v1/leads/{id}/requirements', {
      params: seekerId,
      body: { version: noNeeds.version, floorAreaMin: 2000, floorAreaMax: 4000, floorLoadMin: 5, parkCodes: [parkCode] },
    }),
    200,
  );
  check('requirements set', needs.version === 1 && needs.matchKinds.includes('factory'));
  const offered = expectData(
    'POST /carriers (free factory)',
    await leader.POST('/api/v1/carriers', {
      body: {
        code: `FLOW-M-${stamp}`,
        name: `契约空置厂房${stamp}`,
        kind: 'factory',
        parkCode,
        floorArea: 3000,
        floorLoad: 5,
        clearHeight: 9,
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
    201,
  );
  const fitting = expectData(
    'GET /leads/{id}/carrier-matches',
    await promoter.GET('/api/v1/leads/{id}/carrier-matches', { params: { path: { id: seeker.id }, query: { limit: 100 } } }),
    200,
  );
  check(
    'carrier-matches',
    fitting.items.some((m) => m.carrier.id === offered.id && m.reasons.length > 0),
  );
  const offeredId = { path: { id: offered.id } };
  const interested = expectData(
    'GET /carriers/{id}/lead-matches',
    await promoter.GET('/api/v1/carriers/{id}/lead-matches', { params: { path: { id: offered.id }, query: { limit: 100 } } }),
    200,
  );
  check(
    'lead-matches',
    interested.items.some((m) => m.lead.id === seeker.id),
  );
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const reservation = expectData(
    'POST /carriers/{id}/reservations',
    await promoter.POST('/api/v1/carriers/{id}/reservations', { params: offeredId, body: { leadId: seeker.id, until } }),
    201,
  );
  check('reserved', reservation.carrier.status === 'reserved' && reservation.endedAt === null);
  const twice = await promoter.POST('/api/v1/carriers/{id}/reservations', { params: offeredId, body: { leadId: seeker.id, until } });
  expectError('POST /carriers/{id}/reservations (taken)', twice, 409);
  check('reserved twice', twice.error?.code === 'CONFLICT');
  const released = await promoter.DELETE('/api/v1/carriers/{id}/reservations/{reservationId}', {
    params: { path: { id: offered.id, reservationId: reservation.id } },
  });
  expectStatus('DELETE /carriers/{id}/reservations/{reservationId}', released.response, 204);

  // a user changes their password (a new token), then logs out: the new token no longer works
  const leaver = await anonymous.POST('/api/v1/auth/login', { body: accounts.leaver });
  const leaverLogin = expectData('POST /auth/login (leaver)', leaver, 200);
  const leaverClient = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${leaverLogin.accessToken}` } });
  const changed = expectData(
    'POST /auth/password',
    await leaverClient.POST('/api/v1/auth/password', {
      body: { currentPassword: accounts.leaver.password, newPassword: 'Another-Flow#2026x' },
    }),
    200,
  );
  const renewed = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${changed.accessToken}` } });
  const logout = await renewed.POST('/api/v1/auth/logout');
  expectStatus('POST /auth/logout', logout.response, 204);
  expectError('GET /auth/me (after logout)', await renewed.GET('/api/v1/auth/me'), 401);
  return steps;
}
