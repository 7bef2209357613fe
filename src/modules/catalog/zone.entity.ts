import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('zones')
export class Zone {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /** area (区), cluster (组团) or park (园区) */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', nullable: true })
  parentCode: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'int' })
  sortOrder: number;
}
