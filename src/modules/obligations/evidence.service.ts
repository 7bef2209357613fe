import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { EvidenceResponseDto } from './dto/obligation-response.dto';
import { EvidenceFile, evidenceFile, storedEvidenceColumns } from '../../common/evidence/evidence-file';
import { EvidenceUpload } from '../../common/evidence/evidence-upload';
import { ObligationsRepository } from './obligations.repository';

/** 佐证材料 of a clause: files kept in PostgreSQL with the clause, streamed back to those who may see the lead. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly events: LeadsRepository,
    private readonly repo: ObligationsRepository,
  ) {}

  async upload(
    user: AuthUser,
    leadId: string,
    agreementId: string,
    clauseId: string,
    upload: EvidenceUpload,
  ): Promise<EvidenceResponseDto> {
    const saved = await this.unitOfWork.run(async (manager) => {
      await this.leads.findVisible(user, leadId, manager);
      const clause = await this.repo.findClause(leadId, agreementId, clauseId, manager);
      if (!clause) throw AppError.notFound('Clause', clauseId);
      const evidence = await this.repo.insertEvidence({ clauseId, leadId, ...storedEvidenceColumns(upload, user.id) }, manager);
      await this.events.appendEvent(
        {
          leadId,
          kind: 'evidence_added',
          actorId: user.id,
          data: {
            agreementId,
            clauseId,
            clauseTitle: clause.title,
            evidenceId: evidence.id,
            fileName: evidence.fileName,
            sizeBytes: evidence.sizeBytes,
          },
        },
        manager,
      );
      return evidence;
    });
    return EvidenceResponseDto.from(saved);
  }

  /** Deletes a file: who may upload may delete; the timeline keeps who, when and the file's name, in the same transaction. */
  async remove(user: AuthUser, leadId: string, agreementId: string, clauseId: string, evidenceId: string): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      await this.leads.findVisible(user, leadId, manager);
      const clause = await this.repo.findClause(leadId, agreementId, clauseId, manager);
      const removed = clause ? await this.repo.deleteEvidence(leadId, clauseId, evidenceId, manager) : null;
      if (!clause || !removed) throw AppError.notFound('Evidence', evidenceId);
      await this.events.appendEvent(
        {
          leadId,
          kind: 'evidence_removed',
          actorId: user.id,
          data: {
            agreementId,
            clauseId,
            clauseTitle: clause.title,
            evidenceId,
            fileName: removed.fileName,
            sizeBytes: removed.sizeBytes,
            uploadedBy: removed.uploadedBy,
          },
        },
        manager,
      );
    });
  }

  async download(user: AuthUser, leadId: string, agreementId: string, clauseId: string, evidenceId: string): Promise<EvidenceFile> {
    await this.leads.findVisible(user, leadId);
    const clause = await this.repo.findClause(leadId, agreementId, clauseId);
    const evidence = clause ? await this.repo.findEvidenceWithContent(leadId, clauseId, evidenceId) : null;
    if (!evidence) throw AppError.notFound('Evidence', evidenceId);
    return evidenceFile(evidence);
  }
}
