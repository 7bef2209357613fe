import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { CatalogService } from '../catalog/catalog.service';
import { leadScopeSql } from '../leads/lead-access';
import { UsersRepository } from '../users/users.repository';
import { byScore, scoreCarrier } from './carrier-match.scorer';
import { CarrierRow, CarrierMatchingRepository } from './carrier-matching.repository';
import { CarrierMatchPageDto, CarrierSummaryDto, LeadMatchPageDto } from './dto/carrier-match.dto';
import { carrierKind } from './carrier.model';
import { requiredKinds } from './lead-requirements.model';
import { LeadRequirementsService } from './lead-requirements.service';

/** How many carriers per kind (or leads) pass from the SQL hard limits to the scorer: enough to rank, bounded at any size. */
export const MATCH_CANDIDATES = 500;
const DEFAULT_MATCHES = 20;

/** Matching both ways (DESIGN §9): the SQL applies the hard limits on indexes, the scorer ranks the candidates with reasons. */
@Injectable()
export class CarrierMatchingService {
  constructor(
    private readonly repo: CarrierMatchingRepository,
    private readonly requirements: LeadRequirementsService,
    private readonly catalog: CatalogService,
    private readonly users: UsersRepository,
  ) {}

  /** The free carriers that fit a lead the caller may see, best first, and the carriers reserved for it now. */
  async carriersFor(user: AuthUser, leadId: string, limit = DEFAULT_MATCHES): Promise<CarrierMatchPageDto> {
    const { values, given } = await this.requirements.valuesFor(user, leadId);
    const parkNames = await this.catalog.zoneNames();
    const candidates = given ? await this.repo.freeCandidates(values, requiredKinds(values), MATCH_CANDIDATES) : [];
    const ranked = candidates
      .map((carrier) => ({ carrier, ...scoreCarrier(values, carrier, { requireFree: true, parkNames }) }))
      // the SQL applied the same hard limits; the scorer's verdict is kept as the one that counts
      .filter((match) => match.fits)
      .map((match) => ({ ...match, id: match.carrier.id, size: this.sizeOf(match.carrier) }))
      .sort(byScore);
    const reserved = await this.repo.reservedFor(leadId);
    const reservers = await this.users.findByIds([...new Set(reserved.map((r) => r.reservedBy))]);
    return {
      items: ranked.slice(0, limit).map(({ carrier, score, reasons }) => ({ carrier: this.summary(carrier, parkNames), score, reasons })),
      total: ranked.length,
      hasRequirements: given,
      reserved: reserved.map((r) => {
        const by = reservers.find((u) => u.id === r.reservedBy);
        return {
          reservationId: r.reservationId,
          carrier: this.summary(r, parkNames),
          until: r.reservedUntil ?? r.reservedAt,
          reservedAt: r.reservedAt,
          reservedBy: by ? { id: by.id, displayName: by.displayName } : null,
        };
      }),
    };
  }

  /** The live leads the caller may see that a carrier fits, best first. Any carrier reader may ask; the leads are scoped as everywhere. */
  async leadsFor(user: AuthUser, carrierId: string, limit = DEFAULT_MATCHES): Promise<LeadMatchPageDto> {
    const carrier = await this.repo.findCarrier(carrierId);
    if (!carrier) throw AppError.notFound('Carrier', carrierId);
    const params: unknown[] = [];
    const sql = leadScopeSql(user, params);
    const parkNames = await this.catalog.zoneNames();
    const ranked = (await this.repo.fittingLeads(carrier, { sql, params }, MATCH_CANDIDATES))
      .map((lead) => ({ lead, ...scoreCarrier(lead, carrier, { requireFree: false, parkNames }) }))
      .filter((match) => match.fits)
      .map((match) => ({ ...match, id: match.lead.leadId, size: null }))
      .sort(byScore);
    return {
      items: ranked.slice(0, limit).map(({ lead, score, reasons }) => ({
        lead: {
          id: lead.leadId,
          code: lead.code,
          title: lead.title,
          companyName: lead.companyName,
          stage: lead.stage,
          status: lead.status,
        },
        score,
        reasons,
      })),
      total: ranked.length,
    };
  }

  /** A carrier as the API shows it in matches and reservations. */
  summary(carrier: CarrierRow, parkNames: ReadonlyMap<string, string>): CarrierSummaryDto {
    return {
      id: carrier.id,
      code: carrier.code,
      name: carrier.name,
      kind: carrier.kind,
      status: carrier.status,
      parkCode: carrier.parkCode,
      parkName: parkNames.get(carrier.parkCode) ?? null,
      areaMu: carrier.areaMu,
      floorArea: carrier.floorArea,
      landUse: carrier.landUse,
      floorLoad: carrier.floorLoad,
      clearHeight: carrier.clearHeight,
      powerKva: carrier.powerKva,
      price: carrier.price,
      rent: carrier.rent,
      vacantSince: carrier.vacantSince,
      reservedLeadId: carrier.reservedLeadId,
      reservedUntil: carrier.reservedUntil,
    };
  }

  private sizeOf(carrier: CarrierRow): number | null {
    return carrier[carrierKind(carrier.kind).areaField];
  }
}
