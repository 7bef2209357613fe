// The carriers' declarations (GET /meta/carriers: kinds, statuses, land uses, attributes with labels and units), read once.
import { reactive } from 'vue';
import { api } from './api.js';

export const carrierMeta = reactive({ kinds: [], statuses: [], landUses: [], attributes: [], filters: [], loaded: false });

let loading;
export function loadCarrierMeta() {
  loading ??= api
    .get('/meta/carriers')
    .then((meta) => Object.assign(carrierMeta, meta, { loaded: true }))
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** `130 亩`, `6,000 m²`: the carrier's size in its kind's unit. */
export function areaText(carrier) {
  const kind = carrierMeta.kinds.find((k) => k.key === carrier.kind);
  const attribute = kind && carrierMeta.attributes.find((a) => a.key === kind.areaField);
  const value = attribute ? carrier[attribute.key] : null;
  return value === null || value === undefined ? '—' : `${Number(value).toLocaleString('zh-CN')} ${attribute.unit}`;
}

/** The tag colour of a status: free green, reserved orange, taken grey. */
export function statusTag(status) {
  if (status === 'available' || status === 'vacant') return 'success';
  if (status === 'reserved') return 'warning';
  return 'info';
}
