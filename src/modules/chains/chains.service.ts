import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole, seesEverything } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { CatalogService } from '../catalog/catalog.service';
import { TeamsRepository } from '../teams/teams.repository';
import { Role } from '../users/role.enum';
import { ChainEnterprise, ChainNode, ChainTarget } from './chain.entity';
import {
  ChainMark,
  chainMark,
  compareNodes,
  COUNTING_STAGES,
  MARK_LABELS,
  MarkedNode,
  SEGMENT_LABELS,
  TARGET_STATUS_LABELS,
  TargetStatus,
} from './chain.model';
import { ChainRow, ChainsRepository, NodeHolders } from './chains.repository';
import { ChainEnterpriseDto, ChainGapViewDto, ChainListDto, ChainNodeDto, ChainSummaryDto, ChainTargetDto } from './dto/chain-response.dto';
import {
  CreateChainEnterpriseDto,
  CreateChainNodeDto,
  CreateChainTargetDto,
  UpdateChainDto,
  UpdateChainEnterpriseDto,
  UpdateChainNodeDto,
  UpdateChainTargetDto,
} from './dto/chain-write.dto';
import { isUniqueViolation } from '../../common/sql/pg-errors';

/** Fields a PATCH may not clear with null: 400 naming them, before anything is written. */
function assertNotCleared(dto: object, required: readonly string[]): void {
  const cleared = required.filter((key) => (dto as Record<string, unknown>)[key] === null);
  if (cleared.length)
    throw AppError.validation(
      'Required fields cannot be cleared',
      cleared.map((field) => ({ field, errors: [`${field} is required`] })),
    );
}

const nodeDto = (n: ChainNode): ChainNodeDto => ({
  id: n.id,
  code: n.code,
  industryCode: n.industryCode,
  segment: n.segment,
  segmentLabel: SEGMENT_LABELS[n.segment],
  name: n.name,
  description: n.description,
  sortOrder: n.sortOrder,
});

export const targetDto = (t: ChainTarget): ChainTargetDto => ({
  id: t.id,
  nodeId: t.nodeId,
  name: t.name,
  city: t.city,
  creditCode: t.creditCode,
  reason: t.reason,
  tipSource: t.tipSource,
  status: t.status,
  statusLabel: TARGET_STATUS_LABELS[t.status],
  leadId: t.leadId,
});

/** A node's mark from its holders (none recorded: nothing holds it). */
const markOf = (held: NodeHolders | undefined): ChainMark => chainMark((held?.enterprises ?? 0) + (held?.projects ?? 0));

export const enterpriseDto = (e: ChainEnterprise, nodeIds: string[], lastVisitedOn: string | null): ChainEnterpriseDto => ({
  id: e.id,
  name: e.name,
  creditCode: e.creditCode,
  chainLeader: e.chainLeader,
  output: e.output,
  employees: e.employees,
  nodeIds,
  lastVisitedOn,
});

