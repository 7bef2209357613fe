import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const REFRESH_MS = 10 * 60_000;

/** What a search knows of the data: each frequent gram's share of leads, how many leads there are and each team's share. */
export interface SearchStatistics {
  /** share of leads containing the gram (0 when not among the most common) */
  frequencyOf: (gram: string) => number;
  /** leads in the table (pg_class.reltuples; 0 before the first ANALYZE) */
  leads: number;
  /** share of leads in the team (0 when unknown) */
  teamShare: (teamId: string) => number;
}

/**
 * How common each frequent search gram is among leads, from PostgreSQL's own statistics
 * (pg_stats.most_common_elems of leads.search_grams, refreshed by ANALYZE/autovacuum), so a search can
 * put its rarest bigram in the index condition: 淄博晶 by 博晶 (0.4 % of leads), not 淄博 (24 %); with the
 * table's size and the teams' shares (most_common_vals of leads.team_id), so a page can choose between
 * the index and a walk in list order (leadSearchSql). Grams not in the list are rarer than every listed
 * one. Reloaded every ten minutes.
 */
@Injectable()
export class SearchGramFrequencies {
  private readonly logger = new Logger(SearchGramFrequencies.name);
  private frequencies = new Map<string, number>();
  private teams = new Map<string, number>();
  private leads = 0;
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The statistics as last loaded (gram → share of leads containing it, 0 when not among the most common). */
  async lookup(): Promise<SearchStatistics> {
    if (Date.now() - this.loadedAt > REFRESH_MS) {
      this.loading ??= this.load().finally(() => (this.loading = null));
      // the first search waits for the statistics; later ones use the previous copy while it reloads
      if (this.loadedAt === 0) await this.loading;
    }
    const { frequencies, teams, leads } = this;
    return { frequencyOf: (gram) => frequencies.get(gram) ?? 0, leads, teamShare: (teamId) => teams.get(teamId) ?? 0 };
  }

  private async load(): Promise<void> {
    try {
      // most_common_elem_freqs ends with three summary figures past the grams; unnest pads those with null grams
      const rows = await this.dataSource.query<Array<{ gram: string; frequency: number }>>(
        `SELECT u.gram, u.frequency FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(gram, frequency)
         WHERE s.schemaname = current_schema() AND s.tablename = 'leads' AND s.attname = 'search_grams' AND u.gram IS NOT NULL`,
      );
      const teams = await this.dataSource.query<Array<{ team: string; frequency: number }>>(
        `SELECT u.team, u.frequency FROM pg_stats s, unnest(s.most_common_vals::text::text[], s.most_common_freqs) AS u(team, frequency)
         WHERE s.schemaname = current_schema() AND s.tablename = 'leads' AND s.attname = 'team_id'`,
      );
      const [size] = await this.dataSource.query<Array<{ leads: number }>>(
        `SELECT greatest(reltuples, 0)::float8 AS leads FROM pg_class WHERE oid = 'leads'::regclass`,
      );
      this.frequencies = new Map(rows.map((r) => [r.gram, r.frequency]));
      this.teams = new Map(teams.map((r) => [r.team, r.frequency]));
      this.leads = size?.leads ?? 0;
    } catch (error) {
      this.logger.warn({ msg: 'search gram statistics unavailable; searches use their first bigram', error: (error as Error).message });
    }
    this.loadedAt = Date.now();
  }
}
