import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { timeOrderedUuid } from '../../database/time-ordered-uuid';
import { zonedParts } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { isValidCreditCode, normalizeCreditCode } from '../leads/credit-code';
import { ZONE_ALIASES } from '../catalog/data/zones.data';
import { canSeeLead } from '../leads/lead-access';
import { Lead } from '../leads/lead.entity';
import { LeadStage } from '../leads/lead.enums';
import { LEAD_FIELDS } from '../leads/lead.model';
import { REFERRER_KEYS } from '../leads/lead-referrer';
import { LeadsRepository } from '../leads/leads.repository';
import { GATE_INPUT_FIELDS, PIPELINE } from '../pipeline/pipeline.model';
import { TransitionsService } from '../pipeline/transitions.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { ImportRowReport } from './import.entity';
import { identityKey, ImportIdentity, LeadImportRepository } from './lead-import.repository';
import { countReports, ImportCounts, ImportOptions, inBatches, noCounts, rejectedRows, summaryLines } from './import-batches';
import { ImportTarget } from './import-target';
import { ImportPeople, ResolvedRow } from './lead-import-people';
import { ExistingLeadRow, LeadImportUpdates } from './lead-import-updates';
import { checkHeader, ParsedLeadRow, parseLeadRow, RowContext, SheetHeader, SheetLayout } from './lead-row.parser';
import { LEAD_SHEET, LEAD_SHEET_COLUMN } from './lead-sheet.columns';
import { SheetRow } from './sheet-reader';
import { readText } from './sheet-values';
import { fromWallClock } from './sheet-time';
import { isUniqueViolation } from '../../common/sql/pg-errors';
import { CREDIT_CODE_HOLDER_INDEX } from '../leads/credit-code-holder';

const BATCH_ATTEMPTS = 3;
/** What a row the database refused says in the report (the database's own message goes to the log only). */
const REFUSED_BY_DATABASE = '数据库拒绝了此行 (未导入; 请检查此行的内容后重新导入)';

/** What a row that matches a live lead does: reported as a duplicate, or (the ledger being the newer truth) updates it. */
export type OnDuplicate = 'skip' | 'update';

/** A batch read and checked row by row, ready to be classified against the database and written. */
interface PreparedBatch {
  /** Its 合计 lines and notes, by row number, with why they are skipped. */
  skipped: Map<number, string>;
  parsed: ParsedLeadRow[];
  resolved: Map<ParsedLeadRow, ResolvedRow>;
  cells: Map<number, SheetRow['cells']>;
}

/** Receives a batch's reports (the refused rows are taken from them). */
type BatchSink = (reports: ImportRowReport[], manager: EntityManager | null) => Promise<void>;

/** What one run of an import remembers across its batches. */
interface RunState {
  importer: AuthUser;
  layout: SheetLayout;
  context: RowContext;
  dryRun: boolean;
  onDuplicate: OnDuplicate;
  /** Credit codes of earlier rows of the file: a later row with one of them is a duplicate. */
  seen: Map<string, number>;
  /** Import identities (identityKey) of earlier rows without a credit code that this run creates (or, dry, finds valid). */
  seenIdentities: Map<string, number>;
  people: ImportPeople;
  counts: ImportCounts;
  /** The current batch's lines that are not data rows, with why. */
  skipped?: ReadonlyMap<number, string>;
}

/**
 * Imports lead rows in batches (500 a transaction by default): checks each row as the API would,
 * finds duplicates by credit code (live leads, then earlier rows of the file), and creates the valid
 * rows at their stage and status with an `imported` transition, a `created` audit event, the
 * commissioner's history row and the follow-up reminders. Memory holds one batch at a time.
 *
 * What commits: rows with errors are skipped and reported, every valid row commits. Each row is
 * checked before anything is written (plain text, lengths, choices, people, duplicates); a batch
 * commits whole with its report rows, and a batch the database refuses is rolled back and written
 * again row by row, the refused rows reported as errors. Re-uploading the same or a corrected file is
 * safe: rows it created before are duplicates, by credit code or, without one, by importIdentity.
 */
