import { Role } from '../users/role.enum';
import { LeadStage, LeadStatus, STAGE_ORDER } from '../leads/lead.enums';
import { PIPELINE } from './pipeline.model';

/** Where a transition may go: a stage, or a status. */
export type TransitionTarget = LeadStage | 'on_hold' | 'active' | 'lost';
export const TRANSITION_TARGETS: TransitionTarget[] = [...STAGE_ORDER, 'on_hold', 'active', 'lost'];

export type TransitionKind = 'forward' | 'back' | 'hold' | 'resume' | 'reopen' | 'lose';

interface MoveRule {
  kind: TransitionKind;
  /** Roles allowed to make the move; the lead must also be visible to the caller. */
  roles: Role[];
  /** The status the lead must have. */
  from: LeadStatus[];
  /** Whether the note (the reason) is required. */
  noteRequired: boolean;
}

const EVERYONE = [Role.Promoter, Role.Commissioner, Role.Leader, Role.Admin];
const LEADERS = [Role.Leader, Role.Admin];

/** The pipeline as data: each kind of move, who may make it, from which status, and whether it needs a reason. */
export const MOVE_RULES: Record<TransitionKind, MoveRule> = {
  forward: { kind: 'forward', roles: EVERYONE, from: [LeadStatus.Active], noteRequired: false },
  back: { kind: 'back', roles: LEADERS, from: [LeadStatus.Active], noteRequired: true },
  hold: { kind: 'hold', roles: EVERYONE, from: [LeadStatus.Active], noteRequired: true },
  resume: { kind: 'resume', roles: EVERYONE, from: [LeadStatus.OnHold], noteRequired: false },
  reopen: { kind: 'reopen', roles: [Role.Admin], from: [LeadStatus.Lost], noteRequired: true },
  lose: { kind: 'lose', roles: EVERYONE, from: [LeadStatus.Active, LeadStatus.OnHold], noteRequired: true },
};

/** Fields that must be known to enter a stage (declared in the pipeline model); `assessment` stands for a passed 事前评估 of a key project. */
export const STAGE_GATES: Readonly<Record<LeadStage, readonly string[]>> = PIPELINE.gates;

export { GATE_INPUT_FIELDS, type GateInputField } from './pipeline.model';

export type Refusal =
  { refused: 'not_allowed'; message: string } | { refused: 'forbidden'; message: string } | { refused: 'note_required'; message: string };

export type Decision = { kind: TransitionKind; toStage: LeadStage; toStatus: LeadStatus } | Refusal;

/** What kind of move `to` is from where the lead stands, or null when no rule covers it. */
export function classifyMove(
  stage: LeadStage,
  status: LeadStatus,
  to: TransitionTarget,
): { kind: TransitionKind; toStage: LeadStage; toStatus: LeadStatus } | null {
  if (to === 'on_hold') return { kind: 'hold', toStage: stage, toStatus: LeadStatus.OnHold };
  if (to === 'lost') return { kind: 'lose', toStage: stage, toStatus: LeadStatus.Lost };
  if (to === 'active') {
    if (status === LeadStatus.Lost) return { kind: 'reopen', toStage: stage, toStatus: LeadStatus.Active };
    return { kind: 'resume', toStage: stage, toStatus: LeadStatus.Active };
  }
  if (to === PIPELINE.next(stage)) return { kind: 'forward', toStage: to, toStatus: LeadStatus.Active };
  if (to === PIPELINE.previous(stage)) return { kind: 'back', toStage: to, toStatus: LeadStatus.Active };
  return null;
}

/** Decides a move for a caller with `roles` (gates are checked separately, on the data). */
export function decideTransition(input: {
  stage: LeadStage;
  status: LeadStatus;
  to: TransitionTarget;
  roles: Role[];
  note?: string | null;
}): Decision {
  const move = classifyMove(input.stage, input.status, input.to);
  if (!move) {
    return {
      refused: 'not_allowed',
      message: `不能从「${input.stage}」直接转到「${input.to}」: stages move one at a time (forward, or back by one for leaders)`,
    };
  }
  const rule = MOVE_RULES[move.kind];
  if (!rule.from.includes(input.status)) {
    const why =
      input.status === LeadStatus.Lost
        ? 'the lead is lost (终止); only an admin can reopen it'
        : input.status === LeadStatus.OnHold
          ? 'the lead is on hold (暂缓); resume it first'
          : `the lead is ${input.status}`;
    return { refused: 'not_allowed', message: `This move is not allowed: ${why}` };
  }
  if (!rule.roles.some((role) => input.roles.includes(role))) {
    return { refused: 'forbidden', message: `Only ${rule.roles.join(', ')} may make a ${move.kind} move` };
  }
  if (rule.noteRequired && !input.note?.trim()) {
    return { refused: 'note_required', message: 'A reason (note) is required for this move' };
  }
  return move;
}

/** The gate fields missing to enter `stage`, given the lead's data merged with the transition's input. */
export function missingGateFields(
  stage: LeadStage,
  data: Record<string, unknown>,
  keyProject: boolean,
  hasPassedAssessment: boolean,
): string[] {
  const missing = STAGE_GATES[stage].filter((field) => data[field] === null || data[field] === undefined || data[field] === '');
  if (PIPELINE.needsAssessment(stage) && keyProject && !hasPassedAssessment) missing.push('assessment');
  return missing;
}
