/**
 * Writes batches of an ordered stream with up to `maxInFlight` writes at once, under two rules:
 * - two batches that share a key (here: a phone) are never written at the same time — the later
 *   one starts after the earlier one is done, so for any key the writes happen in stream order;
 * - results are recorded strictly in stream order (`record` of batch n runs after that of n − 1).
 * `submit` resolves once the batch is started (waiting first for room and for earlier batches
 * with a shared key); `drain` waits for every batch and rethrows the first failure. After a
 * failure no batch is started and `drain` still waits for those already running.
 */
export interface BatchPipeline<R> {
  submit(keys: ReadonlySet<string>, write: () => Promise<R>, record: (result: R) => Promise<void>): Promise<void>;
  drain(): Promise<void>;
}

interface Running {
  keys: ReadonlySet<string>;
  /** Settles when the batch is written and recorded (after every earlier batch). */
  recorded: Promise<void>;
}

function sharesKey(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const k of small) if (large.has(k)) return true;
  return false;
}

export function batchPipeline<R>(maxInFlight: number): BatchPipeline<R> {
  const running: Running[] = [];
  return {
    async submit(keys, write, record) {
      while (running.length >= maxInFlight || running.some((r) => sharesKey(r.keys, keys))) await running.shift()?.recorded;
      const written = write();
      const previous = running.at(-1)?.recorded;
      const recorded = (async () => {
        const result = await written;
        await previous;
        await record(result);
      })();
      recorded.catch(() => undefined); // awaited by a later submit or drain; this only stops an "unhandled" report
      running.push({ keys, recorded });
    },
    async drain() {
      const all = running.splice(0);
      const settled = await Promise.allSettled(all.map((r) => r.recorded));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
