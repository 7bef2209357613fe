// The server's declared models (GET /meta): the lead's fields with their labels, units, choices and what
// the signed-in user may edit, and the pipeline's stages. Read once per session, before any signed-in
// page renders (router.js), and poured into the reactive tables of labels.js.
import { reactive } from 'vue';
import { api } from './api.js';
import { formatDate, formatDateTime, money } from './format.js';
import { applyMeta } from './labels.js';

export const meta = reactive({ fields: [], enums: {}, queryParams: {}, leadSortKeys: [], operations: new Set(), loaded: false });

let loading;
export function loadMeta() {
  loading ??= api
    .get('/meta')
    .then((body) => {
      applyMeta(body);
      meta.fields = body.lead.fields;
      meta.queryParams = body.queryParams || {};
      meta.enums = body.enums || {};
      meta.leadSortKeys = body.leadSortKeys || [];
      meta.operations = new Set(body.operations || []);
      meta.loaded = true;
    })
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** Forget the caller's editability when the session ends (another user may sign in). */
export function forgetMeta() {
  loading = undefined;
  meta.loaded = false;
  meta.operations = new Set();
}

/**
 * Whether the caller's roles may call an API operation ('POST /leads', 'GET /chains/{industryCode}', as GET /meta
 * names them from the routes' own guards): the console offers a page, menu or button only for what would not be
 * refused with 403, and keeps no copy of which role may do what.
 */
export function may(operation) {
  return meta.operations.has(operation);
}

/** The lead's fields a page has no hand-made place for, from /meta: a new field shows without a console edit. */
export function otherFields(handled, keep = () => true) {
  return meta.fields.filter((f) => !handled.has(f.key) && keep(f));
}

/** A field's value as the detail page shows it, by its type and unit. */
export function fieldText(field, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (field.enum) return field.enum.find((c) => c.value === value)?.label ?? value;
  if (field.type === 'money') return money(value);
  if (field.type === 'date') return formatDate(value);
  if (field.type === 'instant') return formatDateTime(value);
  return field.unit ? `${value} ${field.unit}` : String(value);
}
