import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { PipelineMetaDto } from './dto/pipeline-meta.dto';
import { PipelineMeta, pipelineMeta } from './pipeline.meta';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('meta')
export class PipelineMetaController {
  @Get('pipeline')
  @ApiDoc('阶段模型', 'Pipeline model')
  @ApiOkResponse({
    type: PipelineMetaDto,
    description: 'the stages in order: labels, gate fields and inputs, entry date, moves; and the status moves',
  })
  pipeline(): PipelineMeta {
    return pipelineMeta();
  }
}
