import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per year; `INSERT … ON CONFLICT DO UPDATE … RETURNING` serialises concurrent creates on it. */
@Entity('lead_code_counters')
export class LeadCodeCounter {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastValue: number;
}
