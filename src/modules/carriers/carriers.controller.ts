import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ErrorCode } from '../../common/errors/app-error';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { XLSX_TYPE } from '../spreadsheets/lead-import-files.service';
import { SpreadsheetImport, SpreadsheetUpload, UploadedSpreadsheet } from '../spreadsheets/spreadsheet-upload';
import { CARRIER_EDITORS, CARRIER_READERS } from './carrier.model';
import { CarrierPlanService } from './carrier-plan.service';
import { CarrierSpreadsheetsService } from './carrier-spreadsheets.service';
import { CarriersService } from './carriers.service';
import { CarrierImportReportDto } from './dto/carrier-import.dto';
import { CarrierPlanDto, ParkOutlineDto, PlanQuery } from './dto/carrier-plan.dto';
import { CarrierDetailDto, CarrierPageDto } from './dto/carrier-response.dto';
import { CreateCarrierDto, UpdateCarrierDto } from './dto/carrier-write.dto';
import { CarrierFilterQuery, ListCarriersQuery } from './dto/list-carriers.query';

const FILE_NAME = encodeURIComponent('载体资源.xlsx');

@ApiTags('carriers')
@ApiBearerAuth()
@Controller('carriers')
export class CarriersController {
  constructor(
    private readonly carriers: CarriersService,
    private readonly sheets: CarrierSpreadsheetsService,
    private readonly plans: CarrierPlanService,
  ) {}

  @Get()
  @Roles(...CARRIER_READERS)
  @ApiDoc('载体列表', 'List carriers', {
    description:
      'Carriers filtered by park (a zone code and its subtree), kind, status, area ranges and minimum load, height and power; sorted and paged by cursor. Carriers are not team-scoped.',
  })
  @ApiOkResponse({ type: CarrierPageDto })
  list(@Query() query: ListCarriersQuery): Promise<CarrierPageDto> {
    return this.carriers.list(query);
  }

  @Get('export')
  @Roles(...CARRIER_READERS)
  @ApiDoc('导出载体台账', 'Export carriers', {
    description: 'The carriers the list’s filters match, as an xlsx workbook the import reads back.',
  })
  @ApiResponse({
    status: 200,
    description: 'the file, as an attachment',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  async export(@Query() query: CarrierFilterQuery): Promise<StreamableFile> {
    return new StreamableFile(await this.sheets.export(query), {
      type: XLSX_TYPE,
      disposition: `attachment; filename="carriers.xlsx"; filename*=UTF-8''${FILE_NAME}`,
    });
  }

  @Post('import')
  @HttpCode(200)
  @Roles(...CARRIER_EDITORS)
  @ApiDoc('导入载体台账', 'Import carriers', {
    description:
      'Reads an xlsx or CSV carrier ledger (the export’s columns; multipart, the file in `file`) and answers a report per row. A code that exists is a duplicate, or with onDuplicate=update takes the row’s values; dryRun checks every row with the same rules and writes nothing.',
    errors: [ErrorCode.BadRequest, ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType],
  })
  @SpreadsheetImport({
    onDuplicate: {
      type: 'string',
      enum: ['skip', 'update'],
      description: 'a row whose code exists: reported (skip) or written (update)',
    },
  })
  @ApiOkResponse({ type: CarrierImportReportDto })
  import(@CurrentUser() user: AuthUser, @UploadedSpreadsheet() upload: SpreadsheetUpload): Promise<CarrierImportReportDto> {
    return this.sheets.import(user, upload);
  }

  @Get('plan')
  @Roles(...CARRIER_READERS)
  @ApiDoc('载体规划图', 'Carrier plan', {
    description:
      'The parks’ and carriers’ stored outlines as a GeoJSON FeatureCollection (status in the properties), for a plan drawn without online map tiles.',
  })
  @ApiOkResponse({ type: CarrierPlanDto })
  plan(@Query() query: PlanQuery): Promise<CarrierPlanDto> {
    return this.plans.plan(query.park);
  }

  @Put('park-outlines')
  @HttpCode(204)
  @Roles(...CARRIER_EDITORS)
  @ApiDoc('保存园区轮廓', 'Save a park outline', { description: 'Sets (or replaces) the outline of a park on the plan.' })
  @ApiNoContentResponse({ description: 'saved' })
  saveParkOutline(@CurrentUser() user: AuthUser, @Body() dto: ParkOutlineDto): Promise<void> {
    return this.plans.saveParkOutline(user, dto);
  }

  @Get(':id')
  @Roles(...CARRIER_READERS)
  @ApiDoc('载体详情', 'Get a carrier', { description: 'With who last changed its status and its newest history.' })
  @ApiOkResponse({ type: CarrierDetailDto })
  get(@Param('id', uuidPipe()) id: string): Promise<CarrierDetailDto> {
    return this.carriers.get(id);
  }

  @Post()
  @Idempotent()
  @Roles(...CARRIER_EDITORS)
  @ApiDoc('登记载体', 'Create a carrier', {
    description:
      'A land parcel, standard factory or building unit in a park. Its status defaults to the kind’s free one; attributes of another kind and statuses not of the kind are 400; a code in use is 409; reserved is only set by a reservation (422).',
    errors: [ErrorCode.Conflict, ErrorCode.UnprocessableEntity],
  })
  @ApiCreatedResponse({ type: CarrierDetailDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCarrierDto): Promise<CarrierDetailDto> {
    return this.carriers.create(user, dto);
  }

  @Patch(':id')
  @Roles(...CARRIER_EDITORS)
  @ApiDoc('修改载体', 'Update a carrier', {
    description:
      'Changes the fields given (null clears an attribute), checked against `version` (stale: 409 VERSION_CONFLICT). A status change is recorded with who and when; reserved is set and released by reservations (422).',
    errors: [ErrorCode.VersionConflict, ErrorCode.Conflict, ErrorCode.UnprocessableEntity],
  })
  @ApiOkResponse({ type: CarrierDetailDto })
  update(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateCarrierDto): Promise<CarrierDetailDto> {
    return this.carriers.update(user, id, dto);
  }
}
