import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { allReads } from '../../database/all-reads';
import { AgreementClause } from './agreement-clause.entity';
import { Agreement } from './agreement.entity';
import { ClauseEvidence } from './clause-evidence.entity';
import { ReportedActual } from './reported-actual.entity';

export type AgreementFields = Omit<Agreement, 'id' | 'createdAt' | 'updatedAt'>;
export type ClauseFields = Omit<AgreementClause, 'id' | 'createdAt' | 'updatedAt'>;
export type ActualFields = Omit<ReportedActual, 'id' | 'createdAt' | 'updatedAt'>;
export type EvidenceMeta = Omit<ClauseEvidence, 'content'>;

/** Data access for agreements, their clauses and evidence, and reported actuals; every method can join a caller's transaction. */
@Injectable()
export class ObligationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo<T extends object>(entity: new () => T, manager?: EntityManager): Repository<T> {
    return (manager ?? this.dataSource.manager).getRepository(entity);
  }

  insertAgreement(fields: AgreementFields, manager: EntityManager): Promise<Agreement> {
    return this.repo(Agreement, manager).save(this.repo(Agreement, manager).create(fields));
  }

  /** The agreement if it belongs to the lead; `forUpdate` locks its row. */
  findAgreement(leadId: string, agreementId: string, manager?: EntityManager, forUpdate = false): Promise<Agreement | null> {
    return this.repo(Agreement, manager).findOne({
      where: { id: agreementId, leadId },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  async hasMainAgreement(leadId: string, manager: EntityManager): Promise<boolean> {
    return (await this.repo(Agreement, manager).count({ where: { leadId, kind: 'main' } })) > 0;
  }

  /** Writes the changes and bumps the version, only if the version is still `expectedVersion`. */
  async updateAgreementVersioned(
    id: string,
    expectedVersion: number,
    changes: Partial<AgreementFields>,
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(Agreement, manager).update(
      { id, version: expectedVersion },
      { ...changes, version: () => 'version + 1' },
    );
    return result.affected === 1;
  }

  insertClause(fields: ClauseFields, manager: EntityManager): Promise<AgreementClause> {
    return this.repo(AgreementClause, manager).save(this.repo(AgreementClause, manager).create(fields));
  }

  /** The clause if it belongs to the agreement of the lead; `forUpdate` locks its row. */
  findClause(
    leadId: string,
    agreementId: string,
    clauseId: string,
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<AgreementClause | null> {
    return this.repo(AgreementClause, manager).findOne({
      where: { id: clauseId, agreementId, leadId },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  async updateClauseVersioned(
    id: string,
    expectedVersion: number,
    changes: Partial<ClauseFields>,
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(AgreementClause, manager).update(
      { id, version: expectedVersion },
      { ...changes, version: () => 'version + 1' },
    );
    return result.affected === 1;
  }

  async insertEvidence(fields: Omit<ClauseEvidence, 'id' | 'createdAt'>, manager: EntityManager): Promise<EvidenceMeta> {
    const saved = await this.repo(ClauseEvidence, manager).save(this.repo(ClauseEvidence, manager).create(fields));
    const { content: _content, ...meta } = saved;
    return meta;
  }

  /** An evidence file with its bytes, if it belongs to the clause of the lead. */
  findEvidenceWithContent(leadId: string, clauseId: string, evidenceId: string): Promise<ClauseEvidence | null> {
    return this.repo(ClauseEvidence)
      .createQueryBuilder('e')
      .addSelect('e.content')
      .where('e.id = :evidenceId AND e.clause_id = :clauseId AND e.lead_id = :leadId', { evidenceId, clauseId, leadId })
      .getOne();
  }

  /** Deletes an evidence file (its bytes go with the row) if it belongs to the clause of the lead; answers what was deleted. */
  async deleteEvidence(leadId: string, clauseId: string, evidenceId: string, manager: EntityManager): Promise<EvidenceMeta | null> {
    const found = await this.repo(ClauseEvidence, manager).findOne({
      where: { id: evidenceId, clauseId, leadId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!found) return null;
    await this.repo(ClauseEvidence, manager).delete({ id: found.id });
    return found;
  }

  findActual(leadId: string, period: string, manager?: EntityManager, forUpdate = false): Promise<ReportedActual | null> {
    return this.repo(ReportedActual, manager).findOne({
      where: { leadId, period },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** The reported periods among these (lead, period) pairs, by `leadId period`. */
  async findActualsFor(pairs: ReadonlyArray<{ leadId: string; period: string }>): Promise<Map<string, ReportedActual>> {
    if (pairs.length === 0) return new Map();
    const rows = await this.repo(ReportedActual).findBy({
      leadId: In([...new Set(pairs.map((p) => p.leadId))]),
      period: In([...new Set(pairs.map((p) => p.period))]),
    });
    return new Map(rows.map((row) => [`${row.leadId} ${row.period}`, row]));
  }

  insertActual(fields: ActualFields, manager: EntityManager): Promise<ReportedActual> {
    return this.repo(ReportedActual, manager).save(this.repo(ReportedActual, manager).create(fields));
  }

  async updateActualVersioned(
    id: string,
    expectedVersion: number,
    changes: Partial<ActualFields>,
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(ReportedActual, manager).update(
      { id, version: expectedVersion },
      { ...changes, version: () => 'version + 1' },
    );
    return result.affected === 1;
  }

  /** Everything the obligations of these leads are computed from, in four queries however many leads. */
  async loadForLeads(
    leadIds: readonly string[],
    manager?: EntityManager,
  ): Promise<{ agreements: Agreement[]; clauses: AgreementClause[]; evidence: EvidenceMeta[]; actuals: ReportedActual[] }> {
    if (leadIds.length === 0) return { agreements: [], clauses: [], evidence: [], actuals: [] };
    const ids = [...leadIds];
    const ofLeads =
      <T extends object>(entity: new () => T, [first, then]: [string, string]) =>
      () =>
        this.repo(entity, manager)
          .createQueryBuilder('x')
          .where('x.lead_id = ANY(:ids)', { ids })
          .orderBy(`x.${first}`)
          .addOrderBy(`x.${then}`)
          .getMany();
    const [agreements, clauses, evidence, actuals] = await allReads(manager, [
      ofLeads(Agreement, ['created_at', 'id']),
      ofLeads(AgreementClause, ['created_at', 'id']),
      ofLeads(ClauseEvidence, ['created_at', 'id']),
      ofLeads(ReportedActual, ['period_start', 'period']),
    ]);
    return { agreements, clauses, evidence, actuals };
  }
}
