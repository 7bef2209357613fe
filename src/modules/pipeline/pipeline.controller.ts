import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { LeadResponseDto } from '../leads/dto/lead-response.dto';
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
  transition(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: TransitionDto): Promise<LeadResponseDto> {
    return this.transitions.transition(user, id, dto);
  }

  @Put('commissioner')
  @Idempotent()
  @Roles(Role.Leader, Role.Admin)
  assignCommissioner(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: AssignCommissionerDto,
  ): Promise<LeadResponseDto> {
    return this.commissioners.assign(user, id, dto);
  }
}
