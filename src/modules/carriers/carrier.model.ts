import { declaredEnum } from '../../common/model/declared-enum';
import { sqlList } from '../../common/sql/sql-list';
import { Role } from '../users/role.enum';

/**
 * 载体资源 declared once (DESIGN §9): the kinds of carrier, the statuses each kind may take, the land uses,
 * and every attribute with its Chinese label, unit and the kinds it belongs to. The entity's CHECK lists,
 * the DTOs (validation and OpenAPI), the list filters, the spreadsheet columns and the console
 * (GET /meta/carriers) derive from these lists. Matching (lead requirements) reads the same attributes.
 */

/** 载体状态 with their labels; which kind may take which is said by CARRIER_KINDS. */
export const CARRIER_STATUSES = [
  { key: 'available', label: '可供应' },
  { key: 'vacant', label: '空置' },
  { key: 'reserved', label: '已预留' },
  { key: 'transferred', label: '已出让' },
  { key: 'leased', label: '已出租' },
  { key: 'sold', label: '已出售' },
] as const;
export type CarrierStatus = (typeof CARRIER_STATUSES)[number]['key'];
export const CarrierStatus = declaredEnum(CARRIER_STATUSES.map((s) => s.key));

export interface CarrierKindDeclaration {
  readonly key: string;
  readonly label: string;
  /** The statuses this kind may take; the first is the one a new carrier starts with (free to offer). */
  readonly statuses: readonly CarrierStatus[];
  /** The status in which the carrier is free to offer (counts as vacant in the figures, sets vacantSince). */
  readonly free: CarrierStatus;
  /** The attribute holding its size, and that size's unit (land in 亩, floor space in m²). */
  readonly areaField: 'areaMu' | 'floorArea';
}

/** 载体类型: land parcels (地块) in 亩, standard factories (标准厂房) and buildings (楼宇) in m². */
export const CARRIER_KINDS = [
  { key: 'land', label: '地块', statuses: ['available', 'reserved', 'transferred'], free: 'available', areaField: 'areaMu' },
  { key: 'factory', label: '标准厂房', statuses: ['vacant', 'reserved', 'leased', 'sold'], free: 'vacant', areaField: 'floorArea' },
  { key: 'building', label: '楼宇', statuses: ['vacant', 'reserved', 'leased', 'sold'], free: 'vacant', areaField: 'floorArea' },
] as const satisfies readonly CarrierKindDeclaration[];
export type CarrierKind = (typeof CARRIER_KINDS)[number]['key'];
export const CarrierKind = declaredEnum(CARRIER_KINDS.map((k) => k.key));

export function carrierKind(kind: CarrierKind): CarrierKindDeclaration {
  const found = CARRIER_KINDS.find((k) => k.key === kind);
  if (!found) throw new Error(`Unknown carrier kind "${kind}"`);
  return found;
}

/** Whether a status belongs to a kind (`leased` is not a land parcel's). */
export const statusFitsKind = (kind: CarrierKind, status: string): boolean =>
  (carrierKind(kind).statuses as readonly string[]).includes(status);

/** The status that ties a carrier to one lead; set and cleared by reservations (not by PATCH). */
export const RESERVED_STATUS: CarrierStatus = 'reserved';

/** 用地性质 of a land parcel. */
export const LAND_USES = [
  { key: 'industrial', label: '工业用地' },
  { key: 'rd', label: '科研用地' },
  { key: 'commercial', label: '商业服务业用地' },
  { key: 'logistics', label: '物流仓储用地' },
  { key: 'mixed', label: '综合用地' },
] as const;
export type LandUse = (typeof LAND_USES)[number]['key'];
export const LandUse = declaredEnum(LAND_USES.map((u) => u.key));

/** How an attribute is stored and checked. */
export type CarrierAttributeType = 'text' | 'decimal' | 'boolean' | 'date' | 'landUse';

export interface CarrierAttribute {
  /** The property (API, entity). */
  readonly key: string;
  /** The database column. */
  readonly column: string;
  readonly label: string;
  readonly unit: string | null;
  readonly type: CarrierAttributeType;
  /** The kinds it describes; a value sent for another kind is refused. */
  readonly kinds: readonly CarrierKind[];
  /** Numbers: the largest value (all are ≥ 0). Text: the longest. */
  readonly max?: number;
  /** A list filter takes it as a minimum (`floorLoadMin`) or as a range (`areaMuMin`, `areaMuMax`). */
  readonly filter?: 'min' | 'range';
}

const ALL: readonly CarrierKind[] = ['land', 'factory', 'building'];
const SPACE: readonly CarrierKind[] = ['factory', 'building'];
const LAND: readonly CarrierKind[] = ['land'];

/**
 * A carrier's descriptive attributes, in the order forms and spreadsheets show them. The identity columns
 * (code, name, kind, parkCode, status) and the outline are declared on the entity: they are not optional.
 */
