import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.js';

/** A write whose batches finish only when the test says so; records every batch it was given. */
function heldWrite(fails: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const release: Array<() => void> = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve, reject) => {
      release.push(() => (items.some(fails) ? reject(new Error(`bad batch ${items.join(',')}`)) : resolve(items.map((i) => `ok ${i}`))));
    });
  };
  const releaseAll = async () => {
    while (release.length) {
      release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { write, batches, releaseAll };
}

describe('groupCommit', () => {
  it('writes a call at once when nothing is in flight, and the calls that arrive meanwhile together in the next batch', async () => {
    const w = heldWrite();
    const submit = groupCommit(w.write, { maxBatch: 100, maxInFlight: 1 });
    const first = submit(1);
    expect(w.batches).toEqual([[1]]);
    const rest = [2, 3, 4].map(submit);
    expect(w.batches).toEqual([[1]]);
    await w.releaseAll();
    expect(await Promise.all([first, ...rest])).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4']);
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps batches within maxBatch and at most maxInFlight of them writing', async () => {
    const w = heldWrite();
    const submit = groupCommit(w.write, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5, 6, 7].map(submit);
    expect(w.batches).toEqual([[1], [2]]);
    await w.releaseAll();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `ok ${i}`));
    expect(w.batches.slice(2)).toEqual([[3, 4], [5, 6], [7]]);
  });

  it('retries a failed batch item by item, so only the item that fails is answered with the error', async () => {
    const w = heldWrite((i) => i === 3);
    const submit = groupCommit(w.write, { maxBatch: 100, maxInFlight: 1 });
    const all = [1, 2, 3, 4].map((i) => submit(i).catch((err: Error) => err.message));
    await w.releaseAll();
    expect(await Promise.all(all)).toEqual(['ok 1', 'ok 2', 'bad batch 3', 'ok 4']);
    expect(w.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});
