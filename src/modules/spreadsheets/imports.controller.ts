import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { ImportProgressDto } from './dto/import-report.dto';
import { ImportsService } from './imports.service';

@ApiTags('spreadsheets')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Progress of a background import, with the per-row report once done; the importer's own, or any for leaders and admins. */
  @Get(':id')
  @ApiDoc('导入进度', 'Import progress', {
    description: 'A background import’s progress, with the per-row report once done; the importer’s own, or any for leaders and admins.',
  })
  @ApiOkResponse({ type: ImportProgressDto })
  progress(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<ImportProgressDto> {
    return this.imports.progress(user, id);
  }
}
