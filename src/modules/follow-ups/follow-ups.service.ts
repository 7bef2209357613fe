import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Page } from '../../common/pagination/cursor';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { LeadStatus } from '../leads/lead.enums';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { nextFollowUpTime } from './cadence';
import { CreateFollowUpDto, FollowUpResponseDto } from './dto/follow-up.dto';
import { FollowUp } from './follow-up.entity';

/** Clock skew allowed between a phone and the server when checking that a follow-up is not in the future. */
const FUTURE_TOLERANCE_MS = 60_000;

@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
    private readonly leadsRepository: LeadsRepository,
    private readonly reminders: ReminderScheduler,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Logs a follow-up and, in the same transaction, sets the lead's last and next follow-up times. */
  async create(user: AuthUser, leadId: string, dto: CreateFollowUpDto): Promise<FollowUpResponseDto> {
    const occurredAt = new Date(dto.occurredAt);
    const now = Date.now();
    if (occurredAt.getTime() > now + FUTURE_TOLERANCE_MS) {
      throw AppError.validation('occurredAt may not be in the future', [{ field: 'occurredAt', errors: ['跟进时间不能晚于当前时间'] }]);
    }
    const given = dto.nextFollowUpAt ? new Date(dto.nextFollowUpAt) : null;
    if (given && given.getTime() <= now) {
      throw AppError.validation('nextFollowUpAt must be in the future', [
        { field: 'nextFollowUpAt', errors: ['下次跟进时间必须晚于当前时间'] },
      ]);
    }
    const saved = await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager, true);
      if (lead.status === LeadStatus.Lost) {
        throw new AppError(ErrorCode.UnprocessableEntity, 'The lead is lost (终止); reopen it before logging follow-ups', {
          status: lead.status,
        });
      }
      const next = nextFollowUpTime(lead.stage, occurredAt, given);
      const followUp = manager.getRepository(FollowUp).create({
        leadId,
        authorId: user.id,
        type: dto.type,
        occurredAt,
        summary: dto.summary,
        outcome: dto.outcome ?? null,
        nextFollowUpAt: next,
      });
      await manager.getRepository(FollowUp).insert(followUp);
      const last = lead.lastFollowUpAt && lead.lastFollowUpAt > occurredAt ? lead.lastFollowUpAt : occurredAt;
      await this.leadsRepository.updateVersioned(leadId, lead.version, { lastFollowUpAt: last, nextFollowUpAt: next }, manager);
      await this.leadsRepository.appendEvent(
        {
          leadId,
          kind: 'follow_up',
          actorId: user.id,
          data: {
            followUpId: followUp.id,
            type: dto.type,
            occurredAt,
            summary: dto.summary,
            outcome: dto.outcome ?? null,
            nextFollowUpAt: next,
          },
        },
        manager,
      );
      await this.reminders.syncFollowUp(manager, { id: leadId, nextFollowUpAt: next, status: lead.status });
      return followUp;
    });
    return FollowUpResponseDto.from(saved);
  }

  async list(user: AuthUser, leadId: string): Promise<Page<FollowUpResponseDto>> {
    await this.leads.findVisible(user, leadId);
    const rows = await this.dataSource
      .getRepository(FollowUp)
      .find({ where: { leadId }, order: { occurredAt: 'DESC', id: 'DESC' }, take: 500 });
    return { items: rows.map((row) => FollowUpResponseDto.from(row)), nextCursor: null };
  }
}
