import { AuthUser } from '../../common/auth/auth-user';
import type { ImportCounts, ImportOptions } from './import-batches';
import type { SheetHeader, SheetLayout } from './lead-sheet.mapping';
import type { SheetColumns } from './lead-sheet.columns';
import type { SheetRow } from './sheet-reader';

/** What an import writes: leads from a ledger (台账), or reported actuals (履约填报). Kept with a queued import. */
export const IMPORT_KINDS = ['leads', 'actuals'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * One kind of spreadsheet import, declared once: its columns (header matching, units, mappings), what a
 * header must name, and how a batch of rows is checked and written. Reading the file, choosing the sheet,
 * limits, dry runs, background runs with progress, the per-row report and rejected rows are shared.
 */
export interface ImportTarget {
  readonly kind: ImportKind;
  readonly columns: SheetColumns;
  /** The columns a header line is recognised by, for the 400 when the first lines have none. */
  readonly headerHint: string;
  /** 400 when the header lacks a column the rows cannot do without. */
  checkHeader(header: SheetHeader): void;
  importRows(
    importer: AuthUser,
    layout: SheetLayout,
    rows: AsyncIterable<SheetRow> | Iterable<SheetRow>,
    options: ImportOptions,
  ): Promise<ImportCounts>;
}
