import { zonedDate } from '../../src/common/time/zoned';
import { leadBody } from './factories';
import { auth, TestApp, TestUser } from './test-app';

const DAY_MS = 86_400_000;

/** A district date `offset` days from today (negative: past). */
export const districtDay = (offset = 0, timeZone = 'Asia/Shanghai') => zonedDate(new Date(Date.now() + offset * DAY_MS), timeZone);

/**
 * A lead of `owner` moved to `stage` (signed or later) with its gate data written directly, as the reminder tests do:
 * the pipeline's own tests cover the transitions; these tests need a signed project.
 */
export async function signedLead(
  t: TestApp,
  owner: TestUser,
  options: {
    stage?: 'signed' | 'building' | 'operating';
    commissionerId?: string | null;
    agreedStartDate?: string;
    landAreaMu?: number;
  } = {},
): Promise<{ id: string; code: string }> {
  const response = await t.http
    .post('/api/v1/leads')
    .set(auth(owner))
    .send(leadBody({ landAreaMu: options.landAreaMu ?? 100 }));
  if (response.status !== 201) throw new Error(`create lead failed: ${response.status} ${JSON.stringify(response.body)}`);
  const lead = response.body as { id: string; code: string };
  const stage = options.stage ?? 'signed';
  await t.dataSource.query(
    `UPDATE leads SET stage = $2, signed_at = current_date - 400, contract_investment = 20000, agreed_start_date = $3::date,
            agreed_operating_date = current_date + 300, commissioner_id = $4,
            construction_started_at = CASE WHEN $2 IN ('building', 'operating') THEN current_date - 200 END,
            operating_at = CASE WHEN $2 = 'operating' THEN current_date - 100 END
     WHERE id = $1`,
    [lead.id, stage, options.agreedStartDate ?? districtDay(30), options.commissionerId ?? null],
  );
  return lead;
}

export const agreementBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'main',
  number: `WCH-${Math.floor(Math.random() * 1e6)}`,
  signedOn: districtDay(-400),
  parties: '文昌湖区管委会；淄博晶芯微电子有限公司',
  investment: 20000,
  landAreaMu: 100,
  landUse: '工业用地',
  plannedFloorArea: 60000,
  ...overrides,
});
