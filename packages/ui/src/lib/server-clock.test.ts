import { afterEach, describe, expect, it } from 'vitest';
import { noteServerDate, toLocalTime } from './server-clock.js';

describe('server clock', () => {
  afterEach(() => noteServerDate(new Date(0).toUTCString(), 0));

  it("moves a server instant onto a browser clock that runs 10 minutes fast", () => {
    const serverNow = Date.parse('2026-03-02T01:00:00Z');
    noteServerDate(new Date(serverNow).toUTCString(), serverNow + 10 * 60_000);
    expect(toLocalTime('2026-03-02T01:30:00.000Z')).toBe(serverNow + 40 * 60_000);
  });

  it('keeps the last known offset when a response has no usable Date header', () => {
    noteServerDate(new Date(1_000_000).toUTCString(), 1_005_000);
    noteServerDate(null, 0);
    noteServerDate('not a date', 0);
    expect(toLocalTime(new Date(2_000_000).toISOString())).toBe(2_005_000);
  });
});
