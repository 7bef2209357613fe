import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { CatalogService } from '../catalog/catalog.service';
import { CARRIER_KIND_LABELS, CARRIER_STATUS_LABELS } from './carrier.model';
import { CarrierQueryBuilder } from './carrier-query.builder';
import { CarriersRepository } from './carriers.repository';
import { CarrierPlanDto, ParkOutlineDto, PlanFeatureDto } from './dto/carrier-plan.dto';

/** The district plan (DESIGN §9): parks' and carriers' stored outlines as one FeatureCollection, drawn offline by the console. */
@Injectable()
export class CarrierPlanService {
  constructor(
    private readonly carriers: CarriersRepository,
    private readonly queries: CarrierQueryBuilder,
    private readonly catalog: CatalogService,
  ) {}

  async plan(park: string | undefined): Promise<CarrierPlanDto> {
    const { where, params } = await this.queries.where({ park });
    where.push('c.outline IS NOT NULL');
    const branch = park ? new Set(await this.queries.parkBranch(park, 'park')) : null;
    const [outlines, carriers, names] = await Promise.all([
      this.carriers.parkOutlines(),
      this.carriers.listAll(where, params),
      this.catalog.zoneNames(),
    ]);
    const parks: PlanFeatureDto[] = outlines
      .filter((o) => !branch || branch.has(o.zoneCode))
      .map((o) => ({
        type: 'Feature',
        geometry: o.outline,
        properties: { layer: 'park', code: o.zoneCode, name: names.get(o.zoneCode) ?? o.zoneCode, parkCode: o.zoneCode },
      }));
    const parcels: PlanFeatureDto[] = carriers.map((c) => ({
      type: 'Feature',
      geometry: c.outline!,
      properties: {
        layer: 'carrier',
        id: c.id,
        code: c.code,
        name: c.name,
        parkCode: c.parkCode,
        kind: c.kind,
        kindLabel: CARRIER_KIND_LABELS[c.kind],
        status: c.status,
        statusLabel: CARRIER_STATUS_LABELS[c.status],
      },
    }));
    return { type: 'FeatureCollection', features: [...parks, ...parcels] };
  }

  async saveParkOutline(user: AuthUser, dto: ParkOutlineDto): Promise<void> {
    if ((await this.catalog.zoneKind(dto.parkCode)) !== 'park')
      throw AppError.validation(`${dto.parkCode} is not a park`, [
        { field: 'parkCode', errors: [`${dto.parkCode} is not a park of GET /zones`] },
      ]);
    await this.carriers.saveParkOutline(dto.parkCode, dto.outline, user.id);
  }
}
