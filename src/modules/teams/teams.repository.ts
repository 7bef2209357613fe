import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Team } from './team.entity';

@Injectable()
export class TeamsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Team);
  }

  findById(id: string): Promise<Team | null> {
    return this.repo().findOneBy({ id });
  }

  findByName(name: string): Promise<Team | null> {
    return this.repo().findOneBy({ name });
  }

  listAll(): Promise<Team[]> {
    return this.repo().find({ order: { name: 'ASC' } });
  }

  save(team: Partial<Team>, manager?: EntityManager): Promise<Team> {
    return this.repo(manager).save(this.repo(manager).create(team));
  }
}
