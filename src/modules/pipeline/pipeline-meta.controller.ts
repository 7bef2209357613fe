import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PipelineMeta, pipelineMeta } from './pipeline.meta';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('meta')
export class PipelineMetaController {
  @Get('pipeline')
  @ApiOkResponse({ description: 'the stages in order: labels, gate fields and inputs, entry date, moves; and the status moves' })
  pipeline(): PipelineMeta {
    return pipelineMeta();
  }
}
