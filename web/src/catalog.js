// Reference data read once per session: the industry catalog, zones and parks, teams.
import { reactive } from 'vue';
import { api } from './api.js';

export const catalog = reactive({ industries: [], zones: [], teams: [], industryNames: {}, zoneNames: {}, teamNames: {}, loaded: false });

let loading;
function names(nodes, into = {}) {
  for (const node of nodes) {
    into[node.code] = node.name;
    names(node.children || [], into);
  }
  return into;
}

/** el-cascader options: leaves have no children array. */
export function toOptions(nodes) {
  return nodes.map((node) => ({
    value: node.code,
    label: node.name,
    ...(node.children?.length ? { children: toOptions(node.children) } : {}),
  }));
}

export function loadCatalog() {
  loading ??= Promise.all([api.get('/industries'), api.get('/zones'), api.get('/teams')])
    .then(([industries, zones, teams]) => {
      catalog.industries = toOptions(industries);
      catalog.zones = toOptions(zones);
      catalog.teams = teams.items;
      catalog.industryNames = names(industries);
      catalog.zoneNames = names(zones);
      catalog.teamNames = Object.fromEntries(teams.items.map((t) => [t.id, t.name]));
      catalog.loaded = true;
    })
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** The path from the root to `code` in a cascader tree (el-cascader wants the whole path). */
export function pathTo(options, code) {
  for (const option of options) {
    if (option.value === code) return [option.value];
    const below = option.children ? pathTo(option.children, code) : null;
    if (below) return [option.value, ...below];
  }
  return null;
}

export function resetCatalog() {
  loading = undefined;
  catalog.loaded = false;
}

/**
 * A team's name as a column or an axis can hold it: without the focus in brackets and without the words every
 * team's name starts with (产业链招商一组（新一代信息技术）among 产业链招商二组… reads 一组); '' for no team.
 */
export function shortTeamName(teamId) {
  const name = catalog.teamNames[teamId];
  if (!name) return '';
  const bare = (n) => n.replace(/[（(].*[）)]$/, '');
  const names = catalog.teams.map((t) => bare(t.name));
  let common = names.length > 1 ? names[0] : '';
  for (const other of names) while (common && !other.startsWith(common)) common = common.slice(0, -1);
  const short = bare(name).slice(common.length);
  return short.length >= 2 ? short : bare(name);
}
