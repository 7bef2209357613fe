// 载体资源 on the cockpit and the district plan: the declarations of GET /meta/carriers (kinds with their
// statuses and free status, statuses with labels, attributes with units), the vacancy figures of
// GET /dashboard/carriers and the plan of GET /carriers/plan, and the carriers list each figure opens.
import { api, fetchAll } from './api.js';
import { carrierMeta as carriersMeta, loadCarrierMeta } from './carriers.js';

export { areaText as carrierArea } from './carriers.js';
export { carriersMeta };

/** GET /meta/carriers, read once per session (carriers.js). */
export const loadCarriersMeta = loadCarrierMeta;

/** The label of a kind or a status, as /meta/carriers declares it. */
export const kindLabel = (key) => carriersMeta.kinds.find((k) => k.key === key)?.label ?? key;
export const statusLabel = (key) => carriersMeta.statuses.find((s) => s.key === key)?.label ?? key;

/** The status in which a kind is free to offer (counted as vacant). */
export const freeStatusOf = (kind) => carriersMeta.kinds.find((k) => k.key === kind)?.free;
/** Every kind's free status, once each (available, vacant). */
export const freeStatuses = () => [...new Set(carriersMeta.kinds.map((k) => k.free))];

/** The cockpit's filters as GET /dashboard/carriers' (a zone of the cockpit is the carriers' park subtree). */
export function carrierFilterParams(filters) {
  return { park: filters.zone || undefined };
}

/** GET /dashboard/carriers under the cockpit's filters (that apply to carriers: the zone). */
export function loadCarrierFigures(filters) {
  return api.get('/dashboard/carriers', carrierFilterParams(filters));
}

/** The vacant carriers vacant longest (oldest vacantSince first) under the cockpit's filters. */
export async function loadLongestIdle(filters, limit = 5) {
  const page = await api.get('/carriers', {
    ...carrierFilterParams(filters),
    status: freeStatuses().join(','),
    sort: 'vacantSince',
    limit,
  });
  return page.items.filter((c) => c.idleDays !== null);
}

/**
 * The carriers list a vacancy figure opens: the cockpit's filters that apply and what the figure counts, as the
 * list's query (GET /carriers takes the same park, kind and status as /dashboard/carriers groups by).
 * `figure`: {kind?: carrier kind, vacant?: true} — all carriers of the kind, or only its free ones.
 */
export function carrierFigureLink(filters, figure = {}) {
  const query = Object.fromEntries(Object.entries(carrierFilterParams(filters)).filter(([, value]) => value));
  if (figure.kind) query.kind = figure.kind;
  if (figure.vacant) query.status = figure.kind ? freeStatusOf(figure.kind) : freeStatuses().join(',');
  return { path: '/carriers', query };
}

/** A carrier's page. */
export const carrierLink = (id) => ({ path: `/carriers/${id}` });

/** The district plan (GET /carriers/plan) under a park filter, and the carriers it draws (for their areas and days vacant). */
export async function loadPlan({ park, kind } = {}) {
  const [plan, listed] = await Promise.all([
    api.get('/carriers/plan', park ? { park } : undefined),
    fetchAll('/carriers', { park: park || undefined, kind: kind || undefined }, 5000),
  ]);
  const byId = new Map(listed.items.map((c) => [c.id, c]));
  return { plan, carriers: byId, truncated: listed.truncated };
}
