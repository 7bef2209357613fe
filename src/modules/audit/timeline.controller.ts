import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { TIMELINE_MAX_PAGE, TimelineItemDto, TimelinePageDto, TimelineService } from './timeline.service';

export class TimelineQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: TIMELINE_MAX_PAGE,
    default: TIMELINE_MAX_PAGE,
    description: 'items per page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TIMELINE_MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

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
