import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Role } from './role.enum';
import { User } from './user.entity';

/** An advisory lock key of its own (the migration lock is another). */
const ADMIN_CHANGES_LOCK = 7_310_013;

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

  /** The user's row, locked until the caller's transaction ends. */
  findByIdForUpdate(id: string, manager: EntityManager): Promise<User | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  countActiveWithRole(role: Role, manager?: EntityManager): Promise<number> {
    return this.repo(manager).createQueryBuilder('u').where(':role = ANY(u.roles)', { role }).andWhere('u.active').getCount();
  }

  /** Serializes, until the transaction ends, every change that could take away an admin (so two cannot both remove "the other" admin). */
  async lockAdminChanges(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGES_LOCK]);
  }

  /** Ends every token issued to the user so far. */
  async bumpTokenVersion(id: string): Promise<void> {
    await this.repo()
      .createQueryBuilder()
      .update(User)
      .set({ tokenVersion: () => 'token_version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  save(user: User, manager?: EntityManager): Promise<User> {
    return this.repo(manager).save(user);
  }

  create(fields: Partial<User>): User {
    return this.repo().create(fields);
  }
}
