import { Readable } from 'node:stream';
import { checkHeader } from './lead-row.parser';
import { combineHeaderRows, headerCells, mapColumns, MappingOverride, SheetLayout } from './lead-sheet.mapping';
import { isBlankRow, notASpreadsheet, readSheetRows, SheetFormat, SheetRow, SheetSource } from './sheet-reader';

/** Lines a ledger may have above its header (a title such as 「2026年招商项目台账」). */
const MAX_LINES_BEFORE_HEADER = 5;
const CHUNK_BYTES = 64 * 1024;

/** An uploaded file held in memory, handed to the parsers in 64 KB pieces. */
export function bufferSource(data: Buffer): SheetSource {
  return () =>
    Readable.from(
      (function* () {
        for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) yield data.subarray(offset, offset + CHUNK_BYTES);
      })(),
      { objectMode: false },
    );
}

/**
 * Finds the header line (the first line, after at most a few title lines) and answers its mapping with
 * the rows that follow; 400 when there is none. A second header line under it (a two-row header) is
 * combined with it and not read as data.
 */
export async function openLeadSheet(
  source: SheetSource,
  format: SheetFormat,
  override: MappingOverride = {},
): Promise<{ layout: SheetLayout; rows: AsyncGenerator<SheetRow> }> {
  const rows = readSheetRows(source, format);
  try {
    for (let seen = 0; seen < MAX_LINES_BEFORE_HEADER;) {
      const next = await rows.next();
      if (next.done) break;
      if (isBlankRow(next.value)) continue;
      seen += 1;
      const top = next.value;
      const single = mapColumns(headerCells(top.cells), [top.number], override);
      if (single.header.size < 2) continue;
      const following = await rows.next();
      const sub = following.done ? null : following.value;
      const combined = sub && !isBlankRow(sub) ? combineHeaderRows(top.cells, sub.cells) : null;
      const layout = combined && sub ? mapColumns(combined, [top.number, sub.number], override) : single;
      checkHeader(layout.header);
      return { layout, rows: combined || !sub ? rows : prepend(sub, rows) };
    }
  } catch (error) {
    await rows.return(undefined);
    throw error;
  }
  await rows.return(undefined);
  throw notASpreadsheet('no header line with the lead columns (项目名称, 企业名称, 产业类别代码, 招商方式 …) was found');
}

/** The rows again with one read ahead put back in front. */
async function* prepend(first: SheetRow, rest: AsyncGenerator<SheetRow>): AsyncGenerator<SheetRow> {
  try {
    yield first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

/** Data rows after the header, blank lines not counted. */
export async function countDataRows(source: SheetSource, format: SheetFormat, override?: MappingOverride): Promise<number> {
  const { rows } = await openLeadSheet(source, format, override);
  let count = 0;
  for await (const row of rows) if (!isBlankRow(row)) count += 1;
  return count;
}
