import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { CarrierMatchingService } from './carrier-matching.service';
import { CarrierReservationsService } from './carrier-reservations.service';
import { CARRIER_READERS } from './carrier.model';
import { CarrierMatchPageDto, CreateReservationDto, LeadMatchPageDto, MatchQuery, ReservationDto } from './dto/carrier-match.dto';
import { LeadRequirementsDto, PutLeadRequirementsDto } from './dto/lead-requirements.dto';
import { RESERVERS } from './lead-requirements.model';
import { LeadRequirementsService } from './lead-requirements.service';

@ApiTags('carrier-matching')
@ApiBearerAuth()
@Controller('leads/:id')
export class LeadCarrierMatchingController {
  constructor(
    private readonly requirements: LeadRequirementsService,
    private readonly matching: CarrierMatchingService,
  ) {}

  @Get('requirements')
  @ApiDoc('项目载体需求', 'A lead’s requirements of a site', {
    description: 'All null and version 0 while none were given. Whoever may see the lead may read and write them.',
  })
  @ApiOkResponse({ type: LeadRequirementsDto })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<LeadRequirementsDto> {
    return this.requirements.get(user, id);
  }

  @Put('requirements')
  @ApiDoc('填写项目载体需求', 'Set a lead’s requirements of a site', {
    description:
      'The whole set (absent or null: no requirement), checked against `version` (0 for the first): a stale one is 409 VERSION_CONFLICT. Recorded on the lead’s timeline.',
    errors: [ErrorCode.VersionConflict],
  })
  @ApiOkResponse({ type: LeadRequirementsDto })
  put(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: PutLeadRequirementsDto,
  ): Promise<LeadRequirementsDto> {
    return this.requirements.put(user, id, dto);
  }

  @Get('carrier-matches')
  @ApiDoc('可选载体', 'Carriers that fit a lead', {
    description:
      'Free carriers within every hard limit of the lead’s requirements (kind, size range, minima, land use, discharges), best score first, each with its reasons in words; and the carriers reserved for the lead now.',
  })
  @ApiOkResponse({ type: CarrierMatchPageDto })
  carrierMatches(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Query() query: MatchQuery,
  ): Promise<CarrierMatchPageDto> {
    return this.matching.carriersFor(user, id, query.limit);
  }
}

@ApiTags('carrier-matching')
@ApiBearerAuth()
@Controller('carriers/:id')
export class CarrierLeadMatchingController {
  constructor(
    private readonly matching: CarrierMatchingService,
    private readonly reservations: CarrierReservationsService,
  ) {}

  @Get('lead-matches')
  @Roles(...CARRIER_READERS)
  @ApiDoc('匹配项目', 'Leads a carrier fits', {
    description:
      'Live leads (not lost, not yet signed) the caller may see whose requirements the carrier meets, best score first, with reasons.',
  })
  @ApiOkResponse({ type: LeadMatchPageDto })
  leadMatches(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Query() query: MatchQuery): Promise<LeadMatchPageDto> {
    return this.matching.leadsFor(user, id, query.limit);
  }

  @Post('reservations')
  @Roles(...RESERVERS)
  @ApiDoc('预留载体', 'Reserve a carrier for a lead', {
    description:
      'Only a free carrier: one reserved for another lead is 409 CONFLICT (of concurrent requests exactly one wins), one leased, sold or transferred is 422 (details.status). The lead must be one the caller may see and not lost. Its reserver and the lead’s owner are reminded RESERVATION_REMINDER_BEFORE ahead of `until`; it lapses at `until`.',
    errors: [ErrorCode.Conflict, ErrorCode.UnprocessableEntity],
  })
  @ApiCreatedResponse({ type: ReservationDto })
  reserve(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: CreateReservationDto): Promise<ReservationDto> {
    return this.reservations.reserve(user, id, dto);
  }

  @Delete('reservations/:reservationId')
  @HttpCode(204)
  @Roles(...RESERVERS)
  @ApiDoc('解除预留', 'Release a reservation', {
    description: 'By whoever reserved it, or a leader or admin (403 for others). The carrier is free again. An ended reservation is 409.',
    errors: [ErrorCode.Forbidden, ErrorCode.Conflict],
  })
  @ApiNoContentResponse({ description: 'released' })
  release(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('reservationId', uuidPipe('reservationId')) reservationId: string,
  ): Promise<void> {
    return this.reservations.release(user, id, reservationId);
  }
}
