import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Role } from './role.enum';
import { User } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(User);
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo().findBy({ id: In(ids) });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.repo().findOneBy({ username: username.toLowerCase() });
  }

  listAll(): Promise<User[]> {
    return this.repo().find({ order: { username: 'ASC' } });
  }

  countActiveWithRole(role: Role): Promise<number> {
    return this.repo()
      .createQueryBuilder('u')
      .where(':role = ANY(u.roles)', { role })
      .andWhere('u.active')
      .getCount();
  }

  save(user: User, manager?: EntityManager): Promise<User> {
    return this.repo(manager).save(user);
  }

  create(fields: Partial<User>): User {
    return this.repo().create(fields);
  }
}
