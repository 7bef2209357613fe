import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const REFRESH_MS = 10 * 60_000;

/**
 * How common each frequent search gram is among leads, from PostgreSQL's own statistics
 * (pg_stats.most_common_elems of leads.search_grams, refreshed by ANALYZE/autovacuum), so a search can
 * put its rarest bigram in the index condition: 淄博晶 by 博晶 (0.4 % of leads), not 淄博 (24 %).
 * Grams not in the list are rarer than every listed one. Reloaded every ten minutes.
 */
@Injectable()
export class SearchGramFrequencies {
  private readonly logger = new Logger(SearchGramFrequencies.name);
  private frequencies = new Map<string, number>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A lookup of gram → share of leads containing it (0 when not among the most common). */
  async lookup(): Promise<(gram: string) => number> {
    if (Date.now() - this.loadedAt > REFRESH_MS) {
      this.loading ??= this.load().finally(() => (this.loading = null));
      // the first search waits for the statistics; later ones use the previous copy while it reloads
      if (this.loadedAt === 0) await this.loading;
    }
    const frequencies = this.frequencies;
    return (gram) => frequencies.get(gram) ?? 0;
  }

  private async load(): Promise<void> {
    try {
      const rows = await this.dataSource.query<Array<{ gram: string; frequency: number }>>(
        `SELECT u.gram, u.frequency FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(gram, frequency)
         WHERE s.schemaname = current_schema() AND s.tablename = 'leads' AND s.attname = 'search_grams'`,
      );
      this.frequencies = new Map(rows.map((r) => [r.gram, r.frequency]));
    } catch (error) {
      this.logger.warn({ msg: 'search gram statistics unavailable; searches use their first bigram', error: (error as Error).message });
    }
    this.loadedAt = Date.now();
  }
}
