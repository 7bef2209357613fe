import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { LeadDetailDto } from '../leads/dto/lead-response.dto';
import { Role } from '../users/role.enum';
import { CommissionersService } from './commissioners.service';
import { AssignCommissionerDto } from './dto/assign-commissioner.dto';
import { TransitionDto } from './dto/transition.dto';
import { TransitionsService } from './transitions.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('leads/:id')
export class PipelineController {
  constructor(
    private readonly transitions: TransitionsService,
    private readonly commissioners: CommissionersService,
  ) {}

  @Post('transitions')
  @Idempotent()
  @HttpCode(200)
  @ApiDoc('推进阶段或变更状态', 'Move a lead', {
    description:
      'One stage forward (with the gate’s data), one back (leaders, with a note), on hold, resume, lost (with lostReason) or reopen (admins). ' +
      'A gate not met is 422 STAGE_GATE_UNMET with details.missing; a move the rules refuse is 422 TRANSITION_NOT_ALLOWED or 403.',
    errors: [ErrorCode.Forbidden, ErrorCode.VersionConflict, ErrorCode.StageGateUnmet, ErrorCode.TransitionNotAllowed],
  })
  @ApiOkResponse({ type: LeadDetailDto, description: 'the lead after the move' })
  transition(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: TransitionDto): Promise<LeadDetailDto> {
    return this.transitions.transition(user, id, dto);
  }

  @Put('commissioner')
  @Idempotent()
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('指派护商专员', 'Assign the commissioner', {
    description: 'Gives the lead its 护商专员 (a user with the commissioner role), ending the previous assignment.',
    errors: [ErrorCode.VersionConflict],
  })
  @ApiOkResponse({ type: LeadDetailDto, description: 'the lead with its new commissioner' })
  assignCommissioner(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: AssignCommissionerDto,
  ): Promise<LeadDetailDto> {
    return this.commissioners.assign(user, id, dto);
  }
}
