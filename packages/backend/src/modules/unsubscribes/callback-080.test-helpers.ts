import { mulberry32 } from '@hanjullo/shared';

/** One simulated Narae call: query parameters and, for a "foreign" caller, an X-Forwarded-For. */
export interface SimulatedCallback {
  cid: string;
  fr: string;
  token: string;
  forwardedFor?: string;
}

export interface FloodResult {
  answers: string[];
  latenciesMs: number[];
  wallMs: number;
}

/**
 * Fires callbacks at a listening server with at most `concurrency` in flight (keep-alive fetch,
 * like a real client pool), keeping each answer at its request's index.
 */
export async function fireCallbacks(baseUrl: string, calls: readonly SimulatedCallback[], concurrency: number): Promise<FloodResult> {
  const answers = new Array<string>(calls.length);
  const latenciesMs = new Array<number>(calls.length);
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    for (let i = next++; i < calls.length; i = next++) {
      const c = calls[i]!;
      const url = `${baseUrl}/api/unsubscribes/080callback?${new URLSearchParams({ cid: c.cid, fr: c.fr, token: c.token }).toString()}`;
      const t0 = performance.now();
      const res = await fetch(url, { headers: c.forwardedFor ? { 'X-Forwarded-For': c.forwardedFor } : {} });
      answers[i] = `${res.status}:${await res.text()}`;
      latenciesMs[i] = performance.now() - t0;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, calls.length) }, worker));
  return { answers, latenciesMs, wallMs: performance.now() - started };
}

/** Deterministic PRNG so a failing flood can be replayed. */
export const seededRandom = mulberry32;

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
