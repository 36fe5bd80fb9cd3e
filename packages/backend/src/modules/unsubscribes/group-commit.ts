/**
 * Group commit: items submitted while a batch is being written wait and are written together in
 * the next batch, so a flood costs one write per batch instead of one per item. There is no timer:
 * an item arriving while nothing is in flight is written at once (a batch of one), so a quiet
 * system adds no latency. Each submitter is answered only when its own batch's write has resolved.
 *
 * A batch that fails is retried item by item, so one bad item (or a deadlock victim) fails alone.
 */
export function groupCommit<T, R>(
  write: (items: T[]) => Promise<R[]>,
  opts: { maxBatch: number; maxInFlight: number },
): (item: T) => Promise<R> {
  type Pending = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };
  let queue: Pending[] = [];
  let inFlight = 0;

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      await Promise.all(batch.map((p) => write([p.item]).then((r) => p.resolve(r[0]!), p.reject)));
    }
  }

  function pump(): void {
    while (inFlight < opts.maxInFlight && queue.length > 0) {
      const batch = queue.length <= opts.maxBatch ? queue : queue.slice(0, opts.maxBatch);
      queue = queue.length <= opts.maxBatch ? [] : queue.slice(opts.maxBatch);
      inFlight++;
      void writeBatch(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
