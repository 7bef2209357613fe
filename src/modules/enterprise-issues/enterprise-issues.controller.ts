import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { CreateIssueDto } from './dto/create-issue.dto';
import { IssuePageDto, IssueResponseDto } from './dto/issue-response.dto';
import { UpdateIssueDto } from './dto/update-issue.dto';
import { EnterpriseIssuesService } from './enterprise-issues.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('enterprise-issues')
@ApiBearerAuth()
@Controller('leads/:id/issues')
export class EnterpriseIssuesController {
  constructor(private readonly issues: EnterpriseIssuesService) {}

  @Post()
  @Idempotent()
  @ApiDoc('登记企业诉求', 'Raise an issue', {
    description: 'An issue the enterprise raised, with its handler (an active user) and due time.',
  })
  @ApiCreatedResponse({ type: IssueResponseDto })
  create(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: CreateIssueDto): Promise<IssueResponseDto> {
    return this.issues.create(user, id, dto);
  }

  @Get()
  @ApiDoc('企业诉求', 'List issues', { description: 'The lead’s issues, newest first.' })
  @ApiOkResponse({ type: IssuePageDto })
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<Page<IssueResponseDto>> {
    return this.issues.list(user, id);
  }

  @Patch(':issueId')
  @ApiDoc('更新企业诉求', 'Update an issue', {
    description:
      'Changes the fields given (null clears description or department) and moves the status open → in_progress → resolved; resolving needs a resolution. A stale version is 409.',
    errors: [ErrorCode.VersionConflict, ErrorCode.TransitionNotAllowed, ErrorCode.UnprocessableEntity],
  })
  @ApiOkResponse({ type: IssueResponseDto })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('issueId', uuidPipe('issueId')) issueId: string,
    @Body() dto: UpdateIssueDto,
  ): Promise<IssueResponseDto> {
    return this.issues.update(user, id, issueId, dto);
  }
}
