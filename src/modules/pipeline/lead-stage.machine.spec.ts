import { describe, expect, it } from '@jest/globals';
import { LeadStage, LeadStatus, STAGE_ORDER } from '../leads/lead.enums';
import { Role } from '../users/role.enum';
import { decideTransition, missingGateFields, TRANSITION_TARGETS, TransitionTarget } from './lead-stage.machine';

const ROLES = [Role.Promoter, Role.Commissioner, Role.Leader, Role.Admin];
const STATUSES = [LeadStatus.Active, LeadStatus.OnHold, LeadStatus.Lost];

/** The expected answer for every (stage, status, to, role), written independently of the rule table. */
function expected(stage: LeadStage, status: LeadStatus, to: TransitionTarget, role: Role): 'ok' | 'not_allowed' | 'forbidden' {
  const i = STAGE_ORDER.indexOf(stage);
  const leaderish = role === Role.Leader || role === Role.Admin;
  if (to === 'on_hold') return status === LeadStatus.Active ? 'ok' : 'not_allowed';
  if (to === 'lost') return status === LeadStatus.Lost ? 'not_allowed' : 'ok';
  if (to === 'active') {
    if (status === LeadStatus.OnHold) return 'ok';
    if (status === LeadStatus.Lost) return role === Role.Admin ? 'ok' : 'forbidden';
    return 'not_allowed'; // resuming an active lead
  }
  const j = STAGE_ORDER.indexOf(to);
  if (j === i + 1) return status === LeadStatus.Active ? 'ok' : 'not_allowed';
  if (j === i - 1) return status !== LeadStatus.Active ? 'not_allowed' : leaderish ? 'ok' : 'forbidden';
  return 'not_allowed';
}

describe('lead stage machine', () => {
  const triples = STAGE_ORDER.flatMap((stage) =>
    STATUSES.flatMap((status) => TRANSITION_TARGETS.flatMap((to) => ROLES.map((role) => ({ stage, status, to, role })))),
  );

  it('covers every (from, to, role) triple: 5 stages × 3 statuses × 8 targets × 4 roles', () => {
    expect(triples).toHaveLength(5 * 3 * 8 * 4);
  });

  it.each(triples)('$stage/$status → $to as $role', ({ stage, status, to, role }) => {
    const decision = decideTransition({ stage, status, to, roles: [role], note: 'reason' });
    const want = expected(stage, status, to, role);
    if (want === 'ok') {
      expect(decision).not.toHaveProperty('refused');
    } else {
      expect(decision).toMatchObject({ refused: want });
    }
  });

  it('needs a note to go on hold, to go back, to be lost and to reopen, but not to go forward or resume', () => {
    expect(decideTransition({ stage: LeadStage.Lead, status: LeadStatus.Active, to: 'on_hold', roles: [Role.Promoter] })).toMatchObject({
      refused: 'note_required',
    });
    expect(
      decideTransition({ stage: LeadStage.Signed, status: LeadStatus.Active, to: LeadStage.Negotiating, roles: [Role.Leader], note: '  ' }),
    ).toMatchObject({ refused: 'note_required' });
    expect(decideTransition({ stage: LeadStage.Lead, status: LeadStatus.Active, to: 'lost', roles: [Role.Promoter] })).toMatchObject({
      refused: 'note_required',
    });
    expect(decideTransition({ stage: LeadStage.Lead, status: LeadStatus.Lost, to: 'active', roles: [Role.Admin] })).toMatchObject({
      refused: 'note_required',
    });
    expect(
      decideTransition({ stage: LeadStage.Lead, status: LeadStatus.Active, to: LeadStage.Negotiating, roles: [Role.Promoter] }),
    ).toMatchObject({ kind: 'forward' });
    expect(decideTransition({ stage: LeadStage.Lead, status: LeadStatus.OnHold, to: 'active', roles: [Role.Commissioner] })).toMatchObject({
      kind: 'resume',
    });
  });

  it('lets a user with several roles use the strongest', () => {
    expect(
      decideTransition({
        stage: LeadStage.Signed,
        status: LeadStatus.Active,
        to: LeadStage.Negotiating,
        roles: [Role.Promoter, Role.Leader],
        note: '合同作废',
      }),
    ).toMatchObject({ kind: 'back' });
  });

  describe('gates', () => {
    it('names every missing field to sign, including the assessment of a key project', () => {
      expect(missingGateFields(LeadStage.Signed, { signedAt: '2026-01-01', contractInvestment: null }, true, false)).toEqual([
        'contractInvestment',
        'agreedStartDate',
        'agreedOperatingDate',
        'commissionerId',
        'assessment',
      ]);
    });

    it('does not ask a non-key project for an assessment', () => {
      const data = {
        signedAt: '2026-01-01',
        contractInvestment: 1,
        agreedStartDate: '2026-02-01',
        agreedOperatingDate: '2027-01-01',
        commissionerId: 'x',
      };
      expect(missingGateFields(LeadStage.Signed, data, false, false)).toEqual([]);
      expect(missingGateFields(LeadStage.Signed, data, true, true)).toEqual([]);
    });

    it('asks for the start date to build, and the operating date and actual investment to operate', () => {
      expect(missingGateFields(LeadStage.Building, {}, false, false)).toEqual(['constructionStartedAt']);
      expect(missingGateFields(LeadStage.Operating, { operatingAt: '2026-05-01' }, false, false)).toEqual(['actualInvestment']);
      expect(missingGateFields(LeadStage.Negotiating, { ownerId: 'u' }, false, false)).toEqual([]);
    });
  });
});
