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
import { TransitionsService } from '../pipeline/transitions.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { Role } from '../users/role.enum';
import { ImportRowReport } from './import.entity';
import { ImportUser, LeadImportRepository } from './lead-import.repository';
import { ParsedLeadRow, parseLeadRow, RowContext, SheetHeader } from './lead-row.parser';
import { LEAD_SHEET_COLUMN } from './lead-sheet.columns';
import { isBlankRow, SheetRow } from './sheet-reader';
import { readText } from './sheet-values';
import { fromWallClock } from './sheet-time';

export const IMPORT_BATCH_SIZE = 500;
const UNIQUE_VIOLATION = '23505';
const BATCH_ATTEMPTS = 3;

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
  users: Map<string, ImportUser | null>;
  counts: ImportCounts;
}

/**
 * Imports lead rows in batches (500 a transaction by default): checks each row as the API would,
 * finds duplicates by credit code (live leads, then earlier rows of the file), and creates the valid
 * rows at their stage and status with an `imported` transition, a `created` audit event, the
 * commissioner's history row and the follow-up reminders. Memory holds one batch at a time.
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

  async importRows(importer: AuthUser, header: SheetHeader, rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, options: ImportOptions): Promise<ImportCounts> {
    const [industries, zones] = await Promise.all([this.catalog.industryNames(), this.catalog.zoneNames()]);
    const state: RunState = {
      importer,
      header,
      context: { timeZone: this.config.timezone, industries, zones },
      dryRun: options.dryRun,
      seen: new Map(),
      users: new Map(),
      counts: { processed: 0, created: 0, valid: 0, duplicates: 0, errors: 0 },
    };
    const size = options.batchSize ?? IMPORT_BATCH_SIZE;
    const skip = options.skip ?? 0;
    let index = 0;
    let batch: SheetRow[] = [];
    for await (const row of rows) {
      if (isBlankRow(row)) continue;
      index += 1;
      if (index <= skip) {
        this.remember(state, row);
        continue;
      }
      batch.push(row);
      if (batch.length >= size) {
        await this.importBatch(state, batch, options.onBatch);
        batch = [];
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

  private async importBatch(state: RunState, rows: SheetRow[], onBatch: ImportOptions['onBatch']): Promise<void> {
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

  private async classifyAndWrite(state: RunState, parsed: ParsedLeadRow[], resolved: Map<ParsedLeadRow, ResolvedRow>, onBatch: ImportOptions['onBatch']): Promise<void> {
    const live = await this.repository.liveByCreditCodes([...new Set(parsed.map((p) => p.creditCode).filter((c): c is string => c !== null))]);
    const seen = new Map(state.seen);
    const reports: ImportRowReport[] = [];
    const toCreate: Array<{ row: ResolvedRow; report: ImportRowReport }> = [];
    for (const p of parsed) {
      const code = p.creditCode;
      const existing = code ? live.get(code) : undefined;
      const earlier = code ? seen.get(code) : undefined;
      if (code && !seen.has(code)) seen.set(code, p.row);
      let report: ImportRowReport;
      if (existing && canSeeLead(state.importer, existing)) {
        report = { row: p.row, status: 'duplicate', duplicateOf: { leadId: existing.leadId, code: existing.code }, errors: [`${LEAD_SHEET_COLUMN.creditCode.header}: ${code} 已存在 (项目 ${existing.code})`] };
      } else if (existing) {
        // another team's lead: that the code is taken, not which lead holds it
        report = { row: p.row, status: 'duplicate', errors: [`${LEAD_SHEET_COLUMN.creditCode.header}: ${code} 已登记`] };
      } else if (earlier !== undefined) {
        report = { row: p.row, status: 'duplicate', duplicateOf: { row: earlier }, errors: [`${LEAD_SHEET_COLUMN.creditCode.header}: ${code} 与第 ${earlier} 行重复`] };
      } else if (p.errors.length) {
        report = { row: p.row, status: 'error', errors: p.errors };
      } else {
        report = { row: p.row, status: state.dryRun ? 'valid' : 'created', ...(p.warnings.length ? { warnings: p.warnings } : {}) };
        toCreate.push({ row: resolved.get(p)!, report });
      }
      reports.push(report);
    }

    if (state.dryRun) {
      await onBatch(reports, null);
    } else {
      await this.create(state.importer, toCreate, reports, onBatch);
    }
    state.seen = seen;
    for (const report of reports) {
      state.counts.processed += 1;
      if (report.status === 'created') state.counts.created += 1;
      else if (report.status === 'valid') state.counts.valid += 1;
      else if (report.status === 'duplicate') state.counts.duplicates += 1;
      else state.counts.errors += 1;
    }
  }

  /** Owner (default: the importer) and commissioner (leaders and admins only) by username, looked up once per run. */
  private async resolvePeople(state: RunState, parsed: ParsedLeadRow[]): Promise<Map<ParsedLeadRow, ResolvedRow>> {
    const wanted = new Set<string>();
    for (const p of parsed) {
      for (const name of [p.ownerUsername, p.commissionerUsername]) if (name && !state.users.has(name.toLowerCase())) wanted.add(name.toLowerCase());
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
        else if (!user || !user.active || !user.roles.includes(Role.Commissioner)) p.errors.push(`${LEAD_SHEET_COLUMN.commissionerUsername.header}: 「${p.commissionerUsername}」不是在职的护商专员`);
        else commissionerId = user.id;
      }
      resolved.set(p, { parsed: p, owner, commissionerId });
    }
    return resolved;
  }

  /** Writes the batch's new leads in one transaction, with the reports (onBatch) in the same commit. */
  private async create(importer: AuthUser, rows: Array<{ row: ResolvedRow; report: ImportRowReport }>, reports: ImportRowReport[], onBatch: ImportOptions['onBatch']): Promise<void> {
    const now = new Date();
    const year = zonedParts(now, this.config.timezone).year;
    const first = rows.length ? await this.repository.reserveCodeNumbers(year, rows.length) : 0;
    const leads = rows.map(({ row }, i) => this.newLead(importer, row, `ZS-${year}-${String(first + i).padStart(4, '0')}`));
    rows.forEach(({ report }, i) => (report.leadId = leads[i].id));
    await this.unitOfWork.run(async (manager) => {
      await this.repository.insertLeads(manager, leads);
      await this.repository.insertCreatedEvents(
        manager,
        rows.map(({ row }, i) => ({ leadId: leads[i].id, actorId: importer.id, data: { code: leads[i].code, imported: true, row: row.parsed.row } })),
      );
      await this.repository.insertAssignments(
        manager,
        rows.flatMap(({ row }, i) => (row.commissionerId ? [{ leadId: leads[i].id, commissionerId: row.commissionerId, assignedBy: importer.id, note: '台账导入' }] : [])),
      );
      for (const [i, { row }] of rows.entries()) {
        const lead = leads[i] as Lead;
        await this.transitions.record(manager, lead, importer.id, 'imported', this.stageChanges(row, now), `台账导入 (第 ${row.parsed.row} 行)`);
        if (lead.nextFollowUpAt) await this.reminders.syncFollowUp(manager, { id: lead.id, nextFollowUpAt: lead.nextFollowUpAt, status: row.parsed.lead.status });
      }
      await onBatch(reports, manager);
    });
  }

  /** The lead as first inserted: at 线索 / active and version 0, so the imported transition brings it to its stage at version 1. */
  private newLead(importer: AuthUser, row: ResolvedRow, code: string): Partial<Lead> & { id: string } {
    const l = row.parsed.lead;
    return {
      id: randomUUID(),
      code,
      name: l.name,
      codeName: l.codeName,
      companyName: l.companyName,
      creditCode: l.creditCode,
      industryCode: l.industryCode,
      source: l.source,
      sourceCity: l.sourceCity,
      plannedInvestment: l.plannedInvestment,
      expectedAnnualOutput: l.expectedAnnualOutput,
      expectedAnnualTax: l.expectedAnnualTax,
      expectedJobs: l.expectedJobs,
      landAreaMu: l.landAreaMu,
      zoneCode: l.zoneCode,
      keyProjectLevel: l.keyProjectLevel,
      contacts: l.contacts,
      ownerId: row.owner.id,
      teamId: row.owner.teamId,
      commissionerId: row.commissionerId,
      stage: LeadStage.Lead,
      status: LeadStatus.Active,
      nextFollowUpAt: l.nextFollowUpAt,
      lastFollowUpAt: l.lastFollowUpAt,
      createdBy: importer.id,
      version: 0,
    };
  }

  /** What the imported transition writes: stage, status, the gate data the row carries, and when the stage began. */
  private stageChanges(row: ResolvedRow, now: Date): Partial<Lead> {
    const l = row.parsed.lead;
    const changes: Partial<Lead> = { stage: l.stage, status: l.status, stageEnteredAt: this.stageEnteredAt(l.stage, l, now) };
    const optional = { signedAt: l.signedAt, contractInvestment: l.contractInvestment, agreedStartDate: l.agreedStartDate, agreedOperatingDate: l.agreedOperatingDate, constructionStartedAt: l.constructionStartedAt, operatingAt: l.operatingAt, actualInvestment: l.actualInvestment, lostReason: l.lostReason, lostTo: l.lostTo, statusNote: l.statusNote };
    for (const [field, value] of Object.entries(optional)) if (value !== null) (changes as Record<string, unknown>)[field] = value;
    return changes;
  }

  /** A ledger row's stage began on the date that marks it (签约/开工/投产), not on the day of the import; never in the future. */
  private stageEnteredAt(stage: LeadStage, l: ParsedLeadRow['lead'], now: Date): Date {
    const day = stage === LeadStage.Signed ? l.signedAt : stage === LeadStage.Building ? l.constructionStartedAt : stage === LeadStage.Operating ? l.operatingAt : null;
    if (!day) return now;
    const [year, month, date] = day.split('-').map(Number);
    const start = fromWallClock({ year, month, day: date, hour: 0, minute: 0, second: 0 }, this.config.timezone);
    return start < now ? start : now;
  }
}

function isCreditCodeClash(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === 'uq_leads_credit_code_live';
}
