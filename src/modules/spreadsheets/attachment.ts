import { toWallClock } from './sheet-time';

const pad = (n: number) => String(n).padStart(2, '0');

/** An export's time stamp in file names: `YYYYMMDD-HHmm`, district time. */
export function exportStamp(instant: Date, timeZone: string): string {
  const w = toWallClock(instant, timeZone);
  return `${w.year}${pad(w.month)}${pad(w.day)}-${pad(w.hour)}${pad(w.minute)}`;
}

/**
 * `attachment` with the Chinese name first (what browsers and the console read) and an ASCII name for clients
 * without `filename*` (RFC 6266 / 5987).
 */
export function attachmentDisposition(name: string, asciiName: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}; filename="${asciiName}"`;
}
