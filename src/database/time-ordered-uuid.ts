import { randomBytes } from 'node:crypto';

/**
 * A UUID of version 7 (RFC 9562): the Unix time in milliseconds in its first 48 bits, then random bits. Rows
 * created one after another get ids that sort together, so a batch of new rows lands on a few pages of every
 * index keyed by the id (the primary key, each `lead_id` index) instead of on a random page each, which at a
 * million rows means a read and, after each checkpoint, a full-page image in the WAL per row and index.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
