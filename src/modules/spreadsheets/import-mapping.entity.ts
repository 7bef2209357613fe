import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ImportMappingScope = 'user' | 'team';

/** A column mapping saved to be reused by later imports: the user's own, or their team's. */
@Entity('import_mappings')
@Check('chk_import_mappings_scope', `scope IN ('user', 'team') AND (scope = 'user' OR team_id IS NOT NULL)`)
@Index('idx_import_mappings_user', ['userId'])
@Index('idx_import_mappings_team', ['teamId'])
export class ImportMapping {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  scope: ImportMappingScope;

  /** Who saved it. */
  @Column({ type: 'uuid' })
  userId: string;

  /** The team it is shared with (scope team). */
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  /** Header → column key or `ignore`. */
  @Column({ type: 'jsonb' })
  mapping: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
