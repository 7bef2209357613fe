import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ENQUEUE_TIMEOUT_MS, QueuedJob } from './queue.constants';
import { QueueService } from './queue.service';

/**
 * Work after the commit in one place (no queue call inside a transaction): `run` opens the transaction, the code inside asks for jobs
 * with `afterCommit(manager, …)`, and they are queued only once the transaction has committed — never for a
 * rollback, and never with the queue called inside the transaction. Queueing waits at most ENQUEUE_TIMEOUT_MS:
 * the rows are the truth already, so when the queue does not answer the caller goes on and the queue's repair
 * (the reconciler) catches up.
 */
@Injectable()
export class UnitOfWork {
  /** The jobs asked for by each open transaction, by its EntityManager. */
  private readonly pending = new WeakMap<EntityManager, QueuedJob[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  /** Runs `work` in one transaction, then queues what it asked for. `timeoutMs` null: background work, no time-box. */
  async run<T>(work: (manager: EntityManager) => Promise<T>, options: { timeoutMs?: number | null } = {}): Promise<T> {
    const jobs: QueuedJob[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      this.pending.set(manager, jobs);
      return work(manager);
    });
    await this.queues.enqueue(jobs, options.timeoutMs === undefined ? ENQUEUE_TIMEOUT_MS : options.timeoutMs);
    return result;
  }

  /** Queues `jobs` once the transaction of `manager` commits; a manager that is not from `run` is a programming error. */
  afterCommit(manager: EntityManager, ...jobs: QueuedJob[]): void {
    const pending = this.pending.get(manager);
    if (!pending)
      throw new Error('afterCommit outside UnitOfWork.run: open the transaction with UnitOfWork.run so the job is queued after its commit');
    pending.push(...jobs);
  }
}
