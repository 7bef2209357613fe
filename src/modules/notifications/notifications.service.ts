import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page } from '../../common/pagination/cursor';
import { NotificationDto } from './dto/notification.dto';

const COLUMNS = `id, kind, lead_id AS "leadId", due_at AS "dueAt", title, body, created_at AS "createdAt", read_at AS "readAt"`;

/** The caller's own in-app notifications, newest first. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    user: AuthUser,
    options: { unread?: boolean; limit?: number; cursor?: string },
  ): Promise<Page<NotificationDto> & { unreadCount: number }> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [user.id];
    const where = ['user_id = $1'];
    if (options.unread) where.push('read_at IS NULL');
    if (options.cursor) {
      params.push(...decodeCursor(options.cursor, ['timestamptz', 'uuid']));
      where.push(`(created_at, id) < ($2::timestamptz, $3::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<Array<NotificationDto & { cursorAt: string }>>(
      `SELECT ${COLUMNS}, created_at::text AS "cursorAt" FROM notifications WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const [{ count }] = await this.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [user.id],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorAt: _cursorAt, ...item }) => item),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
      unreadCount: count,
    };
  }

  async markRead(user: AuthUser, id: string): Promise<NotificationDto> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected]
    const [rows] = await this.dataSource.query<[NotificationDto[], number]>(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, user.id],
    );
    if (rows.length === 0) throw AppError.notFound('Notification', id);
    return rows[0];
  }
}
