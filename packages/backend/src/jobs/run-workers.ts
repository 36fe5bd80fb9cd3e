import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition, WorkerDeps } from './define-job.js';
import type { JobQueues } from './queues.js';

export interface RunningWorkers {
  close(): Promise<void>;
}

/** One BullMQ worker per job definition; schedulers for repeatable jobs; boot-time runs queued. */
export async function startWorkers(
  deps: WorkerDeps,
  queues: JobQueues,
  connection: Redis,
  prefix: string,
  jobs: readonly JobDefinition[],
): Promise<RunningWorkers> {
  const workers: Worker[] = [];
  for (const def of jobs) {
    const log = deps.logger.child({ job: def.name });
    const worker = new Worker(
      def.name,
      async (job) => {
        const payload = def.payload.parse(job.data);
        await def.handler(payload, { deps, log: log.child({ jobId: job.id }), jobId: job.id, attempt: job.attemptsMade + 1 });
      },
      { connection, prefix, concurrency: def.concurrency ?? 1 },
    );
    worker.on('failed', (job, err) => log.error({ err, jobId: job?.id }, 'job failed'));
    worker.on('error', (err) => log.error({ err }, 'worker error'));
    workers.push(worker);

    if (def.repeat) {
      const repeat = 'every' in def.repeat ? { every: def.repeat.every } : { pattern: def.repeat.pattern, tz: def.repeat.tz };
      await queues.queue(def.name).upsertJobScheduler(`${def.name}-schedule`, repeat, { name: def.name, data: {} });
    }
    if (def.runAtBoot) await queues.enqueue(def, def.payload.parse({}));
  }
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
