import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { ErrorCode } from '../../common/errors/app-error';
import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { Role } from '../users/role.enum';
import { ActualsService } from './actuals.service';
import { ReportActualsDto } from './dto/actuals.dto';
import { ActualPageDto, ActualResponseDto } from './dto/obligation-response.dto';

@ApiTags('obligations')
@ApiBearerAuth()
@Controller('leads/:id/actuals')
export class ActualsController {
  constructor(private readonly actuals: ActualsService) {}

  @Get()
  @ApiDoc('履约填报数据', 'The project’s reported actuals, oldest period first')
  @ApiOkResponse({ type: ActualPageDto })
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<ActualPageDto> {
    return this.actuals.list(user, id);
  }

  @Post()
  @Idempotent()
  @Roles(Role.Commissioner, Role.Leader, Role.Admin)
  @ApiDoc('填报履约数据', 'Report a period’s actuals (a reported period is updated, with its version)', {
    errors: [ErrorCode.VersionConflict, ErrorCode.UnprocessableEntity],
  })
  @ApiResponse({ status: 201, type: ActualResponseDto, description: 'the period’s first report' })
  @ApiResponse({ status: 200, type: ActualResponseDto, description: 'the reported period updated' })
  async report(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: ReportActualsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ActualResponseDto> {
    const result = await this.actuals.report(user, id, dto);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }
}
