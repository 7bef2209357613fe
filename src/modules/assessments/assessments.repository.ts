import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Assessment } from './assessment.entity';

const NEWEST_FIRST = { createdAt: 'DESC', id: 'DESC' } as const;

/** Data access for assessments; every method can join a caller's transaction. */
@Injectable()
export class AssessmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager): Repository<Assessment> {
    return (manager ?? this.dataSource.manager).getRepository(Assessment);
  }

  insert(fields: Omit<Assessment, 'id' | 'createdAt'>, manager: EntityManager): Promise<Assessment> {
    return this.repo(manager).save(this.repo(manager).create(fields));
  }

  listForLead(leadId: string, manager?: EntityManager): Promise<Assessment[]> {
    return this.repo(manager).find({ where: { leadId }, order: NEWEST_FIRST });
  }

  findLatestForLead(leadId: string, manager?: EntityManager): Promise<Assessment | null> {
    return this.repo(manager).findOne({ where: { leadId }, order: NEWEST_FIRST });
  }
}
