import { describe, expect, it } from 'vitest';
import { batchPipeline } from './batch-pipeline.js';

/** A write the test finishes by hand, and a log of what happened in which order. */
function harness() {
  const log: string[] = [];
  const pending = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const write = (name: string) => () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => pending.set(name, { resolve, reject }));
  };
  const record = async (result: string) => {
    log.push(`record ${result}`);
  };
  const finish = async (name: string) => {
    pending.get(name)!.resolve(name);
    await new Promise((r) => setImmediate(r));
  };
  const fail = async (name: string) => {
    pending.get(name)!.reject(new Error(`${name} failed`));
    await new Promise((r) => setImmediate(r));
  };
  return { log, write, record, finish, fail };
}
const keys = (...k: string[]) => new Set(k);
const tick = () => new Promise((r) => setImmediate(r));

describe('batchPipeline', () => {
  it('writes up to two key-disjoint batches at once and records them in submission order', async () => {
    const h = harness();
    const p = batchPipeline<string>(2);
    await p.submit(keys('a'), h.write('1'), h.record);
    await p.submit(keys('b'), h.write('2'), h.record);
    expect(h.log).toEqual(['start 1', 'start 2']);
    // a third waits for room
    const third = p.submit(keys('c'), h.write('3'), h.record);
    await tick();
    expect(h.log).toEqual(['start 1', 'start 2']);
    // batch 2 finishing first is not recorded before batch 1
    await h.finish('2');
    expect(h.log).toEqual(['start 1', 'start 2']);
    await h.finish('1');
    await third;
    await tick();
    expect(h.log.filter((l) => l.startsWith('record'))).toEqual(['record 1', 'record 2']);
    expect(h.log.indexOf('start 3')).toBeGreaterThan(h.log.indexOf('record 1'));
    await h.finish('3');
    await p.drain();
    expect(h.log.at(-1)).toBe('record 3');
  });

  it('never writes two batches that share a key at the same time', async () => {
    const h = harness();
    const p = batchPipeline<string>(2);
    await p.submit(keys('a', 'b'), h.write('1'), h.record);
    const second = p.submit(keys('c', 'b'), h.write('2'), h.record);
    await tick();
    expect(h.log).toEqual(['start 1']);
    await h.finish('1');
    await second;
    expect(h.log).toEqual(['start 1', 'record 1', 'start 2']);
    // a key shared with the newest running batch waits for it too (not only for the oldest)
    await p.submit(keys('x'), h.write('3'), h.record);
    const fourth = p.submit(keys('x', 'y'), h.write('4'), h.record);
    await h.finish('2');
    await tick();
    expect(h.log).not.toContain('start 4');
    await h.finish('3');
    await fourth;
    expect(h.log.slice(-2)).toEqual(['record 3', 'start 4']);
    await h.finish('4');
    await p.drain();
  });

  it('after a failure starts nothing more, waits for what runs and rethrows the first failure', async () => {
    const h = harness();
    const p = batchPipeline<string>(2);
    await p.submit(keys('a'), h.write('1'), h.record);
    await p.submit(keys('b'), h.write('2'), h.record);
    const third = expect(p.submit(keys('c'), h.write('3'), h.record)).rejects.toThrow('1 failed');
    await h.fail('1');
    await third;
    expect(h.log).toEqual(['start 1', 'start 2']);
    let drained = false;
    const drain = p.drain().catch((e: Error) => {
      drained = true;
      return e.message;
    });
    await tick();
    expect(drained).toBe(false); // batch 2 is still being written
    await h.finish('2');
    expect(await drain).toBe('1 failed');
    expect(h.log).toEqual(['start 1', 'start 2']); // batch 2 is not recorded after batch 1 failed
  });
});