@Injectable()
export class LeadImportService implements ImportTarget {
  private readonly logger = new Logger(LeadImportService.name);
  readonly kind = 'leads';
  readonly columns = LEAD_SHEET;
  readonly headerHint = '项目名称、企业名称、产业类别代码、招商方式';

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: LeadImportRepository,
    private readonly catalog: CatalogService,
    private readonly transitions: TransitionsService,
    private readonly reminders: ReminderScheduler,
    private readonly leads: LeadsRepository,
    private readonly updates: LeadImportUpdates,
  ) {}

  checkHeader(header: SheetHeader): void {
    checkHeader(header);
  }

  async importRows(
    importer: AuthUser,
    layout: SheetLayout,
    rows: AsyncIterable<SheetRow> | Iterable<SheetRow>,
    options: ImportOptions,
  ): Promise<ImportCounts> {
    const [industries, zones] = await Promise.all([this.catalog.industryNames(), this.catalog.zoneNames()]);
    const state: RunState = {
      importer,
      layout,
      context: { timeZone: this.config.timezone, industries, zones, zoneAliases: ZONE_ALIASES },
      dryRun: options.dryRun,
      onDuplicate: options.onDuplicate ?? 'skip',
      seen: new Map(),
      seenIdentities: new Map(),
      people: new ImportPeople(this.repository, importer),
      counts: noCounts(),
    };
    await inBatches(
      rows,
      {
        batchSize: options.batchSize,
        skip: options.skip,
        passed: (row) => this.remember(state, row),
        // a batch's rows are parsed and their people found while the batch before it is written
        prepare: (batch) => this.prepareBatch(state, batch),
      },
      (batch) => this.importBatch(state, batch, options.onBatch),
    );
    return state.counts;
  }

  /** A row an earlier run handled still claims its credit code for the rows after it. */
  private remember(state: RunState, row: SheetRow): void {
    const index = state.layout.header.get('creditCode');
    const text = index === undefined ? null : readText(row.cells[index] ?? null);
    const code = text === null ? null : normalizeCreditCode(text);
    if (code && isValidCreditCode(code) && !state.seen.has(code)) state.seen.set(code, row.number);
  }

  /** A batch's rows checked on their own (parsed, their people found), which needs nothing of the batches before it. */
  private async prepareBatch(state: RunState, all: SheetRow[]): Promise<PreparedBatch> {
    // 合计 lines and notes below the table are reported as skipped, not checked as leads
    const skipped = summaryLines(all);
    const rows = all.filter((row) => !skipped.has(row.number));
    const parsed = rows.map((row) => parseLeadRow(row, state.layout, state.context));
    const resolved = rows.length ? await state.people.resolve(parsed) : new Map<ParsedLeadRow, ResolvedRow>();
    return { skipped, parsed, resolved, cells: new Map(rows.map((row) => [row.number, row.cells])) };
  }

  private async importBatch(state: RunState, batch: PreparedBatch, onBatch: ImportOptions['onBatch']): Promise<void> {
    const { skipped, parsed, resolved, cells } = batch;
    state.skipped = skipped;
    if (!parsed.length) return this.classifyAndWrite(state, [], new Map(), (reports, manager) => onBatch(reports, manager, []));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.classifyAndWrite(state, parsed, resolved, (reports, manager) => onBatch(reports, manager, rejectedRows(reports, cells)));
        return;
      } catch (error) {
        // someone created a lead with one of the batch's credit codes meanwhile: look again, it is now a duplicate
        if (attempt >= BATCH_ATTEMPTS || !isCreditCodeClash(error)) throw error;
        this.logger.warn({ msg: 'import batch met a concurrent credit code; retrying', firstRow: parsed[0].row, attempt });
      }
    }
  }

  private async classifyAndWrite(
    state: RunState,
    parsed: ParsedLeadRow[],
    resolved: Map<ParsedLeadRow, ResolvedRow>,
    onBatch: BatchSink,
  ): Promise<void> {
    const live = await this.repository.liveByCreditCodes([
      ...new Set(parsed.map((p) => p.creditCode).filter((c): c is string => c !== null)),
    ]);
    const identities = await this.identities(parsed, resolved);
    const liveIdentities = await this.repository.liveByImportIdentity([...identities.values()]);
    // what this batch adds, kept apart until it is written: a retried batch starts again from the run's maps
    const seen = new BatchAdditions(state.seen);
    const seenIdentities = new BatchAdditions(state.seenIdentities);
    const claimed: Array<{ key: string; report: ImportRowReport }> = [];
    const reports: ImportRowReport[] = [];
    const toCreate: Array<{ row: ResolvedRow; report: ImportRowReport }> = [];
    const toUpdate: ExistingLeadRow[] = [];
    for (const p of parsed) {
      const code = p.creditCode;
      const existing = code ? live.get(code) : undefined;
      const earlier = code ? seen.get(code) : undefined;
      if (code && !seen.has(code)) seen.set(code, p.row);
      const identity = identities.get(p);
      const key = identity && identityKey(identity);
      // a row with a credit code also finds the lead an earlier import created without one (the corrected ledger adds it)
      const named = key ? liveIdentities.get(key) : undefined;
      const sameLead = named && (code === null || named.creditCode === null) ? named : undefined;
      const sameRow = key && code === null ? seenIdentities.get(key) : undefined;
      const match = existing ?? (earlier === undefined && !p.errors.length ? sameLead : undefined);
      let report: ImportRowReport;
      if (match && !p.errors.length && state.onDuplicate === 'update' && canSeeLead(state.importer, match)) {
        report = { row: p.row, status: 'updated', leadId: match.leadId, duplicateOf: { leadId: match.leadId, code: match.code } };
        toUpdate.push({ row: resolved.get(p)!, lead: match, report });
      } else if (existing && canSeeLead(state.importer, existing)) {
        report = {
          row: p.row,
          status: 'duplicate',
          duplicateOf: { leadId: existing.leadId, code: existing.code },
          errors: [`${LEAD_SHEET_COLUMN.creditCode.header}: ${code} 已存在 (项目 ${existing.code})`],
        };
      } else if (existing) {
        // another team's lead: that the code is taken, not which lead holds it
        report = { row: p.row, status: 'duplicate', errors: [`${LEAD_SHEET_COLUMN.creditCode.header}: ${code} 已登记`] };
      } else if (earlier !== undefined) {
        report = {
          row: p.row,
          status: 'duplicate',
          duplicateOf: { row: earlier },
          errors: [`${LEAD_SHEET_COLUMN.creditCode.header}: ${code} 与第 ${earlier} 行重复`],
        };
      } else if (p.errors.length) {
        report = { row: p.row, status: 'error', errors: codeNameAsName(p) ? [...p.errors, codeNameAsNameError(p, false)] : p.errors };
      } else if (sameLead) {
        report = {
          row: p.row,
          status: 'duplicate',
          duplicateOf: { leadId: sameLead.leadId, code: sameLead.code },
          errors: [
            `${IDENTITY_COLUMNS}: 本团队已有同名项目 (项目 ${sameLead.code}); 没有统一社会信用代码时按这两列识别 (忽略空格、标点、全角半角和括号的差别)`,
          ],
        };
      } else if (sameRow !== undefined) {
        report = {
          row: p.row,
          status: 'duplicate',
          duplicateOf: { row: sameRow },
          errors: [`${IDENTITY_COLUMNS}: 与第 ${sameRow} 行相同`],
        };
      } else if (codeNameAsName(p)) {
        report = { row: p.row, status: 'error', errors: [codeNameAsNameError(p, true)] };
      } else {
        report = { row: p.row, status: state.dryRun ? 'valid' : 'created', ...(p.warnings.length ? { warnings: p.warnings } : {}) };
        toCreate.push({ row: resolved.get(p)!, report });
        if (key && code === null) {
          seenIdentities.set(key, p.row);
          claimed.push({ key, report });
        }
      }
      reports.push(report);
    }

    for (const [row, reason] of state.skipped ?? []) reports.push({ row, status: 'skipped', reason });
    reports.sort((a, b) => a.row - b.row);
    if (state.dryRun) {
      await this.updates.apply(state.importer, state.layout.header, toUpdate, null);
      await onBatch(reports, null);
    } else {
      await this.create(state, toCreate, toUpdate, reports, onBatch);
    }
    seen.keep();
    // a row the database refused was not created: a later row like it may be
    for (const { key, report } of claimed) if (report.status === 'error') seenIdentities.drop(key);
    seenIdentities.keep();
    countReports(state.counts, reports);
  }

  /** The identity (team, normalised 企业名称 and 项目名称) of each valid row, normalised by the database's one function. */
  private async identities(
    parsed: ParsedLeadRow[],
    resolved: Map<ParsedLeadRow, ResolvedRow>,
  ): Promise<Map<ParsedLeadRow, ImportIdentity>> {
    const valid = parsed.filter((p) => !p.errors.length);
    const texts = await this.repository.identityTexts(valid.flatMap((p) => [p.lead.companyName, p.lead.name]));
    return new Map(
      valid.map((p, i) => [p, { teamId: resolved.get(p)!.teamId, companyName: texts[2 * i], name: texts[2 * i + 1] }] as const),
    );
  }

  /**
   * Writes the batch's new leads in one transaction, with the reports (onBatch) in the same commit. When
   * the database refuses a row's data (a rule the parser does not know), the batch rolls back and is
   * written again a row at a time, each in a savepoint: the refused rows are reported as errors, the
   * others commit with the batch's reports. Anything else (connection lost, …) fails the batch whole.
   */
  private async create(
    state: RunState,
    rows: Array<{ row: ResolvedRow; report: ImportRowReport }>,
    updates: ExistingLeadRow[],
    reports: ImportRowReport[],
    onBatch: BatchSink,
  ): Promise<void> {
    const importer = state.importer;
    const now = new Date();
    const year = zonedParts(now, this.config.timezone).year;
    const first = rows.length ? await this.repository.reserveCodeNumbers(year, rows.length) : 0;
    const leads = rows.map(({ row }, i) => this.newLead(importer, row, `ZS-${year}-${String(first + i).padStart(4, '0')}`));
    rows.forEach(({ report }, i) => (report.leadId = leads[i].id));
    const entries = rows.map((entry, i) => ({ ...entry, lead: leads[i], changes: this.stageChanges(entry.row, now) }));
    try {
      await this.unitOfWork.run(async (manager) => {
        await relaxCommit(manager);
        await this.write(manager, importer, entries);
        await this.updates.apply(state.importer, state.layout.header, updates, manager);
        await onBatch(reports, manager);
      });
    } catch (error) {
      if (!isRowDataError(error)) throw error;
      this.logger.warn({
        msg: 'import batch refused by the database; writing it row by row',
        firstRow: reports[0]?.row,
        error: (error as Error).message,
      });
      // a row rolled back to its savepoint may leave a reminder job behind: it finds no reminder and does nothing
      await this.unitOfWork.run(async (manager) => {
        await relaxCommit(manager);
        for (const { report } of updates)
          Object.assign(report, {
            status: 'updated',
            leadId: report.duplicateOf && 'leadId' in report.duplicateOf ? report.duplicateOf.leadId : undefined,
          });
        await this.updates.apply(state.importer, state.layout.header, updates, manager);
        for (const entry of entries) {
          await manager.query('SAVEPOINT import_row');
          try {
            await this.write(manager, importer, [entry]);
            await manager.query('RELEASE SAVEPOINT import_row');
          } catch (rowError) {
            if (!isRowDataError(rowError)) throw rowError;
            await manager.query('ROLLBACK TO SAVEPOINT import_row');
            this.logger.warn({ msg: 'import row refused by the database', row: entry.row.parsed.row, error: (rowError as Error).message });
            Object.assign(entry.report, { status: 'error', errors: [REFUSED_BY_DATABASE] });
            delete entry.report.leadId;
            delete entry.report.warnings;
          }
        }
        await onBatch(reports, manager);
      });
    }
  }

  /**
   * A batch's new leads, set-based: one INSERT of the leads at their stage and status (the summary tables' triggers run
   * once for the batch, not once per row), their `created` events, the commissioners' history rows, one INSERT of the
   * `imported` transitions with their events, and the follow-up reminders, as a transition would record them.
   */
  private async write(
    manager: EntityManager,
    importer: AuthUser,
    entries: Array<{ row: ResolvedRow; lead: Partial<Lead> & { id: string }; changes: Partial<Lead> }>,
  ): Promise<void> {
    await this.repository.insertLeads(
      manager,
      entries.map(({ lead, changes }) => ({ ...lead, ...changes })),
    );
    await this.leads.appendEvents(
      entries.map(({ row, lead }) => ({
        leadId: lead.id,
        kind: 'created',
        actorId: importer.id,
        data: { code: lead.code, imported: true, row: row.parsed.row },
      })),
      manager,
    );
    await this.repository.insertAssignments(
      manager,
      entries.flatMap(({ row, lead }) =>
        row.commissionerId ? [{ leadId: lead.id, commissionerId: row.commissionerId, assignedBy: importer.id, note: '台账导入' }] : [],
      ),
    );
    await this.transitions.recordImported(
      manager,
      importer.id,
      entries.map(({ row, lead, changes }) => ({ leadId: lead.id, changes, note: `台账导入 (第 ${row.parsed.row} 行)` })),
    );
    await this.reminders.syncFollowUps(
      manager,
      entries.flatMap(({ row, lead }) =>
        lead.nextFollowUpAt ? [{ id: lead.id, nextFollowUpAt: lead.nextFollowUpAt, status: row.parsed.lead.status }] : [],
      ),
      { created: true },
    );
  }

  /** The lead's own fields; its stage and status come with stageChanges (written in the same INSERT), version 1 as after that one move. */
  private newLead(importer: AuthUser, row: ResolvedRow, code: string): Partial<Lead> & { id: string } {
    const l = row.parsed.lead;
    return {
      ...(Object.fromEntries(INSERTED.map((key) => [key, l[key]])) as Partial<Lead>),
      id: timeOrderedUuid(),
      code,
      ...row.referrer,
      ownerId: row.owner.id,
      teamId: row.teamId,
      commissionerId: row.commissionerId,
      createdBy: importer.id,
      version: 1,
    };
  }

  /** What the imported transition writes: stage, status, the gate and status data the row carries, and when the stage began. */
  private stageChanges(row: ResolvedRow, now: Date): Partial<Lead> {
    const l = row.parsed.lead;
    const changes: Partial<Lead> = { stage: l.stage, status: l.status, stageEnteredAt: this.stageEnteredAt(l.stage, l, now) };
    for (const field of TRANSITION_WRITES)
      if (l[field] !== null && l[field] !== undefined) (changes as Record<string, unknown>)[field] = l[field];
    return changes;
  }

  /** A ledger row's stage began on the date that marks it (the pipeline model's enteredOn: 签约/开工/投产 dates), not on the day of the import; never in the future. */
  private stageEnteredAt(stage: LeadStage, l: ParsedLeadRow['lead'], now: Date): Date {
    const field = PIPELINE.enteredOn(stage);
    const marked = field ? l[field] : null;
    const day = typeof marked === 'string' ? marked : null;
    if (!day) return now;
    const [year, month, date] = day.split('-').map(Number);
    const start = fromWallClock({ year, month, day: date, hour: 0, minute: 0, second: 0 }, this.config.timezone);
    return start < now ? start : now;
  }
}

