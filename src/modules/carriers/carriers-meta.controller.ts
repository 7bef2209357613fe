import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { Role } from '../users/role.enum';
import { carriersMeta } from './carrier.model';
import { CarrierFiguresService } from './carrier-figures.service';
import { CARRIER_BOUND_PARAMS } from './dto/list-carriers.query';
import { CarrierFiguresDto, CarrierFiguresQuery } from './dto/carrier-figures.dto';
import { CarriersMetaDto } from './dto/carriers-meta.dto';
import { ENVIRONMENTAL_CATEGORIES } from './lead-requirements.model';

/** The carriers' declarations for the console, and their figures on the cockpit. */
@ApiTags('carriers')
@ApiBearerAuth()
@Controller()
export class CarriersMetaController {
  constructor(private readonly figures: CarrierFiguresService) {}

  @Get('meta/carriers')
  @ApiDoc('载体元数据', 'Carrier metadata', {
    description:
      'Kinds with their statuses, land uses and every attribute with its label and unit (carrier.model.ts); the environmental categories a lead requirement takes (lead-requirements.model.ts).',
  })
  @ApiOkResponse({ type: CarriersMetaDto })
  meta(): CarriersMetaDto {
    return {
      ...carriersMeta(),
      environmentalCategories: ENVIRONMENTAL_CATEGORIES.map(({ key, label, wastewater, exhaust }) => ({ key, label, wastewater, exhaust })),
      filters: CARRIER_BOUND_PARAMS.map((p) => p.name),
    };
  }

  @Get('dashboard/carriers')
  @Roles(Role.Leader, Role.Admin, Role.CarrierManager)
  @ApiDoc('载体空置', 'Carrier vacancy', {
    description:
      'Vacancy (count and area vacant against total) and idle days (average, longest, counts by bucket) by park and kind, and by kind; filters park (a zone subtree) and kind.',
  })
  @ApiOkResponse({ type: CarrierFiguresDto })
  carriers(@Query() query: CarrierFiguresQuery): Promise<CarrierFiguresDto> {
    return this.figures.figures(query);
  }
}
