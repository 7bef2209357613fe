import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/cursor';
import { PageQuery } from '../../common/pagination/page.query';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { LeadStatus } from '../leads/lead.enums';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { nextFollowUpTime } from './cadence';
import { CreateFollowUpDto, FollowUpPageDto, FollowUpResponseDto } from './dto/follow-up.dto';
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

  /**
   * Logs a follow-up and, in the same transaction, sets the lead's last and next follow-up times. That is a
   * change of the lead, so its version goes up like any other: a client holding the lead's old version gets a
   * 409 on its next PATCH instead of writing over a nextFollowUpAt it has not seen.
   */
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

  /** The lead's follow-ups, latest first, a page at a time (keyset on occurredAt, id). */
  async list(user: AuthUser, leadId: string, query: PageQuery): Promise<FollowUpPageDto> {
    await this.leads.findVisible(user, leadId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [leadId];
    let after = '';
    if (query.cursor) {
      params.push(...decodeCursor(query.cursor, ['timestamptz', 'uuid']));
      after = 'AND (occurred_at, id) < ($2::timestamptz, $3::uuid)';
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<Array<FollowUp & { cursorAt: string }>>(
      `SELECT id, lead_id AS "leadId", author_id AS "authorId", type, occurred_at AS "occurredAt", summary, outcome,
              next_follow_up_at AS "nextFollowUpAt", created_at AS "createdAt", occurred_at::text AS "cursorAt"
         FROM follow_ups WHERE lead_id = $1 ${after}
         ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => FollowUpResponseDto.from(row)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
    };
  }
}
