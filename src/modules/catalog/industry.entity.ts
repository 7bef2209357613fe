import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('industries')
export class Industry {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  parentCode: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'int' })
  sortOrder: number;
}
