import { PassThrough, Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { ReadSource } from '../../database/read-source';
import { CatalogService } from '../catalog/catalog.service';
import { leadSelectList, mapLeadRow } from '../leads/lead-columns';
import { Lead, LeadContact } from '../leads/lead.entity';
import { LeadFieldSpec } from '../leads/lead.model';
import { LeadQueryBuilder } from '../leads/lead-query.builder';
import { ExportLeadsQuery } from './dto/export-leads.query';
import { formatContacts } from './lead-row.parser';
import { attachmentDisposition, exportStamp } from './attachment';
import { LEAD_SHEET_COLUMNS } from './lead-sheet.columns';
import { CsvSheetWriter, ExportCell, SheetWriter, XlsxSheetWriter } from './sheet-writer';

/** Rows fetched from the cursor, and written, at a time. */
const CURSOR_BATCH = 1000;

type ExportRow = Lead & {
  ownerUsername: string | null;
  ownerName: string | null;
  commissionerUsername: string | null;
  commissionerName: string | null;
  teamName: string | null;
  referrerUsername: string | null;
};

interface Names {
  industries: ReadonlyMap<string, string>;
  zones: ReadonlyMap<string, string>;
}

/** Cells that are not a field's value as stored: the code name in place of a confidential project's name, names beside codes, people. */
const CELL_BY_HAND: Record<string, (lead: ExportRow, names: Names) => ExportCell> = {
  name: (l) => l.codeName ?? l.name,
  industryName: (l, n) => n.industries.get(l.industryCode) ?? null,
  zoneName: (l, n) => (l.zoneCode ? (n.zones.get(l.zoneCode) ?? null) : null),
  ownerUsername: (l) => l.ownerUsername,
  ownerName: (l) => l.ownerName,
  commissionerUsername: (l) => l.commissionerUsername,
  commissionerName: (l) => l.commissionerName,
  teamName: (l) => l.teamName,
  referrerUsername: (l) => l.referrerUsername,
};

/** A model field's cell by its kind: the label of a choice, the export's form of contacts, the value otherwise. */
function fieldCell(field: LeadFieldSpec): (lead: ExportRow) => ExportCell {
  if (field.kind === 'enum') {
    return (l) => {
      const value = (l as unknown as Record<string, string | null>)[field.key];
      return value === null ? null : (field.choices?.[value] ?? value);
    };
  }
  if (field.kind === 'contacts') return (l) => formatContacts((l as unknown as Record<string, LeadContact[] | null>)[field.key]) || null;
  return (l) => (l as unknown as Record<string, ExportCell | undefined>)[field.key] ?? null;
}

/** Each column's cell from a lead, in the sheet's order. */
const CELLS = LEAD_SHEET_COLUMNS.map((c) => CELL_BY_HAND[c.key] ?? (c.field ? fieldCell(c.field) : () => null));

interface OpenCursor {
  first: Array<Record<string, unknown>>;
  cursor: Cursor<Record<string, unknown>>;
  close: () => Promise<void>;
}

export interface LeadExportFile {
  stream: Readable;
  contentType: string;
  /** `attachment` with an ASCII fallback name and the Chinese one as `filename*` (RFC 6266 / 5987). */
  disposition: string;
}

/**
 * GET /leads/export: the list's filters and scope (LeadQueryBuilder), read through a server-side cursor
 * a thousand rows at a time and written straight into the response, so the size of the export never
 * decides the memory it takes.
 */
@Injectable()
export class LeadExportService {
  private readonly logger = new Logger(LeadExportService.name);

  constructor(
    private readonly reads: ReadSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queries: LeadQueryBuilder,
    private readonly catalog: CatalogService,
  ) {}

  async export(user: AuthUser, query: ExportLeadsQuery): Promise<LeadExportFile> {
    const format = query.format ?? 'xlsx';
    const { where, params } = await this.queries.where(user, query);
    const sql = `SELECT ${leadSelectList('l')}, o.username AS "ownerUsername", o.display_name AS "ownerName",
                        c.username AS "commissionerUsername", c.display_name AS "commissionerName", t.name AS "teamName",
                        r.username AS "referrerUsername"
                 FROM leads l
                 LEFT JOIN users o ON o.id = l.owner_id
                 LEFT JOIN users c ON c.id = l.commissioner_id
                 LEFT JOIN teams t ON t.id = l.team_id
                 LEFT JOIN users r ON r.id = l.referrer_user_id
                 WHERE ${where.join(' AND ')}
                 ORDER BY l.created_at, length(l.code), l.code`;
    const [industries, zones] = await Promise.all([this.catalog.industryNames(), this.catalog.zoneNames()]);

    // from a replica when one is within the lag bound (ReadSource); a replica lost before the first rows is retried on the primary
    const { first, cursor, close } = await this.reads.read(
      user,
      (manager) => this.open(manager.connection, sql, params),
      (late) => late.close(),
    );

    const out = new PassThrough();
    const writer: SheetWriter =
      format === 'xlsx'
        ? new XlsxSheetWriter(out, LEAD_SHEET_COLUMNS, this.config.timezone)
        : new CsvSheetWriter(out, LEAD_SHEET_COLUMNS, this.config.timezone);
    void this.pump({ industries, zones }, first, cursor, writer, out, close, user);
    return { stream: out, contentType: writer.contentType, disposition: this.disposition(writer.extension) };
  }

  /** Opens the cursor and reads its first rows: a failure up to here is still an ordinary error answer, not a broken download. */
  private async open(dataSource: DataSource, sql: string, params: unknown[]): Promise<OpenCursor> {
    const runner = dataSource.createQueryRunner();
    let cursor: Cursor<Record<string, unknown>> | null = null;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await cursor?.close().catch(() => undefined);
      await runner.release();
    };
    try {
      const client = (await runner.connect()) as PoolClient;
      cursor = client.query(new Cursor<Record<string, unknown>>(sql, params));
      return { first: await cursor.read(CURSOR_BATCH), cursor, close };
    } catch (error) {
      await close().catch(() => undefined);
      throw error;
    }
  }

  private async pump(
    names: Names,
    first: Array<Record<string, unknown>>,
    cursor: Cursor<Record<string, unknown>>,
    writer: SheetWriter,
    out: PassThrough,
    close: () => Promise<void>,
    user: AuthUser,
  ): Promise<void> {
    const started = Date.now();
    let rows = first;
    let count = 0;
    try {
      while (rows.length && !out.destroyed) {
        await writer.addRows(
          rows.map((row) => {
            const lead = mapLeadRow(row) as ExportRow;
            return CELLS.map((cell) => cell(lead, names));
          }),
        );
        count += rows.length;
        rows = rows.length < CURSOR_BATCH ? [] : await cursor.read(CURSOR_BATCH);
      }
      if (out.destroyed) {
        this.logger.warn({ msg: 'export abandoned by the client', userId: user.id, rows: count });
        return;
      }
      await close();
      await writer.finish();
      this.logger.log({ msg: 'export', userId: user.id, format: writer.extension, rows: count, ms: Date.now() - started });
    } catch (error) {
      this.logger.error({ msg: 'export failed', userId: user.id, rows: count, error: (error as Error).message });
      out.destroy(error as Error);
    } finally {
      await close();
    }
  }

  private disposition(extension: string): string {
    const stamp = exportStamp(new Date(), this.config.timezone);
    return attachmentDisposition(`招商项目-${stamp}.${extension}`, `leads-${stamp}.${extension}`);
  }
}
