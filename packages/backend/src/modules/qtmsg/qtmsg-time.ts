import type { MysqlPool } from '../../db/mysql.js';

/**
 * QTmsg DATETIME columns carry no zone. `msg_instm`/`sendreq_time` are on the DB server's clock,
 * while the agent writes `mobsend_time`/`repmsg_recvtm` in its own zone (QTMSG_REPORT_TZ; the
 * original deployment stored UTC there and KST in the others). Every conversion to an instant
 * goes through here so the two zones are never mixed up.
 */

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** Calendar fields of a naive wall time as if they were UTC (ms), or null for NULL/garbage. */
function wallFieldsMs(wall: string | null): number | null {
  const m = wall === null ? null : WALL.exec(wall);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, fmt);
  }
  return fmt;
}

/** Offset of an IANA zone from UTC at an instant, in ms (Asia/Seoul → +32_400_000). */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  if (timeZone === 'UTC') return 0;
  const parts = formatterOf(timeZone).formatToParts(instantMs);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** A wall time written in an IANA zone → ISO instant. Two passes settle DST edges. */
export function zonedWallToIso(wall: string | null, timeZone: string): string | null {
  const fields = wallFieldsMs(wall);
  if (fields === null) return null;
  let instant = fields - zoneOffsetMs(timeZone, fields);
  instant = fields - zoneOffsetMs(timeZone, instant);
  return new Date(instant).toISOString();
}

/** A wall time on the DB clock → ISO instant, given the server's offset from UTC. */
export function dbWallToIso(wall: string | null, dbUtcOffsetSec: number): string | null {
  const fields = wallFieldsMs(wall);
  return fields === null ? null : new Date(fields - dbUtcOffsetSec * 1000).toISOString();
}

/** `+09:00` style offset of a zone now, for `CONVERT_TZ` (works without MySQL's tz tables). */
export function sqlOffsetOf(timeZone: string, instantMs = Date.now()): string {
  const minutes = Math.round(zoneOffsetMs(timeZone, instantMs) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Seconds the DB server's `NOW()` is ahead of UTC; we never change the session time zone. */
export async function readDbUtcOffsetSec(mysql: MysqlPool): Promise<number> {
  const [rows] = await mysql.query('SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) AS off');
  const off = Number((rows as Array<{ off: unknown }>)[0]?.off ?? 0);
  // Rounded to whole minutes: the two clock reads can straddle a second boundary.
  return Math.round(off / 60) * 60;
}
