import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { Page } from '../../common/pagination/cursor';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { ChainsService } from '../chains/chains.service';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { AssessmentScores, evaluateAssessment, suggestScores } from './assessment.calculator';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentResponseDto } from './dto/assessment-response.dto';
import { CreateAssessmentDto } from './dto/create-assessment.dto';

/** 事前评估: assessors score a lead; the latest assessment is what the lead shows and the signing gate reads. */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
    private readonly leadEvents: LeadsRepository,
    private readonly assessments: AssessmentsRepository,
    private readonly chains: ChainsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(user: AuthUser, leadId: string, dto: CreateAssessmentDto): Promise<AssessmentResponseDto> {
    const assessment = await this.dataSource.transaction(async (manager) => {
      // The lock orders this insert against a concurrent signing transition that reads the latest assessment.
      const lead = await this.leads.findVisible(user, leadId, manager, true);
      const scores: AssessmentScores = {
        industryFit: dto.scores.industryFit,
        investmentIntensity: dto.scores.investmentIntensity,
        taxPerMu: dto.scores.taxPerMu,
        technology: dto.scores.technology,
        energyEnvironment: dto.scores.energyEnvironment,
      };
      const outcome = evaluateAssessment(scores, dto.vetoes);
      // the node as the project finds it: the lead does not fill its own node
      const chainNode = lead.chainNodeId ? await this.chains.nodeMark(lead.chainNodeId, { exceptLeadId: lead.id, manager }) : null;
      const saved = await this.assessments.insert(
        {
          leadId: lead.id,
          assessorId: user.id,
          scores,
          vetoes: dto.vetoes,
          ...outcome,
          note: dto.note ?? null,
          suggested: suggestScores(lead, this.config.assessMinInvestPerMu, chainNode),
        },
        manager,
      );
      await this.leadEvents.appendEvent(
        { leadId: lead.id, kind: 'assessment', actorId: user.id, data: { assessmentId: saved.id, ...outcome } },
        manager,
      );
      return saved;
    });
    return AssessmentResponseDto.from(assessment);
  }

  async list(user: AuthUser, leadId: string): Promise<Page<AssessmentResponseDto>> {
    await this.leads.findVisible(user, leadId);
    return { items: (await this.assessments.listForLead(leadId)).map((a) => AssessmentResponseDto.from(a)), nextCursor: null };
  }

  /** The lead's latest assessment, or null; no access check — the caller has resolved the lead already. */
  async latestForLead(leadId: string, manager?: EntityManager): Promise<AssessmentResponseDto | null> {
    const latest = await this.assessments.findLatestForLead(leadId, manager);
    return latest ? AssessmentResponseDto.from(latest) : null;
  }
}
