import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Lead } from '../leads/lead.entity';
import { ChainEnterprise } from './chain.entity';
import { ChainsRepository } from './chains.repository';

/**
 * Projects that reach 运营投产 join the local enterprises (DESIGN §10), in the moving transaction: the lead's company
 * is matched to a local enterprise (credit code, else normalised name), or becomes one on the lead's chain node when
 * the lead has one; the lead is linked to it (enterpriseId) and the enterprise is put on the lead's node. A lead
 * already linked (a 增资 lead, a project moved back and forward again, a retry) creates nothing: one company, one
 * enterprise. Two projects of one company reaching 运营投产 at once are serialised by a lock on the company.
 */
@Injectable()
export class ChainMembershipService {
  constructor(private readonly chains: ChainsRepository) {}

  async joinOnOperating(manager: EntityManager, lead: Lead): Promise<void> {
    const company = { name: lead.companyName, creditCode: lead.creditCode };
    let enterpriseId = lead.enterpriseId;
    if (!enterpriseId) {
      await this.chains.lockCompany(company, manager);
      const matched = await this.chains.matchEnterprise(company, manager);
      if (matched) {
        enterpriseId = matched.id;
        if (!matched.creditCode && company.creditCode)
          await manager.update(ChainEnterprise, { id: matched.id }, { creditCode: company.creditCode });
      } else if (lead.chainNodeId) {
        enterpriseId = (await manager.save(ChainEnterprise, { name: company.name, creditCode: company.creditCode, chainLeader: false })).id;
      } else return;
      await manager.query(`UPDATE leads SET enterprise_id = $2 WHERE id = $1`, [lead.id, enterpriseId]);
    }
    if (lead.chainNodeId) await this.chains.addEnterpriseNode(enterpriseId, lead.chainNodeId, manager);
  }
}
