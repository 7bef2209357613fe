import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ConfirmationEvidence } from './confirmation-evidence.entity';
import { ConfirmationStatus, LeadConfirmation } from './lead-confirmation.entity';

/** lead_confirmations and confirmation_evidence. */
@Injectable()
export class ConfirmationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insertEvidence(
    row: Omit<ConfirmationEvidence, 'id' | 'createdAt' | 'confirmationId'>,
    manager: EntityManager,
  ): Promise<ConfirmationEvidence> {
    const repo = manager.getRepository(ConfirmationEvidence);
    const saved = await repo.save(repo.create({ ...row, confirmationId: null }));
    const { content: _content, ...rest } = saved;
    return rest as ConfirmationEvidence;
  }

  /** The lead's evidence among `ids` not yet used by a decision, locked for the decision. */
  unusedEvidence(leadId: string, ids: readonly string[], manager: EntityManager): Promise<ConfirmationEvidence[]> {
    return manager
      .getRepository(ConfirmationEvidence)
      .find({ where: { leadId, id: In([...ids]), confirmationId: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  async attachEvidence(ids: readonly string[], confirmationId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(ConfirmationEvidence).update({ id: In([...ids]) }, { confirmationId });
  }

  evidenceOfLead(leadId: string, manager?: EntityManager): Promise<ConfirmationEvidence[]> {
    return this.manager(manager)
      .getRepository(ConfirmationEvidence)
      .find({ where: { leadId }, order: { createdAt: 'ASC' } });
  }

  findEvidenceWithContent(leadId: string, evidenceId: string): Promise<ConfirmationEvidence | null> {
    return this.dataSource
      .getRepository(ConfirmationEvidence)
      .createQueryBuilder('e')
      .addSelect('e.content')
      .where('e.id = :evidenceId AND e.lead_id = :leadId', { evidenceId, leadId })
      .getOne();
  }

  standing(leadId: string, stage: string, manager: EntityManager): Promise<LeadConfirmation | null> {
    return manager.getRepository(LeadConfirmation).findOneBy({ leadId, stage, status: ConfirmationStatus.Confirmed });
  }

  async insert(
    row: Omit<LeadConfirmation, 'id' | 'createdAt' | 'voidedAt' | 'voidedBy' | 'voidReason'>,
    manager: EntityManager,
  ): Promise<LeadConfirmation> {
    const repo = manager.getRepository(LeadConfirmation);
    return repo.save(repo.create({ ...row, voidedAt: null, voidedBy: null, voidReason: null }));
  }

  ofLead(leadId: string, manager?: EntityManager): Promise<LeadConfirmation[]> {
    return this.manager(manager)
      .getRepository(LeadConfirmation)
      .find({ where: { leadId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findById(id: string, manager?: EntityManager): Promise<LeadConfirmation | null> {
    return this.manager(manager).getRepository(LeadConfirmation).findOneBy({ id });
  }

  /** Voids the lead's standing confirmations of `stages`; answers those voided. */
  async voidStanding(
    leadId: string,
    stages: readonly string[],
    by: { actorId: string | null; reason: string | null },
    manager: EntityManager,
  ): Promise<LeadConfirmation[]> {
    if (stages.length === 0) return [];
    // an UPDATE … RETURNING answers [rows, count] through TypeORM's query
    const [rows] = await manager.query<[Array<{ id: string; stage: string }>, number]>(
      `UPDATE lead_confirmations SET status = 'voided', voided_at = now(), voided_by = $3, void_reason = $4
       WHERE lead_id = $1 AND stage = ANY($2::text[]) AND status = 'confirmed' RETURNING id, stage`,
      [leadId, stages, by.actorId, by.reason],
    );
    return rows.map((row) => Object.assign(new LeadConfirmation(), row));
  }
}
