import { LeadStatus } from '../leads/lead.enums';
import { Role } from '../users/role.enum';
import { MOVE_RULES, TransitionKind } from './lead-stage.machine';
import { GateInputType, Pipeline } from './pipeline-model.builder';
import { PIPELINE } from './pipeline.model';

export interface MoveMeta {
  kind: TransitionKind;
  /** A stage, or for status moves the transition's target (on_hold, active, lost). */
  to: string;
  roles: Role[];
  from: LeadStatus[];
  noteRequired: boolean;
}

export interface StageMeta {
  key: string;
  label: string;
  /** Everything that must be known to enter the stage (a key project's 事前评估 besides, for 签约). */
  gates: Array<{ field: string; label: string }>;
  /** The gate fields the transition's body carries, as the console asks for them. */
  inputs: Array<{ field: string; label: string; type: GateInputType }>;
  /** Whether a key project needs a passed 事前评估 to enter the stage. */
  assessment: boolean;
  /** The date that marks entering the stage, when it has one. */
  enteredOn: string | null;
  /** The stage moves out of this stage: one forward, one back. */
  moves: MoveMeta[];
}

export interface PipelineMeta {
  stages: StageMeta[];
  /** Moves that change the status and keep the stage, from any stage. */
  statusMoves: MoveMeta[];
}

const move = (kind: TransitionKind, to: string): MoveMeta => ({
  kind,
  to,
  roles: MOVE_RULES[kind].roles,
  from: MOVE_RULES[kind].from,
  noteRequired: MOVE_RULES[kind].noteRequired,
});

/** The pipeline as the console needs it (GET /api/v1/meta/pipeline), derived from the model. */
export function pipelineMeta(pipeline: Pipeline = PIPELINE): PipelineMeta {
  return {
    stages: pipeline.stages.map((stage) => {
      const next = pipeline.next(stage.key);
      const previous = pipeline.previous(stage.key);
      return {
        key: stage.key,
        label: stage.label,
        gates: stage.gates.map(({ field, label }) => ({ field, label })),
        inputs: stage.gates.flatMap(({ field, label, input }) => (input ? [{ field, label, type: input }] : [])),
        assessment: stage.assessment === true,
        enteredOn: stage.enteredOn ?? null,
        moves: [...(next ? [move('forward', next)] : []), ...(previous ? [move('back', previous)] : [])],
      };
    }),
    statusMoves: [move('hold', 'on_hold'), move('resume', 'active'), move('reopen', 'active'), move('lose', 'lost')],
  };
}
