import { Readable, PassThrough } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { detectFormat, isBlankRow, readSheetRows, SheetRow } from '../spreadsheets/sheet-reader';
import { notASpreadsheet } from '../spreadsheets/sheet-errors';
import { SpreadsheetUpload } from '../spreadsheets/spreadsheet-upload';
import { XlsxSheetWriter } from '../spreadsheets/sheet-writer';
import { CarrierKind } from './carrier.model';
import { CARRIER_SHEET_COLUMNS, carrierSheetLayout, parseCarrierRow, REQUIRED_CARRIER_COLUMNS } from './carrier-sheet';
import { CarriersRepository } from './carriers.repository';
import { CarriersService } from './carriers.service';
import { CarrierQueryBuilder } from './carrier-query.builder';
import { CarrierImportReportDto, CarrierImportRowDto } from './dto/carrier-import.dto';
import { CarrierFilterQuery } from './dto/list-carriers.query';

/** A carrier ledger is a park's few hundred rows: read and written within the request. */
export const CARRIER_IMPORT_MAX_ROWS = 5000;

/** Thrown inside a dry run's transaction after the row's writes, so they roll back: a dry run checks with the very rules a real run writes by. */
class DryRunRollback extends Error {}

/** 载体台账 in and out: the export writes the list's filtered carriers; the import reads them back with a per-row report. */
@Injectable()
export class CarrierSpreadsheetsService {
  constructor(
    private readonly carriers: CarriersRepository,
    private readonly service: CarriersService,
    private readonly queries: CarrierQueryBuilder,
    private readonly catalog: CatalogService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async export(query: CarrierFilterQuery): Promise<Readable> {
    const { where, params } = await this.queries.where(query);
    const [carriers, parks] = await Promise.all([this.carriers.listAll(where, params), this.catalog.zoneNames()]);
    const out = new PassThrough();
    const writer = new XlsxSheetWriter(out, CARRIER_SHEET_COLUMNS, this.config.timezone, '载体资源');
    await writer.addRows(carriers.map((carrier) => CARRIER_SHEET_COLUMNS.map((column) => column.cell(carrier, parks))));
    void writer.finish();
    return out;
  }

  /**
   * Each row in its own transaction: a bad row is reported and the others go on. A code already held is a
   * `duplicate` (with `onDuplicate=update`: the carrier takes the row's values, `updated`); a dry run checks
   * every row and writes nothing (`valid`).
   */
  async import(user: AuthUser, upload: SpreadsheetUpload): Promise<CarrierImportReportDto> {
    const rows = await this.readRows(upload);
    const [header, ...data] = rows;
    const layout = carrierSheetLayout(header.cells);
    const missing = REQUIRED_CARRIER_COLUMNS.filter((key) => !layout.has(key));
    if (missing.length)
      throw AppError.validation(
        `表头缺少: ${missing.map((key) => CARRIER_SHEET_COLUMNS.find((c) => c.key === key)!.header).join('、')}`,
        missing.map((field) => ({ field, errors: ['column missing from the header row'] })),
      );
    const report: CarrierImportReportDto = { created: 0, updated: 0, duplicates: 0, errors: 0, rows: [] };
    const seen = new Set<string>();
    for (const row of data) {
      if (isBlankRow(row)) continue;
      const result = await this.importRow(user, row, layout, seen, upload);
      report.rows.push(result);
      if (result.status === 'created') report.created++;
      else if (result.status === 'updated') report.updated++;
      else if (result.status === 'duplicate') report.duplicates++;
      else if (result.status === 'error') report.errors++;
    }
    return report;
  }

  private async importRow(
    user: AuthUser,
    row: SheetRow,
    layout: Map<string, number>,
    seen: Set<string>,
    upload: SpreadsheetUpload,
  ): Promise<CarrierImportRowDto> {
    const { values, errors } = parseCarrierRow(row.cells, layout);
    const base = { row: row.number, ...(values.code ? { code: values.code } : {}) };
    if (errors.length) return { ...base, status: 'error', errors };
    const code = values.code!;
    if (seen.has(code)) return { ...base, status: 'error', errors: [`载体编号 ${code} 在文件中重复`] };
    seen.add(code);
    try {
      const outcome = await this.unitOfWork.run(async (manager: EntityManager) => {
        const existing = await this.carriers.findByCode(code, manager);
        let result: CarrierImportRowDto;
        if (!existing) {
          const id = await this.service.insert(user, { ...values, kind: values.kind as CarrierKind }, manager, 'imported');
          result = { ...base, status: upload.dryRun ? 'valid' : 'created', ...(upload.dryRun ? {} : { carrierId: id }) };
        } else if (upload.onDuplicate !== 'update' || existing.kind !== values.kind) {
          result = {
            ...base,
            status: 'duplicate',
            carrierId: existing.id,
            ...(existing.kind !== values.kind && upload.onDuplicate === 'update' ? { errors: ['载体类型不能通过导入修改'] } : {}),
          };
        } else {
          const { kind: _kind, ...changes } = values;
          const locked = (await this.carriers.findById(existing.id, manager, true))!;
          const changed = await this.service.change(user, locked, changes, manager);
          result = { ...base, status: changed ? (upload.dryRun ? 'valid' : 'updated') : 'duplicate', carrierId: existing.id };
        }
        if (upload.dryRun) throw new DryRunRollback(JSON.stringify(result));
        return result;
      });
      return outcome;
    } catch (error) {
      if (error instanceof DryRunRollback) return JSON.parse(error.message) as CarrierImportRowDto;
      if (error instanceof AppError && error.status < 500) return { ...base, status: 'error', errors: rowErrors(error) };
      throw error;
    }
  }

  private async readRows(upload: SpreadsheetUpload): Promise<SheetRow[]> {
    const format = detectFormat(upload.data);
    const rows: SheetRow[] = [];
    for await (const row of readSheetRows(() => Readable.from(upload.data), format, upload.sheet ? { sheet: upload.sheet } : {})) {
      if (rows.length === 0 && isBlankRow(row)) continue;
      rows.push(row);
      if (rows.length > CARRIER_IMPORT_MAX_ROWS + 1) {
        const reason = `载体台账超过 ${CARRIER_IMPORT_MAX_ROWS} 行, 请按园区分批导入`;
        throw new AppError(ErrorCode.PayloadTooLarge, reason, { limit: 'rows', max: CARRIER_IMPORT_MAX_ROWS, reason });
      }
    }
    if (rows.length === 0) throw notASpreadsheet('表格没有表头行', 'noHeader');
    return rows;
  }
}

/** A refusal of the service as the row's errors: the fields' messages, else the message. */
function rowErrors(error: AppError): string[] {
  const fields = error.details?.fields as Array<{ field: string; errors: string[] }> | undefined;
  return fields?.length ? fields.flatMap((f) => f.errors.map((e) => `${f.field}: ${e}`)) : [error.message];
}
