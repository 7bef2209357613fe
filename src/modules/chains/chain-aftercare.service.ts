import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/cursor';
import { PageQuery } from '../../common/pagination/page.query';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CreateLeadDto } from '../leads/dto/create-lead.dto';
import { LeadDetailDto } from '../leads/dto/lead-response.dto';
import { InvestmentKind, LeadSource } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import { ChainEnterpriseVisit } from './chain.entity';
import { VISIT_KIND_LABELS } from './chain.model';
import { ChainsRepository, VisitRow } from './chains.repository';
import { ChainVisitDto, ChainVisitPageDto, CreateChainVisitDto, CreateExpansionDto } from './dto/chain-aftercare.dto';

const visitDto = (v: VisitRow): ChainVisitDto => ({
  id: v.id,
  enterpriseId: v.enterpriseId,
  kind: v.kind,
  kindLabel: VISIT_KIND_LABELS[v.kind],
  visitedOn: v.visitedOn,
  summary: v.summary,
  nextStep: v.nextStep,
  author: v.authorName !== null ? { id: v.authorId, displayName: v.authorName } : null,
  createdAt: v.createdAt,
});

/**
 * 安商 (DESIGN §10): the visits to local enterprises, and a capital increase (增资) of one as a new lead. Local
 * enterprises are district reference data that every chain reader sees, so a missing enterprise is the only 404;
 * what a role may not do is 403 at the route.
 */
@Injectable()
export class ChainAftercareService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: ChainsRepository,
    private readonly leads: LeadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Logs a visit (not dated after today, district time); the enterprise's lastVisitedOn follows from it. */
  async logVisit(user: AuthUser, enterpriseId: string, dto: CreateChainVisitDto): Promise<ChainVisitDto> {
    if (dto.visitedOn > zonedDate(new Date(), this.config.timezone))
      throw AppError.validation('visitedOn may not be in the future', [{ field: 'visitedOn', errors: ['走访日期不能晚于今天'] }]);
    const id = await this.dataSource.transaction(async (manager) => {
      if (!(await this.chains.findEnterprise(enterpriseId, manager))) throw AppError.notFound('Enterprise', enterpriseId);
      const saved = await manager.save(ChainEnterpriseVisit, {
        enterpriseId,
        kind: dto.kind,
        visitedOn: dto.visitedOn,
        summary: dto.summary,
        nextStep: dto.nextStep ?? null,
        authorId: user.id,
      });
      return saved.id;
    });
    return visitDto((await this.chains.findVisit(id))!);
  }

  /** The enterprise's visits, newest first, a page at a time. */
  async listVisits(enterpriseId: string, query: PageQuery): Promise<ChainVisitPageDto> {
    if (!(await this.chains.findEnterprise(enterpriseId))) throw AppError.notFound('Enterprise', enterpriseId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor, ['text', 'uuid']) : null;
    const rows = await this.chains.visits(enterpriseId, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(visitDto),
      nextCursor: rows.length > limit && last ? encodeCursor([last.visitedOn, last.id]) : null,
    };
  }

  /**
   * 增资: a new lead of the enterprise through POST /leads' own path (access, placement, code, events, reminders),
   * linked to it (enterpriseId) as investmentKind increase, its planned investment the increase alone. Its credit
   * code is the enterprise's, which the enterprise's original project may hold too: the live credit codes are unique
   * among new projects only (uq_leads_credit_code_live), an increase is named by its enterprise instead. An enterprise
   * may expand more than once; a retried request is one lead by its Idempotency-Key.
   */
  async expand(user: AuthUser, enterpriseId: string, dto: CreateExpansionDto): Promise<LeadDetailDto> {
    const enterprise = await this.chains.findEnterprise(enterpriseId);
    if (!enterprise) throw AppError.notFound('Enterprise', enterpriseId);
    const [node] = await this.chains.findNodes(await this.chains.enterpriseNodeIds(enterpriseId));
    if (!node) throw AppError.notFound('Enterprise', enterpriseId);
    const { increase, name, ...fields } = dto;
    return this.leads.create(
      user,
      {
        ...fields,
        name: name ?? `${enterprise.name}增资扩产项目`.slice(0, 200),
        companyName: enterprise.name,
        ...(enterprise.creditCode ? { creditCode: enterprise.creditCode } : {}),
        industryCode: node.industryCode,
        source: LeadSource.IndustryChain,
        plannedInvestment: increase,
      } as CreateLeadDto,
      (manager) => this.assertEnterpriseStands(enterpriseId, manager),
      { enterpriseId, investmentKind: InvestmentKind.Increase, chainNodeId: node.id },
    );
  }

  /** The enterprise is still there when its increase is written (its row locked until the lead commits). */
  private async assertEnterpriseStands(enterpriseId: string, manager: EntityManager): Promise<void> {
    if (!(await this.chains.findEnterprise(enterpriseId, manager, true))) throw AppError.notFound('Enterprise', enterpriseId);
  }
}
