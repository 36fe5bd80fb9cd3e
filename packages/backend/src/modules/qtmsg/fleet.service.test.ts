import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetStatsResponse, type FleetTableStats } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { getFleetStats } from './fleet.service.js';
import { enqueueBatch } from './queue-writer.js';
import { dbMonthOffset, smsRows, sqlRows } from './qtmsg.test-helpers.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  const mysql = ctx.deps.mysql;
  await enqueueBatch(mysql, ['SMSQ_SEND_2'], smsRows(7), { runId: 'run-fleet' });
  const seqnos = (await sqlRows(mysql, 'SELECT seqno FROM SMSQ_SEND_2 ORDER BY seqno')).map((r) => Number(r['seqno']));
  const [s0, s1, s2, s3, s4] = seqnos;
  // 2 claimed, 1 at the relay, 1 reported 5 minutes ago (success), 3 waiting — the oldest for 300 s.
  await mysql.query("UPDATE SMSQ_SEND_2 SET rsv1 = '2' WHERE seqno IN (?, ?)", [s0, s1]);
  await mysql.query("UPDATE SMSQ_SEND_2 SET rsv1 = '3', status_code = 104 WHERE seqno = ?", [s2]);
  await mysql.query(
    `UPDATE SMSQ_SEND_2 SET rsv1 = '4', status_code = 6, mob_company = '11',
        repmsg_recvtm = UTC_TIMESTAMP() - INTERVAL 5 MINUTE WHERE seqno = ?`, [s3]);
  await mysql.query('UPDATE SMSQ_SEND_2 SET msg_instm = NOW() - INTERVAL 300 SECOND WHERE seqno = ?', [s4]);
  // This month's log table: a success and a failure in the last hour, and a success 2 hours ago.
  const log = `SMSQ_SEND_2_${await dbMonthOffset(mysql, 0)}`;
  for (const [code, minutesAgo] of [[1000, 10], [7, 20], [6, 120]] as const) {
    await mysql.query(
      `INSERT INTO ${log} (dest_no, call_back, msg_contents, rsv1, status_code, repmsg_recvtm, app_etc1)
       VALUES ('01012345678', '0215881234', 'x', '5', ?, UTC_TIMESTAMP() - INTERVAL ? MINUTE, 'run-old')`,
      [code, minutesAgo],
    );
  }
  await mysql.query('DROP TABLE SMSQ_SEND_11');
});
afterAll(async () => {
  await ctx?.close();
});

const okEntry = (stats: FleetTableStats[], table: string) => {
  const entry = stats.find((s) => s.table === table);
  if (!entry?.ok) throw new Error(`${table}: ${JSON.stringify(entry)}`);
  return entry;
};

describe('getFleetStats', () => {
  it('reports pending, in-flight, oldest pending age and last-hour results per table', async () => {
    const res = FleetStatsResponse.parse(await getFleetStats(ctx.deps.mysql));
    expect(res.tables.map((t) => t.table)).toEqual(['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_10', 'SMSQ_SEND_11']);
    const busy = okEntry(res.tables, 'SMSQ_SEND_2');
    expect(busy).toMatchObject({ pending: 3, inFlight: 3, reported: 1, lastHour: { success: 2, failure: 1 } });
    expect(busy.oldestPendingAgeSec).toBeGreaterThanOrEqual(300);
    expect(busy.oldestPendingAgeSec).toBeLessThan(330);
    expect(Math.abs(Date.parse(busy.lastActivityAt!) - Date.parse(res.at))).toBeLessThan(60_000);
  });

  it('shows an idle table with zeros and no activity', async () => {
    const res = await getFleetStats(ctx.deps.mysql);
    expect(okEntry(res.tables, 'SMSQ_SEND_3')).toEqual({
      table: 'SMSQ_SEND_3', ok: true, pending: 0, inFlight: 0, reported: 0, oldestPendingAgeSec: null,
      lastHour: { success: 0, failure: 0 }, lastActivityAt: null,
    });
  });

  it('reports a missing table and an unconfigured name as error entries without failing the rest', async () => {
    const res = await getFleetStats(ctx.deps.mysql, { tables: ['SMSQ_SEND_11', 'SMSQ_SEND_1; DROP TABLE x', 'SMSQ_SEND_2'] });
    expect(res.tables[0]).toMatchObject({ table: 'SMSQ_SEND_11', ok: false });
    expect(res.tables[0]?.ok === false && res.tables[0].error).toContain('SMSQ_SEND_11');
    expect(res.tables[1]).toMatchObject({ table: 'SMSQ_SEND_1; DROP TABLE x', ok: false });
    expect(okEntry(res.tables, 'SMSQ_SEND_2').pending).toBe(3);
    const stillThere = await sqlRows(ctx.deps.mysql, 'SELECT COUNT(*) AS n FROM SMSQ_SEND_1');
    expect(Number(stillThere[0]?.['n'])).toBe(0);
  });

  it('reads report times in the configured report zone', async () => {
    // Rows above were reported in UTC; read as KST they lie 9 hours back, outside the last hour.
    const res = await getFleetStats(ctx.deps.mysql, { tables: ['SMSQ_SEND_2'], reportTz: 'Asia/Seoul' });
    expect(okEntry(res.tables, 'SMSQ_SEND_2').lastHour).toEqual({ success: 0, failure: 0 });
  });
});
