import { ApiProperty } from '@nestjs/swagger';
import { LeadStatus } from '../../leads/lead.enums';
import { Role } from '../../users/role.enum';
import type { MoveMeta, PipelineMeta, StageMeta } from '../pipeline.meta';
import type { TransitionKind } from '../lead-stage.machine';
import type { GateInputType } from '../pipeline-model.builder';

const TRANSITION_KINDS: readonly TransitionKind[] = ['forward', 'back', 'hold', 'resume', 'reopen', 'lose'];
const GATE_INPUT_TYPES: readonly GateInputType[] = ['date', 'money'];

export class MoveMetaDto implements MoveMeta {
  @ApiProperty({ enum: TRANSITION_KINDS, enumName: 'TransitionKind' }) kind: TransitionKind;
  @ApiProperty({ description: 'a stage, or for status moves the target (on_hold, active, lost): the transition’s `to`' }) to: string;
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, description: 'the roles that may make it' }) roles: Role[];
  @ApiProperty({ enum: LeadStatus, enumName: 'LeadStatus', isArray: true, description: 'the statuses it starts from' }) from: LeadStatus[];
  @ApiProperty() noteRequired: boolean;
}

export class GateMetaDto {
  @ApiProperty() field: string;
  @ApiProperty() label: string;
}

export class GateInputMetaDto extends GateMetaDto {
  @ApiProperty({ enum: GATE_INPUT_TYPES }) type: GateInputType;
}

export class StageMetaDto implements StageMeta {
  @ApiProperty({ description: 'the stage (LeadStage)' }) key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: [GateMetaDto], description: 'everything that must be known to enter the stage' }) gates: GateMetaDto[];
  @ApiProperty({ type: [GateInputMetaDto], description: 'the gate fields the transition’s body carries' }) inputs: GateInputMetaDto[];
  @ApiProperty({ description: 'a key project needs a passed 事前评估 to enter it' }) assessment: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'the date field that marks entering the stage' }) enteredOn: string | null;
  @ApiProperty({ type: [MoveMetaDto], description: 'one forward, one back' }) moves: MoveMetaDto[];
}

/** GET /meta/pipeline. */
export class PipelineMetaDto implements PipelineMeta {
  @ApiProperty({ type: [StageMetaDto], description: 'in order' }) stages: StageMetaDto[];
  @ApiProperty({ type: [MoveMetaDto], description: 'moves that change the status and keep the stage' }) statusMoves: MoveMetaDto[];
}
