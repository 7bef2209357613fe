import { createReadStream } from 'node:fs';
import { AppError } from '../../src/common/errors/app-error';
import { readSheetRows } from '../../src/modules/spreadsheets/sheet-reader';

/**
 * Reads one xlsx file as an import does, in a process of its own started with a small heap (see
 * `readInOwnProcess` in test/sheets-hardening.e2e-spec.ts), and prints what happened as one JSON line: the
 * refusal's code and limit, and the peak growth of the resident set and the heap over the start.
 * A reader that held what it inflated would die of the heap cap instead.
 */
async function main(path: string): Promise<void> {
  const MiB = 1024 * 1024;
  const before = process.memoryUsage();
  const peak = { rss: before.rss, heapUsed: before.heapUsed };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  };
  const timer = setInterval(sample, 5);
  let rows = 0;
  let refusal: { code: string; limit?: unknown; message: string } | null = null;
  try {
    for await (const row of readSheetRows(() => createReadStream(path), 'xlsx')) if (row.number > 0) rows += 1;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    refusal = { code: error.code, limit: (error.details as { limit?: unknown } | undefined)?.limit, message: error.message };
  }
  sample();
  clearInterval(timer);
  process.stdout.write(
    `${JSON.stringify({ rows, refusal, rssGrowthMiB: (peak.rss - before.rss) / MiB, heapGrowthMiB: (peak.heapUsed - before.heapUsed) / MiB })}\n`,
  );
}

void main(process.argv[2]);
