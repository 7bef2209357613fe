import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/cursor';
import { readReminderFacts, RecordedReminder, stillApplies } from '../reminders/reminder-facts';
import { ReminderFacts } from '../reminders/reminder-kinds';
import { ReminderKind } from '../reminders/reminder.entity';
import { ListNotificationsQuery, NotificationDto, NotificationKindCountDto, NotificationPageDto } from './dto/notification.dto';

const COLUMNS = `n.id, n.kind, n.lead_id AS "leadId", n.due_at AS "dueAt", n.title, n.body, n.created_at AS "createdAt", n.read_at AS "readAt"`;
/** The reminder behind a notification, as its kind's check reads it (null for a notification without one). */
const REMINDER_COLUMNS = `r.id AS "reminderId", r.lead_id AS "reminderLeadId", r.issue_id AS "reminderIssueId", r.level AS "reminderLevel", r.data AS "reminderData"`;
/** Unread notifications whose still-applies check runs for the counts; a reader with more sees the newest counted. */
const COUNTED_UNREAD = 2000;

type Row = Omit<NotificationDto, 'resolved'> & {
  reminderId: string | null;
  reminderLeadId: string | null;
  reminderIssueId: string | null;
  reminderLevel: string | null;
  reminderData: Record<string, unknown> | null;
};

/** The caller's own in-app notifications, newest first, each marked resolved once its cause is gone. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, options: ListNotificationsQuery): Promise<NotificationPageDto> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [user.id];
    const where = ['n.user_id = $1'];
    if (options.unread) where.push('n.read_at IS NULL');
    if (options.kind) {
      params.push(options.kind);
      where.push(`n.kind = $${params.length}`);
    }
    if (options.cursor) {
      params.push(...decodeCursor(options.cursor, ['timestamptz', 'uuid']));
      where.push(`(n.created_at, n.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<Array<Row & { cursorAt: string }>>(
      `SELECT ${COLUMNS}, ${REMINDER_COLUMNS}, n.created_at::text AS "cursorAt"
       FROM notifications n LEFT JOIN reminders r ON r.id = n.reminder_id
       WHERE ${where.join(' AND ')}
       ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const resolved = await this.resolvedIds(page);
    return {
      items: page.map((row) => toDto(row, resolved)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
      ...(await this.counts(user)),
    };
  }

  async markRead(user: AuthUser, id: string): Promise<NotificationDto> {
    // the UPDATE in a CTE, so that the statement is a SELECT (answered with its rows) joined to the reminder
    const rows = await this.dataSource.query<Row[]>(
      `WITH marked AS (
         UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *
       )
       SELECT ${COLUMNS}, ${REMINDER_COLUMNS} FROM marked n LEFT JOIN reminders r ON r.id = n.reminder_id`,
      [id, user.id],
    );
    if (rows.length === 0) throw AppError.notFound('Notification', id);
    return toDto(rows[0], await this.resolvedIds(rows));
  }

  /** 全部已读: the caller's unread notifications, of one kind or all, are read now. */
  async markAllRead(user: AuthUser, kind?: ReminderKind): Promise<{ marked: number }> {
    const [, marked] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::text IS NULL OR kind = $2)`,
      [user.id, kind ?? null],
    );
    return { marked };
  }

  /** Per kind: total, unread, and unread still open (the kind's check run on the newest unread). */
  private async counts(user: AuthUser): Promise<Pick<NotificationPageDto, 'unreadCount' | 'byKind'>> {
    const totals = await this.dataSource.query<Array<{ kind: ReminderKind; total: number; unread: number }>>(
      `SELECT kind, count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM notifications WHERE user_id = $1 GROUP BY kind`,
      [user.id],
    );
    const unread = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS}, ${REMINDER_COLUMNS} FROM notifications n LEFT JOIN reminders r ON r.id = n.reminder_id
       WHERE n.user_id = $1 AND n.read_at IS NULL ORDER BY n.created_at DESC LIMIT ${COUNTED_UNREAD}`,
      [user.id],
    );
    const resolved = await this.resolvedIds(unread);
    const byKind: NotificationKindCountDto[] = Object.values(ReminderKind).flatMap((kind) => {
      const found = totals.find((t) => t.kind === kind);
      if (!found) return [];
      const resolvedUnread = unread.filter((row) => (row.kind as ReminderKind) === kind && resolved.has(row.id)).length;
      return [{ kind, total: found.total, unread: found.unread, open: Math.max(0, found.unread - resolvedUnread) }];
    });
    return { unreadCount: totals.reduce((sum, t) => sum + t.unread, 0), byKind };
  }

  /** The notifications whose reminder no longer applies (REMINDER_KINDS[kind].stillApplies, read now). */
  private async resolvedIds(rows: readonly Row[]): Promise<Set<string>> {
    const reminders: Array<RecordedReminder & { notificationId: string }> = rows.flatMap((row) =>
      row.reminderId
        ? [
            {
              notificationId: row.id,
              id: row.reminderId,
              kind: row.kind as ReminderKind,
              lead_id: row.reminderLeadId,
              issue_id: row.reminderIssueId,
              level: row.reminderLevel,
              data: row.reminderData ?? {},
            },
          ]
        : [],
    );
    if (reminders.length === 0) return new Set();
    const facts = await readReminderFacts(this.dataSource.manager, reminders);
    return new Set(reminders.filter((r) => !stillApplies(r, facts.get(r.id) as ReminderFacts)).map((r) => r.notificationId));
  }
}

function toDto(row: Row, resolved: Set<string>): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    leadId: row.leadId,
    dueAt: row.dueAt,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt,
    readAt: row.readAt,
    resolved: resolved.has(row.id),
  };
}
