import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { writableFields } from '../leads/dto/lead-fields';
import { leadFieldChanges } from '../leads/lead-changes';
import { Lead } from '../leads/lead.entity';
import { maySet } from '../leads/lead.model';
import { REFERRER_FIELDS, REFERRER_KEYS, referrerLocked } from '../leads/lead-referrer';
import { LeadsRepository } from '../leads/leads.repository';
import { ImportRowReport } from './import.entity';
import { ResolvedRow } from './lead-import-people';
import { LiveLeadRef } from './lead-import.repository';
import { headerOf, SheetHeader } from './lead-row.parser';
import { LEAD_SHEET_COLUMN } from './lead-sheet.columns';

/** A row of the file that matches a live lead the importer may see, with the report it fills in. */
export interface ExistingLeadRow {
  row: ResolvedRow;
  lead: LiveLeadRef;
  report: ImportRowReport;
}

/** What a batch writes to one existing lead: the lead after its rows' changes, and each row's report and event data. */
interface LeadWrite {
  lead: Lead;
  expectedVersion: number;
  changes: Partial<Lead>;
  rows: Array<{ report: ImportRowReport; event: Record<string, unknown> }>;
}

/** An import with onDuplicate=update: the rows that match live leads change them, as PATCH would. */
@Injectable()
export class LeadImportUpdates {
  constructor(private readonly leads: LeadsRepository) {}

  /**
   * The ledger as the newer truth: each matched lead gets the plain editable fields the file maps and
   * fills (UPDATABLE; an empty cell clears nothing), as PATCH would write them (version bumped, a
   * field_changed event). Stage, status, owner, team and commissioner are never changed here. A lead
   * changed meanwhile (its version moved) is reported as an error; the dry run only reports the changes.
   * Set-based: the batch's leads are read (and locked) in one statement, written in one and their events in
   * one; a lead two rows of the batch name is changed by the first row, then by the second from there, as
   * two updates one after the other would.
   */
  async apply(importer: AuthUser, header: SheetHeader, rows: ExistingLeadRow[], manager: EntityManager | null): Promise<void> {
    if (!rows.length) return;
    const fields = UPDATABLE.filter((f) => maySet(f, importer.roles) && mapped(header, f.key));
    const stored = await this.leads.findLiveMany(
      rows.map(({ lead }) => lead.leadId),
      manager ?? undefined,
      manager !== null,
    );
    // by lead: the lead as the batch's earlier rows left it, and what this batch writes to it
    const writes = new Map<string, LeadWrite>();
    for (const { row, lead, report } of rows) {
      const written = manager ? writes.get(lead.leadId) : undefined;
      const current = written?.lead ?? stored.get(lead.leadId);
      if (!current) {
        notUpdated(report, 'error', UPDATED_MEANWHILE);
        continue;
      }
      const values: Record<string, unknown> = {};
      for (const field of fields) {
        const value = row.parsed.lead[field.key];
        if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
        // a code is added to a lead that has none, never replaced (it is how the lead is found)
        if (field.key === 'creditCode' && current.creditCode !== null) continue;
        values[field.key] = value;
      }
      const warnings = [...row.parsed.warnings];
      // an export shows a confidential project's 代号 in place of its name: that is not a new name
      if (current.codeName !== null && values.name === current.codeName) {
        delete values.name;
        warnings.push(`${LEAD_SHEET_COLUMN.name.header}: 表中为项目代号「${current.codeName}」, 保留原项目名称`);
      }
      // a row naming a referrer replaces the lead's (an empty 首引人联系方式 keeps the stored one)
      if (row.referrer) Object.assign(values, row.referrer, { referrerContact: row.referrer.referrerContact ?? current.referrerContact });
      const { changes, diff } = leadFieldChanges(current, values, [...fields, ...REFERRER_FIELDS]);
      // the API's rule: once the signing confirmed the referrer, only a leader corrects it (PUT /leads/:id/referrer)
      const referrerChanged = diff.map((d) => d.field).filter((field) => REFERRER_KEYS.includes(field));
      if (referrerChanged.length && current.referrerConfirmedAt) {
        notUpdated(report, 'error', `${referrerChanged.map(headerOf).join('、')}: ${referrerLocked(referrerChanged).message}`);
        continue;
      }
      if (row.parsed.lead.stage !== current.stage || row.parsed.lead.status !== current.status)
        warnings.push(
          `${LEAD_SHEET_COLUMN.stage.header}/${LEAD_SHEET_COLUMN.status.header}: 更新已有项目时不改变阶段和状态 (请在项目页推进)`,
        );
      report.changes = diff.map((d) => d.field);
      if (warnings.length) report.warnings = warnings;
      if (!diff.length) {
        notUpdated(report, 'duplicate', `与项目 ${lead.code} 相同, 没有需要更新的字段`);
        continue;
      }
      if (!manager) continue;
      const write = written ?? { lead: current, expectedVersion: current.version, changes: {}, rows: [] };
      write.lead = { ...current, ...changes, version: current.version + 1 };
      Object.assign(write.changes, changes);
      write.rows.push({ report, event: { changes: diff, imported: true, row: row.parsed.row } });
      writes.set(lead.leadId, write);
    }
    if (!manager || !writes.size) return;
    const updated = await this.leads.updateVersionedMany(
      [...writes].map(([id, w]) => ({ id, expectedVersion: w.expectedVersion, changes: w.changes, bumps: w.rows.length })),
      manager,
    );
    const events: Array<{ row: number; leadId: string; data: Record<string, unknown> }> = [];
    for (const [id, write] of writes)
      for (const { report, event } of write.rows) {
        if (updated.has(id)) events.push({ row: report.row, leadId: id, data: event });
        else notUpdated(report, 'error', UPDATED_MEANWHILE);
      }
    // the events in row order, as the rows were read
    events.sort((a, b) => a.row - b.row);
    await this.leads.appendEvents(
      events.map(({ leadId, data }) => ({ leadId, kind: 'field_changed', actorId: importer.id, data })),
      manager,
    );
  }
}

/** The row's report when its lead is left as it is: no lead id, and why. */
function notUpdated(report: ImportRowReport, status: 'error' | 'duplicate', error: string): void {
  Object.assign(report, { status, errors: [error] });
  delete report.leadId;
}

/** Whether the file has the column of a field (a catalog field by its code or its name column). */
function mapped(header: SheetHeader, key: string): boolean {
  if (key === 'industryCode') return header.has('industryCode') || header.has('industryName');
  if (key === 'zoneCode') return header.has('zoneCode') || header.has('zoneName');
  return header.has(key);
}

/**
 * What an update of an existing lead may change: the plain editable fields (what PATCH may change) that
 * the import reads, never placement (owner, team: a row's people are checked for new leads only) and
 * never stage or status (only transitions move them; PATCH cannot either).
 */
const UPDATABLE = writableFields('patch').filter(
  (f) => f.sheet?.imported && !['ownerId', 'teamId', 'commissionerId', ...REFERRER_KEYS].includes(f.key),
);
const UPDATED_MEANWHILE = '已有项目在导入期间被删除或修改, 未更新 (请重新导入此行)';
