import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { Role } from '../users/role.enum';
import { CreditService } from './credit.service';
import { CreditQuery, CreditResponseDto } from './dto/credit-response.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Roles(Role.Leader, Role.Admin)
@Controller('dashboard')
export class CreditController {
  constructor(private readonly credit: CreditService) {}

  @Get('credit')
  @ApiDoc('首引人积分', 'Credit per referrer and team', {
    description:
      'The year’s points of each referrer (首引人) and team by the configured rules: confirmed signings, starts and operations weighted by the contract amount’s band, deductions for a missed agreed start date and for voided confirmations; each person’s lines lead by lead. Awaiting-confirmation points are shown beside.',
  })
  @ApiOkResponse({ type: CreditResponseDto })
  get(@CurrentUser() user: AuthUser, @Query() query: CreditQuery): Promise<CreditResponseDto> {
    return this.credit.credit(user, query.year);
  }
}