/** What the imported transition writes (as a transition would), not the first insert: the gate data and the status's reason. */
const TRANSITION_WRITES: readonly string[] = [...GATE_INPUT_FIELDS, 'lostReason', 'lostTo', 'statusNote'];
/** Placed by hand in newLead and stageChanges. */
const PLACED = new Set(['ownerId', 'commissionerId', 'teamId', 'stage', 'status', ...REFERRER_KEYS, ...TRANSITION_WRITES]);
/** The imported fields of the model the first insert writes as the row gives them. */
const INSERTED = LEAD_FIELDS.filter((f) => f.sheet?.imported && !PLACED.has(f.key)).map((f) => f.key);

/**
 * The row's 项目名称 is its 项目代号: the export writes a confidential project's 代号 in the name column. An
 * existing lead keeps its real name (LeadImportUpdates); a new one would store the 代号 as its name, so the row
 * is refused, saying what to fill in.
 */
const codeNameAsName = (p: ParsedLeadRow): boolean => typeof p.lead.codeName === 'string' && p.lead.codeName === p.lead.name;

const codeNameAsNameError = (p: ParsedLeadRow, notFound: boolean): string =>
  `${LEAD_SHEET_COLUMN.name.header}: 与${LEAD_SHEET_COLUMN.codeName.header}相同 (「${p.lead.name}」): 导出的保密项目在项目名称列写的是代号, ` +
  `不是真实名称; ${notFound ? '系统中没有找到这个项目, ' : ''}新建时请填写真实的项目名称 (代号留在${LEAD_SHEET_COLUMN.codeName.header}列)`;

