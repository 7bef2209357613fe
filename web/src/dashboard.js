// Data for the leaders' cockpit. The figures come from GET /dashboard/pipeline, /breakdown and
// /commissioners; where a server does not have them yet (404), the pipeline and the breakdowns are
// summed here from the lead list instead, and the page says so.
import { api, declaredParams, fetchAll } from './api.js';
import { catalog } from './catalog.js';
import { LOST_REASON_LABELS, SOURCE_LABELS, STAGES } from './labels.js';

/** The stages in order, as GET /meta gave them (read when used: /meta loads after sign-in). */
const stageKeys = () => STAGES.map((s) => s.value);

const isMissing = (error) => error?.status === 404;

/** The dashboards' query parameters of the cockpit's filters (period, industry, zone, team). */
export function filterParams(filters) {
  return {
    from: filters.period?.[0] || undefined,
    to: filters.period?.[1] || undefined,
    industry: filters.industry || undefined,
    zone: filters.zone || undefined,
    teamId: filters.teamId || undefined,
  };
}

let leadCache = null;
/** All leads visible to the caller under the list filters (for the fallbacks), cached per filter set. */
async function leadsFor(filters) {
  const key = JSON.stringify(filters);
  if (leadCache?.key === key) return leadCache.promise;
  const { from, to, ...listFilters } = filterParams(filters);
  const promise = fetchAll('/leads', listFilters, 5000).then(({ items }) =>
    items.filter((lead) => {
      const created = lead.createdAt.slice(0, 10);
      return (!from || created >= from) && (!to || created <= to);
    }),
  );
  leadCache = { key, promise };
  promise.catch(() => (leadCache = null));
  return promise;
}

const sum = (leads, field) => leads.reduce((total, lead) => total + (Number(lead[field]) || 0), 0);
function median(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function figures(leads) {
  return {
    count: leads.length,
    plannedInvestment: sum(leads, 'plannedInvestment'),
    contractInvestment: sum(leads, 'contractInvestment'),
    expectedJobs: sum(leads, 'expectedJobs'),
  };
}

export function pipelineFromLeads(all) {
  const live = all.filter((lead) => lead.status !== 'lost');
  const now = Date.now();
  const keys = stageKeys();
  const stages = keys.map((stage, index) => {
    const here = live.filter((lead) => lead.stage === stage);
    const atOrBeyond = live.filter((lead) => keys.indexOf(lead.stage) >= index).length;
    const beyond = live.filter((lead) => keys.indexOf(lead.stage) > index).length;
    return {
      stage,
      ...figures(here),
      conversion: index < keys.length - 1 && atOrBeyond ? beyond / atOrBeyond : null,
      medianDaysInStage: median(here.map((lead) => (now - Date.parse(lead.stageEnteredAt)) / 86400000)),
    };
  });
  const lost = all.filter((lead) => lead.status === 'lost');
  const byReason = {};
  const byDestination = {};
  for (const lead of lost) {
    const reason = lead.lostReason || 'other';
    byReason[reason] = (byReason[reason] || 0) + 1;
    if (lead.lostTo) byDestination[lead.lostTo] = (byDestination[lead.lostTo] || 0) + 1;
  }
  return { stages, onHold: live.filter((lead) => lead.status === 'on_hold').length, lost: { byReason, byDestination } };
}

function topCode(tree, code) {
  for (const node of tree) {
    if (node.value === code) return node;
    const stack = [...(node.children || [])];
    while (stack.length) {
      const child = stack.pop();
      if (child.value === code) return node;
      stack.push(...(child.children || []));
    }
  }
  return null;
}

export function breakdownFromLeads(all, by) {
  const live = all.filter((lead) => lead.status !== 'lost');
  const groups = new Map();
  for (const lead of live) {
    let key;
    let name;
    if (by === 'industry') {
      const top = topCode(catalog.industries, lead.industryCode);
      key = top?.value || lead.industryCode;
      name = top?.label || lead.industryName || key;
    } else if (by === 'zone') {
      const top = lead.zoneCode ? topCode(catalog.zones, lead.zoneCode) : null;
      key = top?.value || lead.zoneCode || 'none';
      name = top?.label || (lead.zoneCode ? lead.zoneName || lead.zoneCode : '未定区域');
    } else if (by === 'team') {
      key = lead.teamId || 'none';
      name = catalog.teamNames[lead.teamId] || '未分组';
    } else {
      key = lead.source;
      name = SOURCE_LABELS[lead.source] || lead.source;
    }
    if (!groups.has(key)) groups.set(key, { key, name, leads: [] });
    groups.get(key).leads.push(lead);
  }
  return {
    items: [...groups.values()]
      .map(({ key, name, leads }) => ({
        key,
        name,
        ...figures(leads),
        stages: Object.fromEntries(stageKeys().map((stage) => [stage, leads.filter((lead) => lead.stage === stage).length])),
      }))
      .sort((a, b) => b.count - a.count),
  };
}

/** {data, derived}: derived is true when the figures were summed from the lead list. */
export async function loadPipeline(filters) {
  try {
    return {
      data: await api.get('/dashboard/pipeline', await declaredParams('/dashboard/pipeline', filterParams(filters))),
      derived: false,
    };
  } catch (error) {
    if (!isMissing(error)) throw error;
    return { data: pipelineFromLeads(await leadsFor(filters)), derived: true };
  }
}

export async function loadBreakdown(by, filters) {
  try {
    return {
      data: await api.get('/dashboard/breakdown', await declaredParams('/dashboard/breakdown', { by, ...filterParams(filters) })),
      derived: false,
    };
  } catch (error) {
    if (!isMissing(error)) throw error;
    return { data: breakdownFromLeads(await leadsFor(filters), by), derived: true };
  }
}

/** null when the server has no such endpoint yet. */
export async function loadCommissioners(filters) {
  try {
    return await api.get('/dashboard/commissioners', await declaredParams('/dashboard/commissioners', filterParams(filters)));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Progress against the year's targets (GET /dashboard/targets); null when the server has none. */
export async function loadTargets(year) {
  try {
    return await api.get('/dashboard/targets', year ? { year } : undefined);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function loadWarnings() {
  try {
    return await api.get('/dashboard/warnings');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** The five biggest active projects in each stage, for the board. */
export async function loadBoard(filters) {
  const { from: _from, to: _to, ...listFilters } = filterParams(filters);
  const pages = await Promise.all(
    stageKeys().map((stage) => api.get('/leads', { ...listFilters, stage, status: 'active', sort: '-plannedInvestment', limit: 5 })),
  );
  return Object.fromEntries(stageKeys().map((stage, i) => [stage, pages[i].items]));
}

export function lostReasonRows(lost) {
  return Object.entries(lost?.byReason || {})
    .map(([reason, count]) => ({
      reason,
      name: LOST_REASON_LABELS[reason] || reason,
      count: typeof count === 'number' ? count : (count?.count ?? 0),
    }))
    .sort((a, b) => b.count - a.count);
}

export function destinationRows(lost) {
  return Object.entries(lost?.byDestination || {})
    .map(([name, count]) => ({ name, count: typeof count === 'number' ? count : (count?.count ?? 0) }))
    .sort((a, b) => b.count - a.count);
}
