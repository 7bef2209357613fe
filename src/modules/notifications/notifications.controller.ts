import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { ListNotificationsQuery, MarkAllReadDto, MarkAllReadResultDto, NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiDoc('我的消息', 'My notifications', { description: 'Newest first, paged by cursor; with the unread count and the counts per kind.' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    return this.notifications.list(user, query);
  }

  /** 全部已读 (of one kind, or of all). */
  @Post('read-all')
  @HttpCode(200)
  @ApiDoc('全部已读', 'Mark all read', { description: 'Marks every unread notification of the caller read, or those of one kind.' })
  @ApiOkResponse({ type: MarkAllReadResultDto })
  markAllRead(@CurrentUser() user: AuthUser, @Body() dto: MarkAllReadDto): Promise<MarkAllReadResultDto> {
    return this.notifications.markAllRead(user, dto.kind);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiDoc('标为已读', 'Mark one read')
  @ApiOkResponse({ type: NotificationDto })
  markRead(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user, id);
  }
}
