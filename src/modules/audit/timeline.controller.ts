import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { Paged } from '../../common/pagination/page.query';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { TIMELINE_MAX_PAGE, TimelineItemDto, TimelinePageDto, TimelineService } from './timeline.service';

/** `limit` and `cursor`; a timeline page holds the most it may (200) unless `limit` asks for fewer. */
export class TimelineQuery extends Paged(class {}, { default: TIMELINE_MAX_PAGE, max: TIMELINE_MAX_PAGE }) {}

@ApiTags('timeline')
@ApiBearerAuth()
@Controller('leads/:id/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @ApiDoc('项目动态', 'Lead timeline', {
    description:
      'Every change of the lead from the audit trail, newest first: creation, edits, moves, assignments, follow-ups, assessments, issues, imports.',
  })
  @ApiOkResponse({ type: TimelinePageDto })
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Query() query: TimelineQuery): Promise<Page<TimelineItemDto>> {
    return this.timeline.timeline(user, id, query.limit, query.cursor);
  }
}