/** Columns that identify a row without a credit code (with the owner's team). */
const IDENTITY_COLUMNS = `${LEAD_SHEET_COLUMN.name.header} + ${LEAD_SHEET_COLUMN.companyName.header}`;

/**
 * A run's map (keys of earlier rows, by row number) as one batch sees it: read through to the run's map, written
 * beside it until `keep()`. Copying the run's map for each batch instead cost O(rows²) over a file.
 */
class BatchAdditions {
  private readonly added = new Map<string, number>();

  constructor(private readonly run: Map<string, number>) {}

  get(key: string): number | undefined {
    return this.added.get(key) ?? this.run.get(key);
  }

  has(key: string): boolean {
    return this.added.has(key) || this.run.has(key);
  }

  set(key: string, row: number): void {
    this.added.set(key, row);
  }

  /** Forgets what this batch added under `key` (the run's own entries are never dropped: a batch only adds). */
  drop(key: string): void {
    this.added.delete(key);
  }

  keep(): void {
    for (const [key, row] of this.added) this.run.set(key, row);
  }
}

/**
 * The batch's commit does not wait for its WAL to reach the disk (~200 such waits in a 100,000-row file). Safe here:
 * a batch commits its rows with the import's progress, so a database crash that loses the last commits loses them
 * together and the import's next run starts again after the rows that survived.
 */
async function relaxCommit(manager: EntityManager): Promise<void> {
  await manager.query('SET LOCAL synchronous_commit = off');
}

/** The database refused a row's data (SQLSTATE class 22 data exception, 23 integrity) — not a concurrent credit code, which is retried. */
function isRowDataError(error: unknown): boolean {
  if (!(error instanceof QueryFailedError) || isCreditCodeClash(error)) return false;
  const code = (error.driverError as { code?: string }).code ?? '';
  return code.startsWith('22') || code.startsWith('23');
}

function isCreditCodeClash(error: unknown): boolean {
  return isUniqueViolation(error, CREDIT_CODE_HOLDER_INDEX);
}
