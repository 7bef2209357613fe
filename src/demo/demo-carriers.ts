import { INestApplicationContext } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { UnitOfWork } from '../common/queue/unit-of-work';
import { zonedDate } from '../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../config/app.config';
import { CarriersRepository } from '../modules/carriers/carriers.repository';
import { CarriersService, CarrierValues } from '../modules/carriers/carriers.service';
import { CarrierKind } from '../modules/carriers/carrier.model';
import { CarrierOutline } from '../modules/carriers/geojson.validator';

/** A rectangle [west, south] of `width` × `height` degrees, as a closed GeoJSON ring. */
function rectangle(west: number, south: number, width: number, height: number): CarrierOutline {
  const [east, north] = [Number((west + width).toFixed(5)), Number((south + height).toFixed(5))];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/**
 * The plan's parks around 文昌湖 (~117.90E 36.60N): 北区 parks north of the lake, 南区 parks south of it.
 * The corners are plausible, not surveyed: for drawing the plan offline.
 */
const PARKS: ReadonlyArray<{ code: string; at: [number, number, number, number] }> = [
  { code: 'A1-C3-P1', at: [117.875, 36.635, 0.024, 0.014] },
  { code: 'A1-P1', at: [117.845, 36.652, 0.02, 0.012] },
  { code: 'A1-P2', at: [117.905, 36.652, 0.016, 0.01] },
  { code: 'A1-P3', at: [117.926, 36.64, 0.012, 0.008] },
  { code: 'A3-C2-P1', at: [117.878, 36.552, 0.024, 0.014] },
  { code: 'A3-C2-P2', at: [117.906, 36.552, 0.02, 0.014] },
  { code: 'A3-C2-P3', at: [117.93, 36.566, 0.008, 0.006] },
  { code: 'A3-P1', at: [117.896, 36.572, 0.016, 0.01] },
  { code: 'A3-P2', at: [117.918, 36.575, 0.01, 0.008] },
];

interface DemoCarrier extends Omit<CarrierValues, 'vacantSince'> {
  code: string;
  name: string;
  kind: CarrierKind;
  parkCode: string;
  /** Days vacant (free carriers); the demo shows a few long-idle ones. */
  vacantDays?: number;
  /** The carrier's corner and size in degrees inside its park. */
  at?: [number, number, number, number];
}

/**
 * 载体 in the parks, fitted to live demo leads so matching has something to find (a 130 亩 parcel for the
 * 航空航天表面处理 project in 装备制造组团, 150 亩 and a heavy factory for the 精密减速器 project in 鲁中, a
 * 总部 floor for 智能制造区域总部 …), some long vacant (two years), some leased, sold or transferred.
 */
export const DEMO_CARRIERS: readonly DemoCarrier[] = [
  // 地块
  {
    code: 'WCH-A1C3P1-D01',
    name: '转型升级产业园 D01 地块',
    kind: 'land',
    parkCode: 'A1-C3-P1',
    areaMu: 130,
    landUse: 'industrial',
    plotRatio: 1.2,
    buildingDensity: 45,
    heightLimit: 24,
    powerKva: 4000,
    water: true,
    gas: true,
    sewage: true,
    price: 3900,
    vacantDays: 420,
    at: [117.877, 36.637, 0.009, 0.005],
  },
  {
    code: 'WCH-A1C3P1-D02',
    name: '转型升级产业园 D02 地块',
    kind: 'land',
    parkCode: 'A1-C3-P1',
    areaMu: 50,
    landUse: 'industrial',
    plotRatio: 1.2,
    buildingDensity: 40,
    heightLimit: 24,
    powerKva: 2000,
    water: true,
    gas: true,
    sewage: true,
    price: 1500,
    vacantDays: 60,
    at: [117.888, 36.637, 0.005, 0.004],
  },
  {
    code: 'WCH-A1C3P1-D03',
    name: '转型升级产业园 D03 地块',
    kind: 'land',
    parkCode: 'A1-C3-P1',
    areaMu: 120,
    landUse: 'industrial',
    plotRatio: 1.5,
    powerKva: 5000,
    water: true,
    gas: true,
    sewage: true,
    status: 'transferred',
    at: [117.877, 36.643, 0.009, 0.005],
  },
  {
    code: 'WCH-A3C2P2-D01',
    name: '鲁中智能制造产业园 D01 地块',
    kind: 'land',
    parkCode: 'A3-C2-P2',
    areaMu: 150,
    landUse: 'industrial',
    plotRatio: 1.2,
    buildingDensity: 45,
    heightLimit: 30,
    powerKva: 6300,
    water: true,
    gas: true,
    sewage: true,
    price: 4500,
    vacantDays: 200,
    at: [117.908, 36.554, 0.009, 0.006],
  },
  {
    code: 'WCH-A3C2P1-D01',
    name: '松柳智能制造产业园 D01 地块',
    kind: 'land',
    parkCode: 'A3-C2-P1',
    areaMu: 100,
    landUse: 'industrial',
    plotRatio: 1.2,
    buildingDensity: 45,
    heightLimit: 24,
    powerKva: 4000,
    water: true,
    gas: false,
    sewage: true,
    price: 3000,
    vacantDays: 30,
    at: [117.88, 36.554, 0.008, 0.005],
  },
  {
    code: 'WCH-A3P1-D01',
    name: '新一代信息技术产业园 D01 地块',
    kind: 'land',
    parkCode: 'A3-P1',
    areaMu: 50,
    landUse: 'rd',
    plotRatio: 2.0,
    buildingDensity: 35,
    heightLimit: 50,
    powerKva: 3150,
    water: true,
    gas: true,
    sewage: true,
    price: 2000,
    vacantDays: 150,
    at: [117.898, 36.574, 0.005, 0.004],
  },
  {
    code: 'WCH-A1P2-D01',
    name: '云仓储产业园 D01 地块',
    kind: 'land',
    parkCode: 'A1-P2',
    areaMu: 70,
    landUse: 'logistics',
    plotRatio: 1.0,
    buildingDensity: 50,
    heightLimit: 24,
    powerKva: 1600,
    water: true,
    gas: false,
    sewage: true,
    price: 1800,
    vacantDays: 800,
    at: [117.907, 36.654, 0.006, 0.005],
  },
  {
    code: 'WCH-A1P1-D01',
    name: '萌水智能装备产业园 D01 地块',
    kind: 'land',
    parkCode: 'A1-P1',
    areaMu: 80,
    landUse: 'industrial',
    plotRatio: 1.2,
    powerKva: 3150,
    water: true,
    gas: true,
    sewage: true,
    status: 'transferred',
    at: [117.847, 36.654, 0.007, 0.005],
  },
  // 标准厂房
  {
    code: 'WCH-A3C2P1-F01',
    name: '松柳智能制造产业园 1号标准厂房',
    kind: 'factory',
    parkCode: 'A3-C2-P1',
    building: '1号楼',
    floor: '1–2层',
    floorArea: 6000,
    floorLoad: 8,
    clearHeight: 10,
    craneTons: 10,
    powerKva: 1250,
    wastewaterAllowed: true,
    exhaustAllowed: false,
    rent: 15,
    vacantDays: 500,
    at: [117.89, 36.556, 0.002, 0.0015],
  },
  {
    code: 'WCH-A3C2P1-F02',
    name: '松柳智能制造产业园 2号标准厂房',
    kind: 'factory',
    parkCode: 'A3-C2-P1',
    building: '2号楼',
    floor: '1层',
    floorArea: 4500,
    floorLoad: 5,
    clearHeight: 8,
    powerKva: 800,
    wastewaterAllowed: false,
    exhaustAllowed: false,
    rent: 14,
    status: 'leased',
    at: [117.893, 36.556, 0.002, 0.0015],
  },
  {
    code: 'WCH-A3C2P2-F01',
    name: '鲁中智能制造产业园 3号重型厂房',
    kind: 'factory',
    parkCode: 'A3-C2-P2',
    building: '3号楼',
    floor: '1层',
    floorArea: 8000,
    floorLoad: 10,
    clearHeight: 12,
    craneTons: 20,
    powerKva: 2000,
    wastewaterAllowed: true,
    exhaustAllowed: true,
    rent: 16,
    vacantDays: 90,
    at: [117.919, 36.556, 0.0025, 0.002],
  },
  {
    code: 'WCH-A1C3P1-F01',
    name: '转型升级产业园 A栋标准厂房',
    kind: 'factory',
    parkCode: 'A1-C3-P1',
    building: 'A栋',
    floor: '1层',
    floorArea: 3000,
    floorLoad: 5,
    clearHeight: 7.5,
    powerKva: 630,
    wastewaterAllowed: false,
    exhaustAllowed: false,
    rent: 12,
    vacantDays: 400,
    at: [117.892, 36.642, 0.0015, 0.001],
  },
  {
    code: 'WCH-A1C3P1-F02',
    name: '转型升级产业园 B栋标准厂房',
    kind: 'factory',
    parkCode: 'A1-C3-P1',
    building: 'B栋',
    floor: '1层',
    floorArea: 3000,
    floorLoad: 5,
    clearHeight: 7.5,
    powerKva: 630,
    rent: 12,
    status: 'leased',
    at: [117.894, 36.642, 0.0015, 0.001],
  },
  {
    code: 'WCH-A1P1-F01',
    name: '萌水智能装备产业园 1号厂房',
    kind: 'factory',
    parkCode: 'A1-P1',
    building: '1号楼',
    floorArea: 5000,
    floorLoad: 8,
    clearHeight: 9,
    powerKva: 1000,
    price: 1200,
    status: 'sold',
    at: [117.856, 36.655, 0.002, 0.0015],
  },
  // 楼宇
  {
    code: 'WCH-A3C2P3-B01',
    name: '总部商务楼宇 A座 12层',
    kind: 'building',
    parkCode: 'A3-C2-P3',
    building: 'A座',
    floor: '12层',
    floorArea: 1200,
    floorLoad: 2,
    clearHeight: 3.2,
    powerKva: 200,
    rent: 35,
    vacantDays: 40,
    at: [117.931, 36.567, 0.001, 0.0008],
  },
  {
    code: 'WCH-A3C2P3-B02',
    name: '总部商务楼宇 A座 8层',
    kind: 'building',
    parkCode: 'A3-C2-P3',
    building: 'A座',
    floor: '8层',
    floorArea: 1200,
    floorLoad: 2,
    clearHeight: 3.2,
    powerKva: 200,
    rent: 35,
    status: 'leased',
  },
  {
    code: 'WCH-A3P2-B01',
    name: '文昌湖科创中心 3层孵化空间',
    kind: 'building',
    parkCode: 'A3-P2',
    building: '科创中心',
    floor: '3层',
    floorArea: 600,
    floorLoad: 2.5,
    clearHeight: 3.5,
    powerKva: 100,
    rent: 20,
    vacantDays: 250,
    at: [117.92, 36.577, 0.0015, 0.001],
  },
];

/** Loads the demo's park outlines and carriers, registered by the demo's carrier manager. */
export async function seedDemoCarriers(app: INestApplicationContext, manager: AuthUser): Promise<number> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const carriers = app.get(CarriersService);
  const repository = app.get(CarriersRepository);
  const unitOfWork = app.get(UnitOfWork);
  const daysAgo = (days: number) => zonedDate(new Date(Date.now() - days * 86_400_000), config.timezone);
  for (const park of PARKS) await repository.saveParkOutline(park.code, rectangle(...park.at), manager.id);
  await unitOfWork.run(async (transaction) => {
    for (const { vacantDays, at, ...demo } of DEMO_CARRIERS)
      await carriers.insert(
        manager,
        { ...demo, outline: at ? rectangle(...at) : null, ...(vacantDays !== undefined ? { vacantSince: daysAgo(vacantDays) } : {}) },
        transaction,
      );
  });
  return DEMO_CARRIERS.length;
}
