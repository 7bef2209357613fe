import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { PageQuery } from '../../common/pagination/page.query';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { CreateFollowUpDto, FollowUpPageDto, FollowUpResponseDto } from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('leads/:id/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post()
  @Idempotent()
  @ApiDoc('记录跟进', 'Log a follow-up', {
    description:
      'Records a follow-up and sets the lead’s lastFollowUpAt and nextFollowUpAt (the given time, else the stage’s cadence). ' +
      'This increments the lead’s `version`, like every change of the lead: re-read the lead before a PATCH, DELETE or transition. ' +
      'A lost lead refuses follow-ups (422).',
    errors: [ErrorCode.UnprocessableEntity],
  })
  @ApiCreatedResponse({ type: FollowUpResponseDto })
  create(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: CreateFollowUpDto): Promise<FollowUpResponseDto> {
    return this.followUps.create(user, id, dto);
  }

  @Get()
  @ApiDoc('跟进记录', 'List follow-ups', { description: 'The lead’s follow-ups, latest first, paged by cursor like every list.' })
  @ApiOkResponse({ type: FollowUpPageDto })
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Query() query: PageQuery): Promise<FollowUpPageDto> {
    return this.followUps.list(user, id, query);
  }
}
