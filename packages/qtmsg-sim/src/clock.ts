import { yyyymmOf } from '@hanjullo/shared';
import type { Pool, RowDataPacket } from 'mysql2/promise';

/**
 * The agent's notion of "now". The DB clock is what the real agent uses: due checks compare
 * `sendreq_time` with the database's `NOW()` in SQL, the log month is `DATE_FORMAT(NOW(), '%Y%m')`,
 * and report timestamps come from the host clock. The virtual clock holds the DB's wall time
 * (a naive `YYYY-MM-DD HH:MM:SS` in the server time zone) and is advanced by tests.
 */
export interface SimClock {
  readonly isVirtual: boolean;
  /** Milliseconds used for delays, the duplicate window and the token bucket. */
  nowMs(): number;
  /** SQL expression (and its parameters) standing for the DB's `NOW()`. */
  sqlNow(): { readonly sql: string; readonly params: readonly string[] };
  /** `YYYYMM` of the DB clock now: the month a moved row's log table belongs to. */
  moveMonth(db: Pool): Promise<string>;
  /** The real instant (epoch ms) of now, given the DB server's offset from UTC in seconds. */
  instantMs(dbUtcOffsetSec: number): number;
}

export interface VirtualClock extends SimClock {
  /** Current DB wall time, `YYYY-MM-DD HH:MM:SS`. */
  wall(): string;
  set(wall: string): void;
  advance(ms: number): void;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** Naive DB wall time → ms with the same calendar fields in UTC (no zone is implied). */
export function parseWall(wall: string): number {
  const m = WALL.exec(wall);
  if (!m) throw new Error(`expected YYYY-MM-DD HH:MM:SS, got ${JSON.stringify(wall)}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export function formatWall(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as a DATETIME string in an IANA time zone (how the agent writes report times). */
export function formatInTimeZone(instantMs: number, timeZone: string): string {
  if (timeZone === 'UTC') return formatWall(instantMs);
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, fmt);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    fmt.formatToParts(instantMs).find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

export function createDbClock(): SimClock {
  return {
    isVirtual: false,
    nowMs: () => Date.now(),
    sqlNow: () => ({ sql: 'NOW()', params: [] }),
    async moveMonth(db) {
      const [rows] = await db.query<RowDataPacket[]>("SELECT DATE_FORMAT(NOW(), '%Y%m') AS ym");
      const ym = rows[0]?.['ym'];
      if (typeof ym !== 'string') throw new Error('could not read the DB month');
      return ym;
    },
    instantMs: () => Date.now(),
  };
}

export function createVirtualClock(startWall: string): VirtualClock {
  let now = parseWall(startWall);
  return {
    isVirtual: true,
    nowMs: () => now,
    wall: () => formatWall(now),
    set(wall) {
      now = parseWall(wall);
    },
    advance(ms) {
      now += ms;
    },
    sqlNow: () => ({ sql: '?', params: [formatWall(now)] }),
    moveMonth: async () => yyyymmOf(new Date(now)),
    instantMs: (dbUtcOffsetSec) => now - dbUtcOffsetSec * 1000,
  };
}
