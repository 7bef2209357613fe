import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('teams')
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  leaderId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
