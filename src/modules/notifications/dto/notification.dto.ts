import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { ReminderKind } from '../../reminders/reminder.entity';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ReminderKind, enumName: 'ReminderKind' }) kind: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leadId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: Date | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: Date | null;
  @ApiProperty({
    description:
      '已解决: its cause is gone (the follow-up was logged, the issue resolved, the lead moved on, was deleted or lost), by the kind’s still-applies check',
  })
  resolved: boolean;
}

export class NotificationKindCountDto {
  @ApiProperty({ enum: ReminderKind, enumName: 'ReminderKind' }) kind: ReminderKind;
  @ApiProperty({ type: 'integer', description: 'the caller’s notifications of this kind' }) total: number;
  @ApiProperty({ type: 'integer', description: 'of them unread' }) unread: number;
  @ApiProperty({ type: 'integer', description: 'of them unread and not yet resolved: what still needs the reader' }) open: number;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ nullable: true, type: String, description: 'the next page’s cursor; null on the last page' }) nextCursor: string | null;
  @ApiProperty({ type: 'integer', description: 'every unread notification of the caller, whatever the filter' }) unreadCount: number;
  @ApiProperty({
    type: [NotificationKindCountDto],
    description: 'per kind, in the kinds’ declared order; kinds the caller has none of are left out',
  })
  byKind: NotificationKindCountDto[];
}

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread; false: only read' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ enum: ReminderKind, enumName: 'ReminderKind', description: 'only this kind' })
  @IsOptional()
  @IsEnum(ReminderKind)
  kind?: ReminderKind;
}

/** 全部已读, of one kind or of every kind. */
export class MarkAllReadDto {
  @ApiPropertyOptional({ enum: ReminderKind, enumName: 'ReminderKind', description: 'only this kind; every kind when left out' })
  @IsOptional()
  @IsEnum(ReminderKind)
  kind?: ReminderKind;
}

export class MarkAllReadResultDto {
  @ApiProperty({ type: 'integer', description: 'how many were unread and are now read' }) marked: number;
}
