// 产业链招商 in the console (DESIGN §10, GET /chains, GET /chains/:industryCode): who may read and convert, the
// marks' colours, the chain list read once per page, a node's name for a lead, and a refused conversion in words.
// The marks' keys and labels come from the API (mark, markLabel); only their colours are the console's.
import { api } from './api.js';
import { chineseMessage, errorText } from './labels.js';
import { may } from './meta.js';

export const canReadChains = () => may('GET /chains');
export const canConvertTargets = () => may('POST /chains/targets/{id}/lead');

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

/** GET /chains/:industryCode: the gap view. */
export function loadChainView(industryCode) {
  return api.get(`/chains/${encodeURIComponent(industryCode)}`);
}

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
