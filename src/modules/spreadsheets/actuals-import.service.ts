import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { canSeeLead } from '../leads/lead-access';
import { LeadsService } from '../leads/leads.service';
import { ActualsService, ActualValues, changedActualFields, checkReportPeriod } from '../obligations/actuals.service';
import { unsignedReason } from '../obligations/obligations.errors';
import { ObligationsReader } from '../obligations/obligations.reader';
import { ObligationsRepository } from '../obligations/obligations.repository';
import { Period } from '../obligations/period';
import { ACTUALS_SHEET, checkActualsHeader, ParsedActualRow, parseActualRow, PROJECT_COLUMNS } from './actuals-sheet';
import { ActualsImportRepository, ActualsLeadRef } from './actuals-import.repository';
import { countReports, ImportCounts, ImportOptions, inBatches, noCounts, rejectedRows, summaryLines } from './import-batches';
import { ImportRowReport } from './import.entity';
import { ImportTarget } from './import-target';
import { SheetHeader, SheetLayout } from './lead-sheet.mapping';
import { SheetRow } from './sheet-reader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE_HEADER = ACTUALS_SHEET.byKey.leadCode.header;
const REFUSED_BY_DATABASE = '数据库拒绝了此行 (未导入; 请检查此行的内容后重新导入)';

/** A row ready to write: its project, period and values. */
interface ActualsEntry {
  parsed: ParsedActualRow;
  lead: ActualsLeadRef;
  period: Period;
  values: ActualValues;
  report: ImportRowReport;
}

/**
 * 履约填报 from a spreadsheet (POST /actuals/import): each row names a project (项目编号, or 项目名称 + 企业名称) and a
 * period and gives figures; the rules are the form's (POST /leads/:id/actuals) applied per row: a project the
 * importer may see (else "not found", never which), signed, a period that has begun, figures ≥ 0. A period
 * reported already is updated in the fields the row fills (versioned, on the timeline); the same figures again
 * change nothing (a duplicate), so re-importing a file writes nothing twice.
 *
 * What commits follows the leads import: rows with errors are reported and skipped, every valid row commits, in
 * batches of 500 a transaction with their report; a row the database refuses meanwhile is rolled back alone.
 */
