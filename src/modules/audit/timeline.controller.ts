import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { TIMELINE_MAX_PAGE, TimelineItemDto, TimelineService } from './timeline.service';

export class TimelineQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TIMELINE_MAX_PAGE)
  limit?: number;

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
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Query() query: TimelineQuery): Promise<Page<TimelineItemDto>> {
    return this.timeline.timeline(user, id, query.limit, query.cursor);
  }
}
