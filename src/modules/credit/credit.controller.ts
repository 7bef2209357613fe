import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { Role } from '../users/role.enum';
import { CreditService } from './credit.service';
import { Page } from '../../common/pagination/cursor';
import { CreditLeadDto, CreditLeadPageDto, CreditLeadsQuery, CreditQuery, CreditResponseDto } from './dto/credit-response.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Roles(Role.Leader, Role.Admin)
@Controller('dashboard')
export class CreditController {
  constructor(private readonly credit: CreditService) {}

  @Get('credit')
  @ApiDoc('首引人积分', 'Credit per referrer and team', {
    description:
      'The year’s points of each referrer (首引人) and team by the configured rules: confirmed signings, starts and operations weighted by the contract amount’s band, deductions for a missed agreed start date and for voided confirmations; totals per person and team (the lines: GET /dashboard/credit/leads). Awaiting-confirmation points are shown beside.',
  })
  @ApiOkResponse({ type: CreditResponseDto })
  get(@CurrentUser() user: AuthUser, @Query() query: CreditQuery): Promise<CreditResponseDto> {
    return this.credit.credit(user, query.year);
  }

  @Get('credit/leads')
  @ApiDoc('首引人积分明细', 'The scored leads behind a credit figure', {
    description:
      'The leads behind one person’s (`person`: their key) or one team’s (`team`: its id, or `none`) points of the year, with each lead’s lines, by code, keyset-paged. An unknown person or team gives an empty page.',
  })
  @ApiOkResponse({ type: CreditLeadPageDto })
  leads(@CurrentUser() user: AuthUser, @Query() query: CreditLeadsQuery): Promise<Page<CreditLeadDto>> {
    return this.credit.leads(user, query);
  }
}