@Injectable()
export class ActualsImportService implements ImportTarget {
  private readonly logger = new Logger(ActualsImportService.name);
  readonly kind = 'actuals';
  readonly columns = ACTUALS_SHEET;
  readonly headerHint = `${CODE_HEADER} (或 ${PROJECT_COLUMNS})、填报期 (或 年度、季度)、产值、税收`;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly repository: ActualsImportRepository,
    private readonly obligations: ObligationsRepository,
    private readonly reader: ObligationsReader,
    private readonly actuals: ActualsService,
    private readonly leads: LeadsService,
  ) {}

  checkHeader(header: SheetHeader): void {
    checkActualsHeader(header);
  }

  async importRows(
    importer: AuthUser,
    layout: SheetLayout,
    rows: AsyncIterable<SheetRow> | Iterable<SheetRow>,
    options: ImportOptions,
  ): Promise<ImportCounts> {
    const counts = noCounts();
    // project and period of the rows before, by `leadId period`: a later row for the same is a duplicate
    const seen = new Map<string, number>();
    const today = this.reader.today();
    await inBatches(rows, options, async (all) => {
      const skipped = summaryLines(all);
      const data = all.filter((row) => !skipped.has(row.number));
      const parsed = data.map((row) => parseActualRow(row, layout));
      const reports: ImportRowReport[] = [];
      const entries = await this.classify(importer, parsed, today, options.dryRun, seen, reports);
      for (const [row, reason] of skipped) reports.push({ row, status: 'skipped', reason });
      reports.sort((a, b) => a.row - b.row);
      const cells = new Map(data.map((row) => [row.number, row.cells]));
      if (options.dryRun) await options.onBatch(reports, null, []);
      else
        await this.unitOfWork.run(async (manager) => {
          await this.write(manager, importer, entries);
          await options.onBatch(reports, manager, rejectedRows(reports, cells));
        });
      // a row refused while writing was not reported: a later row for its project and period may be
      for (const r of reports)
        if (r.status === 'error' && r.leadId && r.period && seen.get(`${r.leadId} ${r.period}`) === r.row)
          seen.delete(`${r.leadId} ${r.period}`);
      countReports(counts, reports);
    });
    return counts;
  }

  /** Finds each row's project and reported period and says what the row does; answers the rows to write. */
  private async classify(
    importer: AuthUser,
    parsed: ParsedActualRow[],
    today: string,
    dryRun: boolean,
    seen: Map<string, number>,
    reports: ImportRowReport[],
  ): Promise<ActualsEntry[]> {
    const projects = await this.projects(importer, parsed);
    const found: Array<Omit<ActualsEntry, 'report'>> = [];
    for (const p of parsed) {
      const project = projects.get(p);
      if (project && 'error' in project) p.errors.push(project.error);
      let period: Period | null = null;
      let asOf = '';
      if (p.period) {
        const checked = checkReportPeriod(p.period, today, p.asOf);
        if ('field' in checked)
          p.errors.push(`${checked.field === 'asOf' ? ACTUALS_SHEET.byKey.asOf.header : p.periodHeader}: ${checked.message}`);
        else ({ period, asOf } = checked);
      }
      if (p.errors.length || !project || 'error' in project || !period) {
        reports.push({ row: p.row, status: 'error', errors: p.errors });
        continue;
      }
      const values: ActualValues = { ...p.figures, asOf, ...(p.note === undefined ? {} : { note: p.note }) };
      found.push({ parsed: p, lead: project.lead, period, values });
    }
    const existing = await this.obligations.findActualsFor(found.map((e) => ({ leadId: e.lead.id, period: e.period.key })));
    const entries: ActualsEntry[] = [];
    for (const entry of found) {
      const { parsed: p, lead, period } = entry;
      const key = `${lead.id} ${period.key}`;
      const earlier = seen.get(key);
      const base = { row: p.row, leadId: lead.id, period: period.key };
      if (earlier !== undefined) {
        reports.push({
          ...base,
          status: 'duplicate',
          duplicateOf: { row: earlier },
          errors: [`${p.periodHeader}: 与第 ${earlier} 行是同一项目 (${lead.code}) 的同一填报期 ${period.key}`],
        });
        continue;
      }
      seen.set(key, p.row);
      const reported = existing.get(key);
      // asOf defaults like the form's; a row without a 截至日期 column leaves a reported period's as it is
      const values = reported && p.asOf === undefined ? { ...entry.values, asOf: reported.asOf } : entry.values;
      const changes = reported ? changedActualFields(reported, values).diff.map((d) => d.field) : [];
      let report: ImportRowReport;
      if (reported && changes.length === 0)
        report = {
          ...base,
          status: 'duplicate',
          duplicateOf: { leadId: lead.id, code: lead.code },
          errors: [`${p.periodHeader}: 项目 ${lead.code} 的 ${period.key} 已填报, 数据相同, 未修改`],
        };
      else if (reported) report = { ...base, status: 'updated', changes };
      else report = { ...base, status: dryRun ? 'valid' : 'created' };
      if (p.warnings.length) report.warnings = p.warnings;
      reports.push(report);
      if (report.status !== 'duplicate') entries.push({ ...entry, values, report });
    }
    return entries;
  }

  /**
   * The project each row names, among the leads the importer may see: by 项目编号 or id, else by 企业名称 + 项目名称.
   * A project the importer may not see is "not found", exactly like one that does not exist.
   */
  private async projects(
    importer: AuthUser,
    parsed: ParsedActualRow[],
  ): Promise<Map<ParsedActualRow, { lead: ActualsLeadRef } | { error: string }>> {
    const byRef = parsed.filter((p) => p.leadRef);
    const byName = parsed.filter((p) => !p.leadRef && p.name && p.companyName);
    const refs = byRef.map((p) => p.leadRef as string);
    const [direct, named] = await Promise.all([
      this.repository.byCodesOrIds(
        refs.filter((r) => !UUID.test(r)).map((r) => r.toUpperCase()),
        refs.filter((r) => UUID.test(r)),
      ),
      this.repository.byNames(byName.map((p) => ({ companyName: p.companyName as string, name: p.name as string }))),
    ]);
    const result = new Map<ParsedActualRow, { lead: ActualsLeadRef } | { error: string }>();
    const decide = (p: ParsedActualRow, candidates: ActualsLeadRef[], what: string, header: string) => {
      const visible = candidates.filter((lead) => canSeeLead(importer, lead));
      if (visible.length === 0) return result.set(p, { error: `${header}: 没有找到项目${what}` });
      if (visible.length > 1)
        return result.set(p, {
          error: `${header}: 有 ${visible.length} 个项目名称和企业名称相同的项目 (${visible.map((l) => l.code).join('、')}); 请填写${CODE_HEADER}`,
        });
      const reason = unsignedReason(visible[0]);
      return result.set(p, reason ? { error: `${header}: ${visible[0].code} ${reason}` } : { lead: visible[0] });
    };
    for (const p of byRef) {
      const ref = p.leadRef as string;
      const candidates = direct.filter((lead) => (UUID.test(ref) ? lead.id === ref.toLowerCase() : lead.code === ref.toUpperCase()));
      decide(p, candidates, `「${ref}」`, CODE_HEADER);
    }
    byName.forEach((p, i) => {
      const [company, name] = named.keys[i];
      const candidates = named.leads.filter((lead) => lead.companyKey === company && lead.nameKey === name);
      decide(p, candidates, `「${p.name}」(${p.companyName})`, PROJECT_COLUMNS);
    });
    return result;
  }

  /**
   * Writes the batch's rows in the batch's transaction, each in a savepoint: the project is locked and checked
   * again (it may have moved or gone since), then the period written as the form writes it. A row that fails
   * is rolled back alone and reported as an error; the other rows commit with the report.
   */
  private async write(manager: EntityManager, importer: AuthUser, entries: ActualsEntry[]): Promise<void> {
    for (const entry of entries) {
      const { parsed, report } = entry;
      await manager.query('SAVEPOINT actuals_row');
      try {
        const lead = await this.leads.findVisible(importer, entry.lead.id, manager, true);
        const reason = unsignedReason(lead);
        if (reason) throw new AppError(ErrorCode.UnprocessableEntity, `${CODE_HEADER}: ${lead.code} ${reason}`);
        const existing = await this.obligations.findActual(lead.id, entry.period.key, manager, true);
        const recorded = await this.actuals.record(manager, importer, lead, entry.period, entry.values, existing, {
          imported: { row: parsed.row },
        });
        if (recorded.outcome === 'created') report.status = 'created';
        else if (recorded.outcome === 'updated') Object.assign(report, { status: 'updated', changes: recorded.changes });
        else
          Object.assign(report, {
            status: 'duplicate',
            duplicateOf: { leadId: lead.id, code: lead.code },
            errors: [`${parsed.periodHeader}: 项目 ${lead.code} 的 ${entry.period.key} 已填报, 数据相同, 未修改`],
          });
        await manager.query('RELEASE SAVEPOINT actuals_row');
      } catch (error) {
        if (!(error instanceof AppError) && !isRowDataError(error)) throw error;
        await manager.query('ROLLBACK TO SAVEPOINT actuals_row');
        this.logger.warn({ msg: 'actuals import row refused', row: parsed.row, error: (error as Error).message });
        const message =
          error instanceof AppError && error.code === ErrorCode.NotFound
            ? `${parsed.leadRef ? CODE_HEADER : PROJECT_COLUMNS}: 没有找到项目`
            : error instanceof AppError
              ? error.message
              : REFUSED_BY_DATABASE;
        Object.assign(report, { status: 'error', errors: [message] });
        delete report.changes;
        delete report.warnings;
      }
    }
  }
}

/** The database refused a row's data (SQLSTATE class 22 data exception, 23 integrity). */
function isRowDataError(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string }).code ?? '';
  return code.startsWith('22') || code.startsWith('23');
}
