// The pipeline as the API declares it (GET /meta/pipeline): the stages in order with their labels,
// gate inputs and moves. The router loads it once, before the first page that needs a session, so a
// stage added on the server appears here without a console edit.
import { api } from './api.js';
import { STAGE_LABELS, STAGES } from './labels.js';

/** Each stage's meta by its key: { key, label, gates, inputs, assessment, enteredOn, moves }. */
export const STAGE_META = {};

let loading = null;

export function loadPipelineMeta() {
  loading ??= api.get('/meta/pipeline').then(
    (meta) => {
      STAGES.splice(0, STAGES.length, ...meta.stages.map((s) => ({ value: s.key, label: s.label })));
      for (const s of meta.stages) {
        STAGE_LABELS[s.key] = s.label;
        STAGE_META[s.key] = s;
      }
    },
    (error) => {
      loading = null; // try again on the next navigation
      throw error;
    },
  );
  return loading;
}

/** The stage a move of `kind` ('forward' or 'back') leads to from `stage`, or null. */
export function moveTarget(stage, kind) {
  return STAGE_META[stage]?.moves.find((m) => m.kind === kind)?.to ?? null;
}
