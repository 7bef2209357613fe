import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuthUser, seesEverything } from '../../common/auth/auth-user';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { zonedParts } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { isValidCreditCode, normalizeCreditCode } from '../leads/credit-code';
import { canSeeLead, refusedPlacement } from '../leads/lead-access';
import { Lead } from '../leads/lead.entity';
import { LeadStage, LeadStatus } from '../leads/lead.enums';
import { LEAD_FIELDS } from '../leads/lead.model';
import { GATE_INPUT_FIELDS, PIPELINE } from '../pipeline/pipeline.model';
import { TransitionsService } from '../pipeline/transitions.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { Role } from '../users/role.enum';
import { ImportRowReport } from './import.entity';
import { identityKey, ImportIdentity, ImportUser, LeadImportRepository } from './lead-import.repository';
import { ParsedLeadRow, parseLeadRow, RowContext, SheetHeader } from './lead-row.parser';
import { LEAD_SHEET_COLUMN } from './lead-sheet.columns';
import { isBlankRow, isSummaryOrNoteRow, SheetRow } from './sheet-reader';
import { readText } from './sheet-values';
import { fromWallClock } from './sheet-time';

export const IMPORT_BATCH_SIZE = 500;
/** A batch is also cut when its rows hold this much text, so the rows in memory stay small whatever the cells hold. */
const BATCH_MAX_CHARS = 4_000_000;
const UNIQUE_VIOLATION = '23505';
const BATCH_ATTEMPTS = 3;
/** What a row the database refused says in the report (the database's own message goes to the log only). */
const REFUSED_BY_DATABASE = '数据库拒绝了此行 (未导入; 请检查此行的内容后重新导入)';

export interface ImportOptions {
  dryRun: boolean;
  batchSize?: number;
  /** Data rows to pass over: those an earlier run of the same import has committed. */
  skip?: number;
  /** Receives each batch's reports; in a real import it runs inside the batch's transaction. */
  onBatch: (reports: ImportRowReport[], manager: EntityManager | null) => Promise<void>;
}

export interface ImportCounts {
  processed: number;
  created: number;
  valid: number;
  duplicates: number;
  errors: number;
  skipped: number;
}

interface ResolvedRow {
  parsed: ParsedLeadRow;
  owner: { id: string; teamId: string | null };
  commissionerId: string | null;
}

/** What one run of an import remembers across its batches. */
interface RunState {
  importer: AuthUser;
  header: SheetHeader;
  context: RowContext;
  dryRun: boolean;
  /** Credit codes of earlier rows of the file: a later row with one of them is a duplicate. */
  seen: Map<string, number>;
  /** Import identities (identityKey) of earlier rows without a credit code that this run creates (or, dry, finds valid). */
  seenIdentities: Map<string, number>;
  users: Map<string, ImportUser | null>;
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
export class LeadImportService {
  private readonly logger = new Logger(LeadImportService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: LeadImportRepository,
    private readonly catalog: CatalogService,
    private readonly transitions: TransitionsService,
    private readonly reminders: ReminderScheduler,
  ) {}

  async importRows(
    importer: AuthUser,
    header: SheetHeader,
    rows: AsyncIterable<SheetRow> | Iterable<SheetRow>,
    options: ImportOptions,
  ): Promise<ImportCounts> {
    const [industries, zones] = await Promise.all([this.catalog.industryNames(), this.catalog.zoneNames()]);
    const state: RunState = {
      importer,
      header,
      context: { timeZone: this.config.timezone, industries, zones },
      dryRun: options.dryRun,
      seen: new Map(),
      seenIdentities: new Map(),
      users: new Map(),
      counts: { processed: 0, created: 0, valid: 0, duplicates: 0, errors: 0, skipped: 0 },
    };
    const size = options.batchSize ?? IMPORT_BATCH_SIZE;
    const skip = options.skip ?? 0;
    let index = 0;
    let batch: SheetRow[] = [];
    let batchChars = 0;
    for await (const row of rows) {
      if (isBlankRow(row)) continue;
      index += 1;
      if (index <= skip) {
        this.remember(state, row);
        continue;
      }
      batch.push(row);
      batchChars += textLength(row);
      if (batch.length >= size || batchChars >= BATCH_MAX_CHARS) {
        await this.importBatch(state, batch, options.onBatch);
        batch = [];
        batchChars = 0;
      }
    }
    if (batch.length) await this.importBatch(state, batch, options.onBatch);
    return state.counts;
  }

