import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobDefinition } from './define-job.js';

/** BullMQ needs its own connections: blocking commands and `maxRetriesPerRequest: null`. */
export function createBullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}

export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

/** Producer side used by the API and the worker: validates the payload before it is queued. */
export class JobQueues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
  ) {}

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<P>(def: JobDefinition<P>, payload: P, opts: JobsOptions = {}): Promise<string | undefined> {
    const checked = def.payload.parse(payload);
    const job = await this.queue(def.name).add(def.name, checked, {
      attempts: def.attempts ?? 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
      ...opts,
    });
    return job.id;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.connection.quit().catch(() => undefined);
  }
}
