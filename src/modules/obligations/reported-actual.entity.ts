import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../../common/model/versioned.entity';
import { numericTransformer } from '../../database/numeric.transformer';

const figure = { type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: numericTransformer } as const;

/** 年度/季度填报: a project's figures for one period; one row per lead and period, versioned. */
@Entity('reported_actuals')
@Index('uq_reported_actuals_lead_period', ['leadId', 'period'], { unique: true })
@Check('chk_reported_actuals_period', `period ~ '^[0-9]{4}(-Q[1-4])?$'`)
export class ReportedActual extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  /** `2026` or `2026-Q3` */
  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  /** The day the figures are as of (截至日期). */
  @Column({ type: 'date' })
  asOf: string;

  /** 累计到位投资 (万元) */
  @Column(figure)
  investmentArrived: number | null;

  /** 产值 (万元, in the period) */
  @Column(figure)
  output: number | null;

  /** 税收 (万元, in the period) */
  @Column(figure)
  tax: number | null;

  @Column({ type: 'int', nullable: true })
  jobs: number | null;

  /** 综合能耗 (吨标煤, in the period) */
  @Column(figure)
  energy: number | null;

  /** 研发投入 (万元, in the period) */
  @Column(figure)
  rdExpense: number | null;

  /** 累计建成面积 (m²) */
  @Column(figure)
  builtFloorArea: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'uuid' })
  updatedBy: string;
}
