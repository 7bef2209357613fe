import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../database/numeric.transformer';
import type { AssessmentScores, SuggestedScores } from './assessment.calculator';

/** One 事前评估 of a lead; never edited — a new assessment is added instead, and the latest one counts. */
@Entity('assessments')
@Index('idx_assessments_lead_created', ['leadId', 'createdAt'])
@Check('chk_assessments_total', `total >= 0 AND total <= 100`)
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'uuid' })
  assessorId: string;

  @Column({ type: 'jsonb' })
  scores: AssessmentScores;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  vetoes: string[];

  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: numericTransformer })
  total: number;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ type: 'text' })
  recommendation: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The suggestion computed from the lead's figures when the assessment was made. */
  @Column({ type: 'jsonb' })
  suggested: SuggestedScores;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
