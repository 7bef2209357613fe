// 履约监管 in the console: the declarations of GET /meta/obligations (parties, clause kinds with their unit
// and check, statuses, report figures, idle-land levels), read once and shared by the lead's 履约 tab, the
// leaders' 履约监管 page, the cockpit's red clocks and the commissioner's phone view.
import { reactive } from 'vue';
import { api } from './api.js';
import { districtDay } from './format.js';

export const obligationsMeta = reactive({
  parties: [],
  kinds: [],
  statuses: [],
  agreementKinds: [],
  figures: [],
  idleLandLevels: [],
  loaded: false,
});

let loading;
export function loadObligationsMeta() {
  loading ??= api
    .get('/meta/obligations')
    .then((body) => {
      Object.assign(obligationsMeta, body, { loaded: true });
    })
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** The label of a key in one of the declared lists (`statuses`, `idleLandLevels`, …). */
export function obligationLabel(list, key) {
  return obligationsMeta[list].find((x) => x.key === key)?.label ?? key;
}

/** A clause's light: green met, yellow partly met or pending but overdue, red missed, grey pending / waived. */
export function clauseLight(clause) {
  if (clause.state === 'met') return 'green';
  if (clause.state === 'missed') return 'red';
  if (clause.state === 'partly_met' || clause.overdue) return 'yellow';
  return 'grey';
}

/** Element Plus tag types of the idle-land levels (critical and red both red; critical is dark). */
export const LEVEL_TAG = { none: 'info', yellow: 'warning', red: 'danger', critical: 'danger' };

/** The signed stages: the only ones with agreements. */
export const SIGNED_STAGES = ['signed', 'building', 'operating'];

/** This month in the district: [first day, last day] as YYYY-MM-DD. */
export function districtMonth(now = new Date()) {
  const today = districtDay(now);
  const [y, m] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return [`${y}-${mm}-01`, `${y}-${mm}-${String(last).padStart(2, '0')}`];
}

/** The reporting periods a commissioner may fill in now: this and last quarter, this and last year (none in the future). */
export function openPeriods(now = new Date()) {
  const [y, m] = districtDay(now).split('-').map(Number);
  const q = Math.floor((m - 1) / 3) + 1;
  const prev = q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  return [`${y}-Q${q}`, prev, String(y), String(y - 1)];
}

/** GET /dashboard/obligations under the dashboards' filters. */
export function loadObligationsDashboard(params) {
  return api.get('/dashboard/obligations', params);
}
