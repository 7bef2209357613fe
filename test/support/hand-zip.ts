import { once } from 'node:events';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

/** xlsx files written by hand, so an entry can inflate to far more than the file holds, or hold what no spreadsheet program would write. */

const MiB = 1024 * 1024;

export interface ZipPart {
  path: string;
  /** The entry's content, produced piece by piece (a bomb is never held whole). */
  pieces: () => Iterable<Buffer>;
}

export async function deflate(pieces: Iterable<Buffer>): Promise<{ data: Buffer; size: number; crc: number }> {
  const deflater = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  let size = 0;
  let crc = 0;
  for (const piece of pieces) {
    size += piece.length;
    crc = crc32(piece, crc);
    if (!deflater.write(piece)) await once(deflater, 'drain');
  }
  deflater.end();
  await once(deflater, 'end');
  return { data: Buffer.concat(out), size, crc };
}

export async function zipFile(parts: ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, size, crc } = await deflate(part.pieces());
    const name = Buffer.from(part.path, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const once_ = (text: string) => () => [Buffer.from(text, 'utf8')];
/** `unit` repeated until about `bytes`, in 1 MiB pieces. */
export const repeated = (unit: string, bytes: number, head = '', tail = '') =>
  function* (): Iterable<Buffer> {
    const piece = Buffer.from(unit.repeat(Math.max(1, Math.floor(MiB / Buffer.byteLength(unit)))), 'utf8');
    yield Buffer.from(head, 'utf8');
    for (let written = 0; written < bytes; written += piece.length) yield piece;
    yield Buffer.from(tail, 'utf8');
  };

export const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
export const inlineCell = (col: number, row: number, text: string) =>
  `<c r="${columnName(col)}${row}" t="inlineStr"><is><t>${esc(text)}</t></is></c>`;
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

export const WORKBOOK: ZipPart[] = [
  {
    path: 'xl/workbook.xml',
    pieces: once_(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  },
  {
    path: 'xl/_rels/workbook.xml.rels',
    pieces: once_(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  },
];
