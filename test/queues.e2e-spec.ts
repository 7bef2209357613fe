import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { JobContext, OnJob } from '../src/common/queue/on-job.decorator';
import { JobName, QueueName, reminderJob, reminderJobId } from '../src/common/queue/queue.constants';
import { QueueModule } from '../src/common/queue/queue.module';
import { QueueWorkers } from '../src/common/queue/queue-workers';
import { QueueService } from '../src/common/queue/queue.service';
import { UnitOfWork } from '../src/common/queue/unit-of-work';
import { ConfigModule } from '../src/config/config.module';
import { DatabaseModule } from '../src/database/database.module';
import { ReminderKind } from '../src/modules/reminders/reminder.entity';
import { REMINDER_KINDS } from '../src/modules/reminders/reminder-kinds';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, testConfig, TestUser } from './support/test-app';

/** Handles every job but the imports queue's run: a worker process with it must not start. */
@Injectable()
class PartialProcessor {
  @OnJob(JobName.DeliverReminder) deliver(_context: JobContext<JobName.DeliverReminder>) {
    return Promise.resolve('ok');
  }
  @OnJob(JobName.StallScan) stall() {
    return Promise.resolve('ok');
  }
  @OnJob(JobName.DailyDigest) digest() {
    return Promise.resolve('ok');
  }
  @OnJob(JobName.Reconcile) reconcile() {
    return Promise.resolve('ok');
  }
  @OnJob(JobName.SendWebhook) webhook() {
    return Promise.resolve('ok');
  }
  @OnJob(JobName.RequeueImports) requeue() {
    return Promise.resolve('ok');
  }
  @OnJob(JobName.CompactDashboardTotals) compact() {
    return Promise.resolve('ok');
  }
  @OnJob(JobName.RemoveExpiredIdempotencyKeys) expire() {
    return Promise.resolve('ok');
  }
}

@Module({
  imports: [ConfigModule.forRoot(testConfig({ APP_ROLE: 'worker' })), DatabaseModule, QueueModule, DiscoveryModule],
  providers: [PartialProcessor, QueueWorkers],
})
class WorkerWithoutImportHandler {}

describe('Queues', () => {
  let t: TestApp;
  let promoter: TestUser;

  beforeAll(async () => {
    // API only: no worker takes the jobs these tests look at
    t = await TestApp.start({ APP_ROLE: 'api' });
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t?.close();
  });

  it('fails a worker’s start, naming the job and its queue, when a job has no handler', async () => {
    // created without init, so that it can be closed after the failed start
    const app = await NestFactory.create(WorkerWithoutImportHandler, new FastifyAdapter(), { logger: false, abortOnError: false });
    try {
      await expect(app.init()).rejects.toThrow('no handler for job "process-import" (queue "imports")');
    } finally {
      await app.close();
    }
  });

  describe('UnitOfWork', () => {
    it('queues the jobs a transaction asked for only after it commits, and none when it rolls back', async () => {
      const unitOfWork = t.app.get(UnitOfWork);
      const queue = t.app.get(QueueService).queues[QueueName.Reminders];
      const later = new Date(Date.now() + 3_600_000);
      const rolledBack = randomUUID();
      await expect(
        unitOfWork.run(async (manager) => {
          unitOfWork.afterCommit(manager, reminderJob(rolledBack, later));
          await manager.query('SELECT 1');
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await queue.getJob(reminderJobId(rolledBack))).toBeUndefined();

      const committed = randomUUID();
      let queuedInside: unknown = 'not looked';
      await unitOfWork.run(async (manager) => {
        unitOfWork.afterCommit(manager, reminderJob(committed, later));
        queuedInside = await queue.getJob(reminderJobId(committed));
      });
      expect(queuedInside).toBeUndefined();
      const job = await queue.getJob(reminderJobId(committed));
      expect(job?.data).toEqual({ reminderId: committed });
      expect(job?.delay).toBeGreaterThan(3_500_000);
      await job?.remove();
    });

    it('refuses after-commit work in a transaction it did not open', async () => {
      const unitOfWork = t.app.get(UnitOfWork);
      await expect(
        t.dataSource.transaction((manager) => Promise.resolve(unitOfWork.afterCommit(manager, reminderJob(randomUUID(), new Date())))),
      ).rejects.toThrow('afterCommit outside UnitOfWork.run');
    });

    it('queues a new lead’s follow-up reminder when the request commits, under its kind’s dedupe key', async () => {
      const next = new Date(Date.now() + 3_600_000);
      const created = await t.http
        .post('/api/v1/leads')
        .set(auth(promoter))
        .send(leadBody({ nextFollowUpAt: next.toISOString() }));
      expect(created.status).toBe(201);
      const leadId = (created.body as { id: string }).id;
      const rows = await t.dataSource.query<Array<{ id: string; kind: string; dedupe_key: string }>>(
        `SELECT id, kind, dedupe_key FROM reminders WHERE lead_id = $1 ORDER BY kind`,
        [leadId],
      );
      expect(rows.map((r) => [r.kind, r.dedupe_key])).toEqual([
        [ReminderKind.FollowUpDue, REMINDER_KINDS[ReminderKind.FollowUpDue].dedupeKey({ leadId, at: next })],
        [ReminderKind.FollowUpOverdue, REMINDER_KINDS[ReminderKind.FollowUpOverdue].dedupeKey({ leadId, at: next })],
      ]);
      const queue = t.app.get(QueueService).queues[QueueName.Reminders];
      for (const row of rows) {
        const job = await queue.getJob(reminderJobId(row.id));
        expect(job?.name).toBe(JobName.DeliverReminder);
        await job?.remove();
      }
    });
  });

  it('answers the reminder kinds with their console labels, from the kinds table', async () => {
    const response = await t.http.get('/api/v1/meta/reminder-kinds').set(auth(promoter));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      Object.values(ReminderKind).map((kind) => ({ kind, label: REMINDER_KINDS[kind].label, tone: REMINDER_KINDS[kind].tone })),
    );
    expect((response.body as Array<{ kind: string; label: string }>).find((k) => k.kind === 'stage_stalled')?.label).toBe('停滞预警');
    expect((await t.http.get('/api/v1/meta/reminder-kinds')).status).toBe(401);
  });
});
