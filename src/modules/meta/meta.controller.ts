import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { ChoiceDto } from '../leads/lead-meta';
import { MetaDto, MetaService } from './meta.service';

@ApiTags('reference data')
@ApiBearerAuth()
@ApiExtraModels(ChoiceDto)
@Controller('meta')
export class MetaController {
  constructor(private readonly meta: MetaService) {}

  @Get()
  @ApiOkResponse({ type: MetaDto, description: 'labels, enums, units, stages and the lead’s fields with what the caller may edit' })
  @ApiDoc('界面元数据', 'Console metadata', {
    description: 'Labels, enums, units, stages and the lead’s fields with what the caller may set, and the query parameters of every path.',
  })
  get(@CurrentUser() user: AuthUser): MetaDto {
    return this.meta.meta(user);
  }
}
