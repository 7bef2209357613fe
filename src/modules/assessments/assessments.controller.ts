import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { Role } from '../users/role.enum';
import { AssessmentsService } from './assessments.service';
import { AssessmentPageDto, AssessmentResponseDto } from './dto/assessment-response.dto';
import { CreateAssessmentDto } from './dto/create-assessment.dto';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('leads/:id')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post('assessment')
  @Idempotent()
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiDoc('事前评估', 'Assess a lead', {
    description:
      'Scores the five criteria (total out of 100) with any vetoes; passed at 60 and no veto. A key project needs a passed one to be signed.',
  })
  @ApiCreatedResponse({ type: AssessmentResponseDto })
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CreateAssessmentDto,
  ): Promise<AssessmentResponseDto> {
    return this.assessments.create(user, id, dto);
  }

  @Get('assessments')
  @ApiDoc('评估记录', 'List assessments', { description: 'The lead’s assessments, newest first.' })
  @ApiOkResponse({ type: AssessmentPageDto })
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<Page<AssessmentResponseDto>> {
    return this.assessments.list(user, id);
  }
}
