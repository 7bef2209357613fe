import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { CatalogNodeDto, CatalogService } from './catalog.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('industries')
  @ApiDoc('产业目录', 'Industry catalog')
  @ApiOkResponse({ type: [CatalogNodeDto], description: '重点产业招商指导目录 as a tree' })
  industries(): Promise<CatalogNodeDto[]> {
    return this.catalog.industryTree();
  }

  @Get('zones')
  @ApiDoc('落地区域', 'Zones and parks')
  @ApiOkResponse({ type: [CatalogNodeDto], description: '三区六组团 and their parks as a tree' })
  zones(): Promise<CatalogNodeDto[]> {
    return this.catalog.zoneTree();
  }
}
