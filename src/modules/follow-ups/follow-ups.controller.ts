import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { CreateFollowUpDto, FollowUpResponseDto } from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('leads/:id/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post()
  @Idempotent()
  create(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: CreateFollowUpDto): Promise<FollowUpResponseDto> {
    return this.followUps.create(user, id, dto);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<Page<FollowUpResponseDto>> {
    return this.followUps.list(user, id);
  }
}
