import { Column, Entity, Index } from 'typeorm';
import { StoredEvidence } from '../../common/evidence/stored-evidence.entity';

/** 佐证材料: a file (PDF, image, spreadsheet) stored with its clause in PostgreSQL. */
@Entity('clause_evidence')
@Index('idx_clause_evidence_clause_created', ['clauseId', 'createdAt'])
export class ClauseEvidence extends StoredEvidence {
  @Column({ type: 'uuid' })
  clauseId: string;
}
