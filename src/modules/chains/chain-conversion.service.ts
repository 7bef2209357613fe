import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { CreateLeadDto } from '../leads/dto/create-lead.dto';
import { LeadDetailDto } from '../leads/dto/lead-response.dto';
import { canSeeLead } from '../leads/lead-access';
import { LeadSource } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import { ChainTarget } from './chain.entity';
import { TargetStatus } from './chain.model';
import { ChainsRepository } from './chains.repository';

/**
 * 转为线索: a target company becomes a lead through POST /leads' own path (access, placement, code, credit-code
 * guard, events, reminders), tagged with the target's node and given to the chain's team (else the caller's).
 * In the same transaction the target is locked and marked converted, and another live lead of the same
 * company (credit code, or name as lead_identity_text normalises it) refuses it with 409: nothing is written.
 */
@Injectable()
export class ChainConversionService {
  constructor(
    private readonly chains: ChainsRepository,
    private readonly leads: LeadsService,
  ) {}

  async convert(user: AuthUser, targetId: string): Promise<LeadDetailDto> {
    const target = await this.chains.findTarget(targetId);
    if (!target) throw AppError.notFound('Target', targetId);
    const node = await this.chains.findNode(target.nodeId);
    if (!node) throw AppError.notFound('Target', targetId);
    const teamId = (await this.chains.chainTeam(node.industryCode)) ?? user.teamId;
    return this.leads.create(
      user,
      {
        name: `${target.name}${node.name}项目`.slice(0, 200),
        companyName: target.name,
        ...(target.creditCode ? { creditCode: target.creditCode } : {}),
        industryCode: node.industryCode,
        source: LeadSource.IndustryChain,
        ...(target.city ? { sourceCity: target.city } : {}),
        teamId,
        remarks:
          [target.reason && `推荐理由: ${target.reason}`, target.tipSource && `线索来源: ${target.tipSource}`].filter(Boolean).join('\n') ||
          undefined,
      } as CreateLeadDto,
      (manager, leadId) => this.markConverted(user, target.id, node.id, leadId, manager),
    );
  }

  private async markConverted(user: AuthUser, targetId: string, nodeId: string, leadId: string, manager: EntityManager): Promise<void> {
    const target = await this.chains.findTarget(targetId, manager, true);
    if (!target) throw AppError.notFound('Target', targetId);
    if (target.status !== TargetStatus.Open)
      throw new AppError(ErrorCode.Conflict, '该目标企业已转为线索 (the target is a lead already)', { existingLeadId: target.leadId });
    const duplicate = await this.chains.duplicateLead({ name: target.name, creditCode: target.creditCode }, leadId, manager);
    if (duplicate) {
      const named = canSeeLead(user, duplicate) ? { existingLeadId: duplicate.id, existingLeadCode: duplicate.code } : {};
      throw new AppError(
        duplicate.field === 'creditCode' ? ErrorCode.DuplicateCreditCode : ErrorCode.Conflict,
        `${target.name} 已有在库项目${'existingLeadCode' in named ? ` ${duplicate.code}` : ''} (the company has a live lead already)`,
        { field: duplicate.field, ...named },
      );
    }
    await manager.query(`UPDATE leads SET chain_node_id = $2 WHERE id = $1`, [leadId, nodeId]);
    await manager.update(ChainTarget, { id: targetId }, { status: TargetStatus.Converted, leadId });
  }
}
