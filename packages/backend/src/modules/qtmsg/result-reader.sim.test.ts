import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, loadConfig as loadSimConfig, createVirtualClock, type Fleet } from '@hanjullo/qtmsg-sim';
import { RunResultSummary } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { ensureLogTables } from './log-tables.service.js';
import { enqueueBatch, type QueueRow } from './queue-writer.js';
import { aggregateRun, aggregateRuns } from './result-reader.js';
import { sqlRows, type Row } from './qtmsg.test-helpers.js';

/**
 * The whole path against the simulated agents: rows our writer inserts are claimed, reported and
 * moved to the monthly log tables by the simulator, across a month boundary on its virtual clock,
 * and the reader's aggregates never change on the way.
 */

let ctx: TestContext;
let fleet: Fleet | undefined;
const GROUP = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'];
const RUN = 'run-sim-1';

beforeAll(async () => {
  ctx = await createTestContext();
  await ensureLogTables(ctx.deps.mysql, GROUP, 2);
});
afterAll(async () => {
  await fleet?.stop();
  await ctx?.close();
});

/** 10 rows per batch: SMS/LMS successes, magic numbers 7 and 9008, and a never-reported number. */
function batchRows(batch: number): QueueRow[] {
  const dest = (i: number): string => {
    if (i === 7) return '01000000007';
    if (i === 8) return '01000009008';
    if (i === 9 && batch === 0) return '01000020001';
    return `0105${batch}${String(i).padStart(6, '0')}`;
  };
  return Array.from({ length: 10 }, (_, i) => ({
    destNo: dest(i),
    callBack: '0215881234',
    body: `배치 ${batch} 메시지 ${i}`,
    msgType: i % 2 === 0 ? 'S' : 'L',
    ...(i % 2 === 0 ? {} : { subject: '안내' }),
  }));
}

const liveRows = (): Promise<Row[]> =>
  sqlRows(ctx.deps.mysql, GROUP.map((t) => `SELECT '${t}' AS t, seqno, rsv1, status_code FROM ${t} WHERE app_etc1 = ?`).join(' UNION ALL '),
    GROUP.map(() => RUN));
const logRows = (ym: string): Promise<Row[]> =>
  sqlRows(ctx.deps.mysql,
    GROUP.map((t) => `SELECT '${t}' AS t, seqno, rsv1, status_code, app_etc1, app_etc2 FROM ${t}_${ym} WHERE app_etc1 = ?`).join(' UNION ALL '),
    GROUP.map(() => RUN));

describe('queue writer → simulator → result reader', () => {
  it('gives identical aggregates while rows are live, half archived, and split across two months', async () => {
    const clockRows = await sqlRows(ctx.deps.mysql,
      `SELECT DATE_FORMAT(LAST_DAY(NOW() + INTERVAL 1 MONTH), '%Y-%m-%d 23:59:50') AS wall,
              DATE_FORMAT(NOW() + INTERVAL 1 MONTH, '%Y%m') AS m1, DATE_FORMAT(NOW() + INTERVAL 2 MONTH, '%Y%m') AS m2`);
    const { wall, m1, m2 } = clockRows[0] as { wall: string; m1: string; m2: string };
    const months = [m1, m2];
    for (const b of [0, 1, 2]) await enqueueBatch(ctx.deps.mysql, GROUP, batchRows(b), { runId: RUN, firstBatchIndex: b });

    const clock = createVirtualClock(wall);
    const config = loadSimConfig({
      SMS_TABLES: GROUP.join(','), MYSQL_URL: ctx.config.mysqlUrl, SIM_RATE_PER_SEC: '0',
      SIM_REPORT_DELAY_MS: '1000', SIM_MOVE_DELAY_MS: '1000', SIM_BATCH: '1000',
    });
    fleet = await startFleet({ config, clock, autoRun: false });

    await fleet.tick();
    clock.advance(1_000);
    await fleet.tick();
    const live = await liveRows();
    expect(live).toHaveLength(30);
    expect(live.filter((r) => r['rsv1'] === '3').map((r) => r['status_code'])).toEqual([104]);
    expect(live.filter((r) => r['rsv1'] === '4')).toHaveLength(29);
    const whileLive = RunResultSummary.parse(await aggregateRun(ctx.deps.mysql, GROUP, RUN, months));
    expect(whileLive).toMatchObject({ total: 30, success: 23, pending: 1, failure: 6 });
    expect(whileLive.byCode).toEqual([
      { code: 6, count: 12, label: 'SMS 전송 성공', category: 'success', subtype: null },
      { code: 1000, count: 11, label: 'LMS/MMS 전송 성공', category: 'success', subtype: null },
      { code: 7, count: 3, label: '결번/비가입자/서비스정지', category: 'failure', subtype: 'invalid_number' },
      { code: 9008, count: 3, label: '미등록 발신번호', category: 'failure', subtype: 'sender_number' },
      { code: 104, count: 1, label: '전송 중 (결과 대기)', category: 'pending', subtype: null },
    ]);
    expect(whileLive.byCarrier.find((c) => c.carrier === 'UNKNOWN')?.count).toBe(7);
    expect(whileLive.byCarrier.reduce((n, c) => n + c.count, 0)).toBe(30);

    // Hold every even seqno: the rest moves at 23:59:5x into month m1's log table.
    const held = live.filter((r) => r['rsv1'] === '4' && Number(r['seqno']) % 2 === 0);
    expect(held.length).toBeGreaterThan(5);
    expect(held.length).toBeLessThan(24);
    for (const r of held) fleet.hold(String(r['t']), Number(r['seqno']));
    clock.advance(1_000);
    await fleet.tick();
    const inM1 = await logRows(m1);
    expect(inM1).toHaveLength(29 - held.length);
    expect(inM1.every((r) => r['rsv1'] === '5' && r['app_etc1'] === RUN)).toBe(true);
    expect(await aggregateRun(ctx.deps.mysql, GROUP, RUN, months)).toEqual(whileLive);

    // Past midnight: the held rows move into the next month's log table.
    clock.advance(20_000);
    for (const r of held) fleet.release(String(r['t']), Number(r['seqno']));
    await fleet.tick();
    const inM2 = await logRows(m2);
    expect(inM2.map((r) => `${r['t']}:${r['seqno']}`).sort()).toEqual(held.map((r) => `${r['t']}:${r['seqno']}`).sort());
    expect((await liveRows()).map((r) => r['rsv1'])).toEqual(['3']);
    expect(await aggregateRun(ctx.deps.mysql, GROUP, RUN, months)).toEqual(whileLive);

    // Reading only the first month misses the rows the agent moved after midnight.
    expect((await aggregateRun(ctx.deps.mysql, GROUP, RUN, [m1])).total).toBe(30 - held.length);
    const many = await aggregateRuns(ctx.deps.mysql, GROUP, [RUN, 'run-without-rows'], months);
    expect(many.get(RUN)).toEqual(whileLive);
    expect(many.get('run-without-rows')).toMatchObject({ total: 0, byCode: [] });
  });
});