  /** A row an earlier run handled still claims its credit code for the rows after it. */
  private remember(state: RunState, row: SheetRow): void {
    const index = state.header.get('creditCode');
    const text = index === undefined ? null : readText(row.cells[index] ?? null);
    const code = text === null ? null : normalizeCreditCode(text);
    if (code && isValidCreditCode(code) && !state.seen.has(code)) state.seen.set(code, row.number);
  }

  private async importBatch(state: RunState, all: SheetRow[], onBatch: ImportOptions['onBatch']): Promise<void> {
    // 合计 lines and notes below the table are reported as skipped, not checked as leads
    const skipped = new Map(
      all.flatMap((row) => {
        const reason = isSummaryOrNoteRow(row);
        return reason ? [[row.number, reason] as const] : [];
      }),
    );
    const rows = all.filter((row) => !skipped.has(row.number));
    state.skipped = skipped;
    if (!rows.length) return this.classifyAndWrite(state, [], new Map(), onBatch);
    const parsed = rows.map((row) => parseLeadRow(row, state.header, state.context));
    const resolved = await this.resolvePeople(state, parsed);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.classifyAndWrite(state, parsed, resolved, onBatch);
        return;
      } catch (error) {
        // someone created a lead with one of the batch's credit codes meanwhile: look again, it is now a duplicate
        if (attempt >= BATCH_ATTEMPTS || !isCreditCodeClash(error)) throw error;
        this.logger.warn({ msg: 'import batch met a concurrent credit code; retrying', firstRow: rows[0].number, attempt });
      }
    }
  }

  private async classifyAndWrite(
    state: RunState,
    parsed: ParsedLeadRow[],
    resolved: Map<ParsedLeadRow, ResolvedRow>,
    onBatch: ImportOptions['onBatch'],
  ): Promise<void> {
    const live = await this.repository.liveByCreditCodes([
      ...new Set(parsed.map((p) => p.creditCode).filter((c): c is string => c !== null)),
    ]);
    const identities = new Map(
      parsed.flatMap((p) => (p.creditCode === null && !p.errors.length ? [[p, importIdentity(p, resolved.get(p)!)] as const] : [])),
    );
    const liveIdentities = await this.repository.liveByImportIdentity([...identities.values()]);
    const seen = new Map(state.seen);
    const seenIdentities = new Map(state.seenIdentities);
    const claimed: Array<{ key: string; report: ImportRowReport }> = [];
    const reports: ImportRowReport[] = [];
    const toCreate: Array<{ row: ResolvedRow; report: ImportRowReport }> = [];
    for (const p of parsed) {
      const code = p.creditCode;
      const existing = code ? live.get(code) : undefined;
      const earlier = code ? seen.get(code) : undefined;
      if (code && !seen.has(code)) seen.set(code, p.row);
      const identity = identities.get(p);
      const key = identity && identityKey(identity);
      const sameLead = key ? liveIdentities.get(key) : undefined;
      const sameRow = key ? seenIdentities.get(key) : undefined;
      let report: ImportRowReport;
      if (existing && canSeeLead(state.importer, existing)) {
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
        report = { row: p.row, status: 'error', errors: p.errors };
      } else if (sameLead) {
        report = {
          row: p.row,
          status: 'duplicate',
          duplicateOf: sameLead,
          errors: [`${IDENTITY_COLUMNS}: 本团队已有同名项目 (项目 ${sameLead.code}); 没有统一社会信用代码的行按这两列识别`],
        };
      } else if (sameRow !== undefined) {
        report = {
          row: p.row,
          status: 'duplicate',
          duplicateOf: { row: sameRow },
          errors: [`${IDENTITY_COLUMNS}: 与第 ${sameRow} 行相同`],
        };
      } else {
        report = { row: p.row, status: state.dryRun ? 'valid' : 'created', ...(p.warnings.length ? { warnings: p.warnings } : {}) };
        toCreate.push({ row: resolved.get(p)!, report });
        if (key) {
          seenIdentities.set(key, p.row);
          claimed.push({ key, report });
        }
      }
      reports.push(report);
    }

    for (const [row, reason] of state.skipped ?? []) reports.push({ row, status: 'skipped', reason });
    reports.sort((a, b) => a.row - b.row);
    if (state.dryRun) {
      await onBatch(reports, null);
    } else {
      await this.create(state.importer, toCreate, reports, onBatch);
    }
    state.seen = seen;
    // a row the database refused was not created: a later row like it may be
    for (const { key, report } of claimed) if (report.status === 'error') seenIdentities.delete(key);
    state.seenIdentities = seenIdentities;
    for (const report of reports) {
      state.counts.processed += 1;
      if (report.status === 'created') state.counts.created += 1;
      else if (report.status === 'valid') state.counts.valid += 1;
      else if (report.status === 'duplicate') state.counts.duplicates += 1;
      else if (report.status === 'skipped') state.counts.skipped += 1;
      else state.counts.errors += 1;
    }
  }

  /** Owner (default: the importer) and commissioner (leaders and admins only) by username, looked up once per run. */
  private async resolvePeople(state: RunState, parsed: ParsedLeadRow[]): Promise<Map<ParsedLeadRow, ResolvedRow>> {
    const wanted = new Set<string>();
    for (const p of parsed) {
      for (const name of [p.ownerUsername, p.commissionerUsername])
        if (name && !state.users.has(name.toLowerCase())) wanted.add(name.toLowerCase());
    }
    if (wanted.size) {
      const found = await this.repository.usersByUsername([...wanted]);
      for (const name of wanted) state.users.set(name, found.find((u) => u.username === name) ?? null);
    }
    const mayAssign = seesEverything(state.importer);
    const resolved = new Map<ParsedLeadRow, ResolvedRow>();
    for (const p of parsed) {
      let owner: { id: string; teamId: string | null } = { id: state.importer.id, teamId: state.importer.teamId };
      if (p.ownerUsername) {
        const user = state.users.get(p.ownerUsername.toLowerCase());
        if (user && user.active) owner = { id: user.id, teamId: user.teamId };
        else p.errors.push(`${LEAD_SHEET_COLUMN.ownerUsername.header}: 「${p.ownerUsername}」不是在职用户的账号`);
      }
      // the lead goes to its owner's team: the API's rule for who may set team and owner
      if (refusedPlacement(state.importer, { teamId: owner.teamId, owner }).length) {
        p.errors.push(`${LEAD_SHEET_COLUMN.ownerUsername.header}: 只能指定本人或本团队的在职成员为负责人`);
      }
      let commissionerId: string | null = null;
      if (p.commissionerUsername) {
        const user = state.users.get(p.commissionerUsername.toLowerCase());
        if (!mayAssign) p.errors.push(`${LEAD_SHEET_COLUMN.commissionerUsername.header}: 只有领导或管理员可以通过导入指派护商专员`);
        else if (!user || !user.active || !user.roles.includes(Role.Commissioner))
          p.errors.push(`${LEAD_SHEET_COLUMN.commissionerUsername.header}: 「${p.commissionerUsername}」不是在职的护商专员`);
        else commissionerId = user.id;
      }
      resolved.set(p, { parsed: p, owner, commissionerId });
    }
    return resolved;
  }

  /**
   * Writes the batch's new leads in one transaction, with the reports (onBatch) in the same commit. When
   * the database refuses a row's data (a rule the parser does not know), the batch rolls back and is
   * written again a row at a time, each in a savepoint: the refused rows are reported as errors, the
   * others commit with the batch's reports. Anything else (connection lost, …) fails the batch whole.
   */
  private async create(
    importer: AuthUser,
    rows: Array<{ row: ResolvedRow; report: ImportRowReport }>,
    reports: ImportRowReport[],
    onBatch: ImportOptions['onBatch'],
  ): Promise<void> {
    const now = new Date();
    const year = zonedParts(now, this.config.timezone).year;
    const first = rows.length ? await this.repository.reserveCodeNumbers(year, rows.length) : 0;
    const leads = rows.map(({ row }, i) => this.newLead(importer, row, `ZS-${year}-${String(first + i).padStart(4, '0')}`));
    rows.forEach(({ report }, i) => (report.leadId = leads[i].id));
    const entries = rows.map((entry, i) => ({ ...entry, lead: leads[i] }));
    try {
      await this.unitOfWork.run(async (manager) => {
        await this.write(manager, importer, entries, now);
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
        for (const entry of entries) {
          await manager.query('SAVEPOINT import_row');
          try {
            await this.write(manager, importer, [entry], now);
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

  private async write(
    manager: EntityManager,
    importer: AuthUser,
    entries: Array<{ row: ResolvedRow; lead: Partial<Lead> & { id: string } }>,
    now: Date,
  ): Promise<void> {
    await this.repository.insertLeads(
      manager,
      entries.map((e) => e.lead),
    );
    await this.repository.insertCreatedEvents(
      manager,
      entries.map(({ row, lead }) => ({
        leadId: lead.id,
        actorId: importer.id,
        data: { code: lead.code, imported: true, row: row.parsed.row },
      })),
    );
    await this.repository.insertAssignments(
      manager,
      entries.flatMap(({ row, lead }) =>
        row.commissionerId ? [{ leadId: lead.id, commissionerId: row.commissionerId, assignedBy: importer.id, note: '台账导入' }] : [],
      ),
    );
    for (const { row, lead } of entries) {
      await this.transitions.record(
        manager,
        lead as Lead,
        importer.id,
        'imported',
        this.stageChanges(row, now),
        `台账导入 (第 ${row.parsed.row} 行)`,
      );
      if (lead.nextFollowUpAt)
        await this.reminders.syncFollowUp(manager, { id: lead.id, nextFollowUpAt: lead.nextFollowUpAt, status: row.parsed.lead.status });
    }
  }

  /** The lead as first inserted: at 线索 / active and version 0, so the imported transition brings it to its stage at version 1. */
  private newLead(importer: AuthUser, row: ResolvedRow, code: string): Partial<Lead> & { id: string } {
    const l = row.parsed.lead;
    return {
      ...(Object.fromEntries(INSERTED.map((key) => [key, l[key]])) as Partial<Lead>),
      id: randomUUID(),
      code,
      ownerId: row.owner.id,
      teamId: row.owner.teamId,
      commissionerId: row.commissionerId,
      stage: LeadStage.Lead,
      status: LeadStatus.Active,
      createdBy: importer.id,
      version: 0,
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
const PLACED = new Set(['ownerId', 'commissionerId', 'teamId', 'stage', 'status', ...TRANSITION_WRITES]);
/** The imported fields of the model the first insert writes as the row gives them. */
const INSERTED = LEAD_FIELDS.filter((f) => f.sheet?.imported && !PLACED.has(f.key)).map((f) => f.key);

/** Columns that identify a row without a credit code (with the owner's team). */
const IDENTITY_COLUMNS = `${LEAD_SHEET_COLUMN.name.header} + ${LEAD_SHEET_COLUMN.companyName.header}`;

/**
 * A row without a credit code is the lead of the same team with the same 项目名称 and 企业名称: so a
 * re-upload of the same (or a corrected) file finds the rows it created before instead of adding them
 * again. Scoped to the owner's team, so a row never reports another team's lead.
 */
function importIdentity(parsed: ParsedLeadRow, resolved: ResolvedRow): ImportIdentity {
  return { teamId: resolved.owner.teamId, name: parsed.lead.name, companyName: parsed.lead.companyName };
}

function textLength(row: SheetRow): number {
  let chars = 0;
  for (const cell of row.cells) if (typeof cell === 'string') chars += cell.length;
  return chars;
}

/** The database refused a row's data (SQLSTATE class 22 data exception, 23 integrity) — not a concurrent credit code, which is retried. */
function isRowDataError(error: unknown): boolean {
  if (!(error instanceof QueryFailedError) || isCreditCodeClash(error)) return false;
  const code = (error.driverError as { code?: string }).code ?? '';
  return code.startsWith('22') || code.startsWith('23');
}

function isCreditCodeClash(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === 'uq_leads_credit_code_live';
}
