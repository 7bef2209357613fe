import { Readable } from 'node:stream';
import { checkHeader, matchHeader, SheetHeader } from './lead-row.parser';
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

/** Finds the header line (the first line, after at most a few title lines) and answers it with the rows that follow; 400 when there is none. */
export async function openLeadSheet(
  source: SheetSource,
  format: SheetFormat,
): Promise<{ header: SheetHeader; rows: AsyncGenerator<SheetRow> }> {
  const rows = readSheetRows(source, format);
  try {
    for (let seen = 0; seen < MAX_LINES_BEFORE_HEADER;) {
      const next = await rows.next();
      if (next.done) break;
      if (isBlankRow(next.value)) continue;
      seen += 1;
      const header = matchHeader(next.value);
      if (header.size >= 2) {
        checkHeader(header);
        return { header, rows };
      }
    }
  } catch (error) {
    await rows.return(undefined);
    throw error;
  }
  await rows.return(undefined);
  throw notASpreadsheet('no header line with the lead columns (项目名称, 企业名称, 产业类别代码, 招商方式 …) was found');
}

/** Data rows after the header, blank lines not counted. */
export async function countDataRows(source: SheetSource, format: SheetFormat): Promise<number> {
  const { rows } = await openLeadSheet(source, format);
  let count = 0;
  for await (const row of rows) if (!isBlankRow(row)) count += 1;
  return count;
}
