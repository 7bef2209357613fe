// The pipeline as the API declares it (GET /meta/pipeline): each stage's gate inputs and moves. The router
// loads it once, before the first page that needs a session, so a stage added on the server appears here
// without a console edit.
import { api } from './api.js';

/** Each stage's meta by its key: { key, label, gates, inputs, assessment, enteredOn, moves }. */
export const STAGE_META = {};

let loading = null;

export function loadPipelineMeta() {
  loading ??= api.get('/meta/pipeline').then(
    (meta) => {
      // the stages' order and labels come from GET /meta (meta.js); this adds their gates, inputs and moves
      for (const s of meta.stages) STAGE_META[s.key] = s;
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
