// 产业链招商 in the console (DESIGN §10, GET /chains, GET /chains/:industryCode): who may read and convert, the
// marks' colours, the chain list read once per page, a node's name for a lead, and a refused conversion in words.
// The marks' keys and labels come from the API (mark, markLabel); only their colours are the console's.
import { api } from './api.js';
import { errorText } from './labels.js';
import { hasRole } from './session.js';

/** As src/modules/chains/chain.model.ts declares them: CHAIN_READERS and TARGET_WRITERS. */
export const CHAIN_READERS = ['promoter', 'commissioner', 'leader', 'admin'];
export const TARGET_WRITERS = ['promoter', 'leader', 'admin'];

export const canReadChains = () => hasRole(...CHAIN_READERS);
export const canConvertTargets = () => hasRole(...TARGET_WRITERS);

/** The element-plus tag type of each mark (缺链 red, 弱链 amber, 强链 green); the label always shows beside the colour. */
export const MARK_TAGS = { gap: 'danger', weak: 'warning', strong: 'success' };

/** The chain page of an industry, with a node open (its code or id) when one is given. */
export const chainLink = (industryCode, node) => ({
  name: 'chain',
  params: { industryCode },
  ...(node ? { query: { node } } : {}),
});

/** GET /chains: each chain with its team and node, gap and weak counts. */
export async function loadChains() {
  return (await api.get('/chains')).items;
}

const views = new Map();
/** GET /chains/:industryCode, shared by the callers of one page load (a lead page asks for its node's name). */
export function loadChainView(industryCode, { fresh = false } = {}) {
  if (fresh || !views.has(industryCode)) {
    const pending = api.get(`/chains/${encodeURIComponent(industryCode)}`).catch((error) => {
      views.delete(industryCode);
      throw error;
    });
    views.set(industryCode, pending);
  }
  return views.get(industryCode);
}

/**
 * A lead's chain node {id, name, segment, segmentLabel, industryCode}: the one the lead detail names when it does
 * (`lead.chainNode`), else found by `chainNodeId` in the gap view of the lead's industry (then of the other chains, for a
 * lead whose industry was changed after it was tagged); null when it has none or it cannot be read.
 */
export async function leadChainNode(lead) {
  if (!lead?.chainNodeId) return null;
  if (lead.chainNode) return lead.chainNode;
  const find = async (industryCode) => {
    const view = await loadChainView(industryCode).catch(() => null);
    const node = view?.nodes.find((n) => n.id === lead.chainNodeId);
    return (
      node && { id: node.id, name: node.name, segment: node.segment, segmentLabel: node.segmentLabel, industryCode: view.industryCode }
    );
  };
  const own = await find(lead.industryCode);
  if (own) return own;
  for (const chain of await loadChains()) {
    if (chain.industryCode === lead.industryCode) continue;
    const node = await find(chain.industryCode);
    if (node) return node;
  }
  return null;
}

/** The Chinese part of the API's message ("… 已有在库项目 ZS-2026-0001 (the company has a live lead already)"). */
const chineseMessage = (message) => {
  const text = String(message || '')
    .replace(/\s*\([^()]*\)\s*$/, '')
    .trim();
  return /[\u4e00-\u9fa5]/.test(text) ? text : '';
};

/** A refused 转为线索 as {text, leadId}: a 409 names the existing lead (linked when the caller may see it). */
export function conversionError(error) {
  if (error?.status !== 409) return { text: errorText(error), leadId: null };
  const details = error.details || {};
  return {
    text: chineseMessage(error.message) || errorText(error),
    leadId: details.existingLeadId || null,
    leadCode: details.existingLeadCode || null,
  };
}