export const CARRIER_ATTRIBUTES = [
  { key: 'areaMu', column: 'area_mu', label: '用地面积', unit: '亩', type: 'decimal', kinds: LAND, max: 100_000, filter: 'range' },
  { key: 'landUse', column: 'land_use', label: '用地性质', unit: null, type: 'landUse', kinds: LAND },
  { key: 'plotRatio', column: 'plot_ratio', label: '容积率', unit: null, type: 'decimal', kinds: LAND, max: 20 },
  { key: 'buildingDensity', column: 'building_density', label: '建筑密度', unit: '%', type: 'decimal', kinds: LAND, max: 100 },
  { key: 'heightLimit', column: 'height_limit', label: '建筑限高', unit: 'm', type: 'decimal', kinds: LAND, max: 1000 },
  { key: 'building', column: 'building', label: '楼栋', unit: null, type: 'text', kinds: SPACE, max: 64 },
  { key: 'floor', column: 'floor', label: '楼层/单元', unit: null, type: 'text', kinds: SPACE, max: 64 },
  {
    key: 'floorArea',
    column: 'floor_area',
    label: '建筑面积',
    unit: 'm²',
    type: 'decimal',
    kinds: SPACE,
    max: 10_000_000,
    filter: 'range',
  },
  { key: 'floorLoad', column: 'floor_load', label: '楼面荷载', unit: 'kN/m²', type: 'decimal', kinds: SPACE, max: 1000, filter: 'min' },
  { key: 'clearHeight', column: 'clear_height', label: '净高', unit: 'm', type: 'decimal', kinds: SPACE, max: 100, filter: 'min' },
  { key: 'craneTons', column: 'crane_tons', label: '行车吨位', unit: 't', type: 'decimal', kinds: SPACE, max: 1000 },
  { key: 'powerKva', column: 'power_kva', label: '供电容量', unit: 'kVA', type: 'decimal', kinds: ALL, max: 1_000_000, filter: 'min' },
  { key: 'water', column: 'water', label: '供水', unit: null, type: 'boolean', kinds: LAND },
  { key: 'gas', column: 'gas', label: '供气', unit: null, type: 'boolean', kinds: LAND },
  { key: 'sewage', column: 'sewage', label: '污水管网', unit: null, type: 'boolean', kinds: LAND },
  { key: 'wastewaterAllowed', column: 'wastewater_allowed', label: '允许排放废水', unit: null, type: 'boolean', kinds: SPACE },
  { key: 'exhaustAllowed', column: 'exhaust_allowed', label: '允许排放废气', unit: null, type: 'boolean', kinds: SPACE },
  { key: 'price', column: 'price', label: '价格', unit: '万元', type: 'decimal', kinds: ALL, max: 999_999_999 },
  { key: 'rent', column: 'rent', label: '租金', unit: '元/m²·月', type: 'decimal', kinds: SPACE, max: 100_000 },
  { key: 'vacantSince', column: 'vacant_since', label: '空置起始日期', unit: null, type: 'date', kinds: ALL },
  { key: 'note', column: 'note', label: '备注', unit: null, type: 'text', kinds: ALL, max: 2000 },
] as const satisfies readonly CarrierAttribute[];
export type CarrierAttributeKey = (typeof CARRIER_ATTRIBUTES)[number]['key'];

/** The attributes a list filter takes, with the filter's form. */
export const CARRIER_FILTERED_ATTRIBUTES = CARRIER_ATTRIBUTES.filter(
  (a): a is Extract<(typeof CARRIER_ATTRIBUTES)[number], { filter: 'min' | 'range' }> => 'filter' in a,
);

/** The identity fields' labels (the attributes carry their own). */
export const CARRIER_FIELD_LABELS = {
  code: '载体编号',
  name: '载体名称',
  kind: '载体类型',
  parkCode: '所在园区',
  status: '状态',
  outline: '轮廓',
  reservedLeadId: '预留项目',
  reservedUntil: '预留截止',
  ...Object.fromEntries(CARRIER_ATTRIBUTES.map((a) => [a.key, a.label])),
} as Record<string, string>;

/** Who may read carriers, and who may create and edit them (README, who may do what). Carriers are not team-scoped. */
export const CARRIER_READERS: readonly Role[] = [Role.Promoter, Role.Commissioner, Role.Leader, Role.Admin, Role.CarrierManager];
export const CARRIER_EDITORS: readonly Role[] = [Role.Leader, Role.Admin, Role.CarrierManager];

const labels = <K extends string>(list: ReadonlyArray<{ key: K; label: string }>) =>
  Object.fromEntries(list.map((item) => [item.key, item.label])) as Record<K, string>;

export const CARRIER_KIND_LABELS = labels(CARRIER_KINDS);
export const CARRIER_STATUS_LABELS = labels(CARRIER_STATUSES);
export const LAND_USE_LABELS = labels(LAND_USES);

export const CARRIER_KIND_SQL_LIST = sqlList(CARRIER_KINDS.map((k) => k.key));
export const CARRIER_STATUS_SQL_LIST = sqlList(CARRIER_STATUSES.map((s) => s.key));
export const LAND_USE_SQL_LIST = sqlList(LAND_USES.map((u) => u.key));

/** `(kind = 'land' AND status IN (...)) OR ...`: the CHECK that a status belongs to its kind. */
export const CARRIER_STATUS_BY_KIND_SQL = CARRIER_KINDS.map((k) => `(kind = '${k.key}' AND status IN (${sqlList(k.statuses)}))`).join(
  ' OR ',
);

/** Everything above for the console (GET /meta/carriers). */
export function carriersMeta() {
  return {
    kinds: CARRIER_KINDS.map((k) => ({ key: k.key, label: k.label, statuses: [...k.statuses], free: k.free, areaField: k.areaField })),
    statuses: CARRIER_STATUSES.map(({ key, label }) => ({ key, label })),
    landUses: LAND_USES.map(({ key, label }) => ({ key, label })),
    attributes: CARRIER_ATTRIBUTES.map((a) => ({ key: a.key, label: a.label, unit: a.unit, type: a.type, kinds: [...a.kinds] })),
  };
}

type AttributeValue<T extends CarrierAttributeType> = T extends 'decimal'
  ? number
  : T extends 'boolean'
    ? boolean
    : T extends 'landUse'
      ? LandUse
      : string;

/** The attributes' values by key (null: not known, or not the kind's), as the entity and the API hold them. */
export type CarrierAttributeValues = {
  -readonly [A in (typeof CARRIER_ATTRIBUTES)[number] as A['key']]: AttributeValue<A['type']> | null;
};