/** 产业链 (DESIGN §10): the chains, their gap view, and the writes of nodes, local enterprises and targets. */
@Injectable()
export class ChainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: ChainsRepository,
    private readonly catalog: CatalogService,
    private readonly teams: TeamsRepository,
  ) {}

  /** Every chain with its node, gap and weak counts. */
  async list(): Promise<ChainListDto> {
    const [chains, nodes] = await Promise.all([this.chains.chains(), this.chains.nodes()]);
    const holders = await this.holdersById(nodes.map((n) => n.id));
    return { items: chains.map((chain) => this.summary(chain, nodes, holders)) };
  }

  /** The gap view of one chain: each node with its enterprises, the caller's visible live projects, targets and mark. */
  async gapView(user: AuthUser, industryCode: string): Promise<ChainGapViewDto> {
    const [chain] = await this.chains.chains(industryCode);
    if (!chain) throw AppError.notFound('Chain', industryCode);
    const nodes = (await this.chains.nodes(industryCode)).sort(compareNodes);
    const ids = nodes.map((n) => n.id);
    const [holders, enterprises, projects, targets] = await Promise.all([
      this.holdersById(ids),
      this.chains.enterprisesOn(ids),
      this.chains.projectsOn(user, ids),
      this.chains.targetsOn(ids),
    ]);
    return {
      ...this.summary(chain, nodes, holders),
      nodes: nodes.map((node) => {
        const held = holders.get(node.id);
        const mark = markOf(held);
        return {
          ...nodeDto(node),
          mark,
          markLabel: MARK_LABELS[mark],
          projectCount: held?.projects ?? 0,
          enterprises: enterprises.filter((e) => e.nodeIds.includes(node.id)).map((e) => enterpriseDto(e, e.nodeIds, e.lastVisitedOn)),
          projects: projects
            .filter((p) => p.nodeId === node.id)
            .map(({ nodeId: _nodeId, ...p }) => ({ ...p, counts: COUNTING_STAGES.includes(p.stage) })),
          targets: targets.filter((t) => t.nodeId === node.id).map(targetDto),
        };
      }),
    };
  }

  /**
   * One node with its mark now, by the gap view's rule, leaving `exceptLeadId` out of its projects (the lead being
   * assessed); null for a node that no longer exists. `manager` reads inside the caller's transaction.
   */
  async nodeMark(nodeId: string, options: { exceptLeadId?: string; manager?: EntityManager } = {}): Promise<MarkedNode | null> {
    const node = await this.chains.findNode(nodeId, options.manager);
    if (!node) return null;
    const [held] = await this.chains.holders([nodeId], options);
    return { id: node.id, name: node.name, mark: markOf(held) };
  }

  async setTeam(industryCode: string, dto: UpdateChainDto): Promise<ChainSummaryDto> {
    if (dto.teamId !== null && !(await this.teams.findById(dto.teamId)))
      throw AppError.validation('Unknown team', [{ field: 'teamId', errors: ['teamId must be an existing team'] }]);
    if (!(await this.chains.setChainTeam(industryCode, dto.teamId))) throw AppError.notFound('Chain', industryCode);
    return (await this.list()).items.find((c) => c.industryCode === industryCode)!;
  }

  async createNode(dto: CreateChainNodeDto): Promise<ChainNodeDto> {
    if (!(await this.catalog.industryName(dto.industryCode)))
      throw AppError.validation('Unknown industry', [
        { field: 'industryCode', errors: ['industryCode must be a code of GET /industries'] },
      ]);
    const node = await this.dataSource.transaction(async (manager) => {
      await this.chains.ensureChain(dto.industryCode, manager);
      return manager.save(ChainNode, {
        code: `${dto.industryCode}-${randomBytes(4).toString('hex')}`,
        industryCode: dto.industryCode,
        segment: dto.segment,
        name: dto.name,
        description: dto.description ?? null,
        sortOrder: dto.sortOrder ?? 0,
      });
    });
    return nodeDto(node);
  }

  async updateNode(id: string, dto: UpdateChainNodeDto): Promise<ChainNodeDto> {
    assertNotCleared(dto, ['segment', 'name', 'sortOrder']);
    const node = await this.chains.findNode(id);
    if (!node) throw AppError.notFound('Chain node', id);
    return nodeDto(await this.dataSource.getRepository(ChainNode).save({ ...node, ...dto }));
  }

  async createEnterprise(dto: CreateChainEnterpriseDto): Promise<ChainEnterpriseDto> {
    await this.assertNodes(dto.nodeIds);
    const { nodeIds, ...fields } = dto;
    const id = await this.guardCreditCode(async (manager) => {
      const saved = await manager.save(ChainEnterprise, {
        name: fields.name,
        creditCode: fields.creditCode ?? null,
        chainLeader: fields.chainLeader ?? false,
        output: fields.output ?? null,
        employees: fields.employees ?? null,
      });
      await this.chains.setEnterpriseNodes(saved.id, nodeIds, manager);
      return saved.id;
    });
    return this.enterprise(id);
  }

  async updateEnterprise(id: string, dto: UpdateChainEnterpriseDto): Promise<ChainEnterpriseDto> {
    assertNotCleared(dto, ['name', 'chainLeader', 'nodeIds']);
    if (dto.nodeIds) await this.assertNodes(dto.nodeIds);
    const { nodeIds, ...fields } = dto;
    await this.guardCreditCode(async (manager) => {
      const enterprise = await this.chains.findEnterprise(id, manager);
      if (!enterprise) throw AppError.notFound('Enterprise', id);
      await manager.save(ChainEnterprise, { ...enterprise, ...fields });
      if (nodeIds) await this.chains.setEnterpriseNodes(id, nodeIds, manager);
    });
    return this.enterprise(id);
  }

  async createTarget(user: AuthUser, dto: CreateChainTargetDto): Promise<ChainTargetDto> {
    await this.assertNodes([dto.nodeId], 'nodeId');
    const saved = await this.dataSource.getRepository(ChainTarget).save({
      nodeId: dto.nodeId,
      name: dto.name,
      city: dto.city ?? null,
      creditCode: dto.creditCode ?? null,
      reason: dto.reason ?? null,
      tipSource: dto.tipSource ?? null,
      status: TargetStatus.Open,
      createdBy: user.id,
    });
    return targetDto(saved);
  }

  /** Leaders and admins edit any open target, a promoter the ones they added; a converted target stays as it was converted (422). */
  async updateTarget(user: AuthUser, id: string, dto: UpdateChainTargetDto): Promise<ChainTargetDto> {
    assertNotCleared(dto, ['nodeId', 'name']);
    const target = await this.chains.findTarget(id);
    if (!target) throw AppError.notFound('Target', id);
    if (!seesEverything(user) && !(hasRole(user, Role.Promoter) && target.createdBy === user.id))
      throw AppError.forbidden('A promoter edits only the targets they added');
    if (target.status !== TargetStatus.Open)
      throw new AppError(ErrorCode.UnprocessableEntity, 'A converted target is not edited: its lead carries it on', {
        leadId: target.leadId,
      });
    if (dto.nodeId) await this.assertNodes([dto.nodeId], 'nodeId');
    return targetDto(await this.dataSource.getRepository(ChainTarget).save({ ...target, ...dto }));
  }

  private summary(chain: ChainRow, nodes: ChainNode[], holders: Map<string, NodeHolders>): ChainSummaryDto {
    const marks = nodes.filter((n) => n.industryCode === chain.industryCode).map((n) => markOf(holders.get(n.id)));
    return {
      industryCode: chain.industryCode,
      industryName: chain.industryName,
      team: chain.teamId && chain.teamName ? { id: chain.teamId, name: chain.teamName } : null,
      nodeCount: marks.length,
      gapCount: marks.filter((m) => m === 'gap').length,
      weakCount: marks.filter((m) => m === 'weak').length,
    };
  }

  private async holdersById(nodeIds: string[]): Promise<Map<string, NodeHolders>> {
    return new Map((await this.chains.holders(nodeIds)).map((h) => [h.nodeId, h]));
  }

  private async enterprise(id: string): Promise<ChainEnterpriseDto> {
    const enterprise = await this.chains.findEnterprise(id);
    if (!enterprise) throw AppError.notFound('Enterprise', id);
    const [nodeIds, lastVisitedOn] = await Promise.all([this.chains.enterpriseNodeIds(id), this.chains.lastVisitedOn(id)]);
    return enterpriseDto(enterprise, nodeIds, lastVisitedOn);
  }

  private async assertNodes(ids: string[], field = 'nodeIds'): Promise<void> {
    const found = await this.chains.findNodes(ids);
    if (found.length !== ids.length)
      throw AppError.validation('Unknown chain node', [{ field, errors: [`${field} must name existing chain nodes`] }]);
  }

  /** A credit code another local enterprise holds is a 409 naming it. */
  private async guardCreditCode<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_chain_enterprises_credit_code'))
        throw new AppError(ErrorCode.DuplicateCreditCode, '统一社会信用代码已登记为本地企业 (credit code already registered)', {
          field: 'creditCode',
        });
      throw error;
    }
  }
}
