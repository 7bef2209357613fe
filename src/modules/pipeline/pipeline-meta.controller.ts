import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PipelineMeta, pipelineMeta } from './pipeline.meta';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('meta')
export class PipelineMetaController {
  @Get('pipeline')
  @ApiOkResponse({ description: 'the stages in order: labels, gate fields and inputs, entry date, moves; and the status moves' })
  @ApiUnauthorizedResponse({ description: 'no or expired token' })
  pipeline(): PipelineMeta {
    return pipelineMeta();
  }
}
