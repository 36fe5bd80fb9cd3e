import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from './clock.js';
import { loadConfig, type SimConfig } from './config.js';
import { startFleet, type Fleet, type FleetOptions } from './fleet.js';
import { createTestDb, type TestDb } from './test-db.js';

let db: TestDb;
let files: string;
const fleets: Fleet[] = [];
const NOV = '202611';
const DEC = '202612';

beforeAll(async () => {
  db = await createTestDb();
  files = await mkdtemp(join(tmpdir(), 'qtmsg-sim-'));
  await writeFile(join(files, 'small.jpg'), Buffer.alloc(10 * 1024, 1));
  await writeFile(join(files, 'big.jpg'), Buffer.alloc(300 * 1024 + 1, 1));
  await writeFile(join(files, 'pic.png'), Buffer.alloc(1024, 1));
});

afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.stop()));
});

afterAll(async () => {
  await db.drop();
  await rm(files, { recursive: true, force: true });
});

async function startSim(
  tables: string[], clock: VirtualClock, config: Partial<SimConfig> = {}, opts: Partial<FleetOptions> = {},
): Promise<Fleet> {
  const base = loadConfig({
    SMS_TABLES: tables.join(','), MYSQL_URL: db.url, SIM_RATE_PER_SEC: '0',
    SIM_REPORT_DELAY_MS: '1000', SIM_MOVE_DELAY_MS: '1000', SIM_SEED: '7',
  });
  const fleet = await startFleet({ config: { ...base, ...config }, clock, autoRun: false, ...opts });
  fleets.push(fleet);
  return fleet;
}

const bySeqno = (rows: RowDataPacket[]): Map<number, RowDataPacket> => new Map(rows.map((r) => [Number(r['seqno']), r]));
const APP_COLUMNS = [
  'seqno', 'dest_no', 'call_back', 'msg_contents', 'msg_instm', 'sendreq_time', 'title_str', 'msg_type',
  'sender_code', 'bill_id', 'file_name1', 'file_name2', 'file_name3', 'file_name4', 'file_name5', 'app_etc1', 'app_etc2',
];

describe('simulated agent lifecycle', () => {
  it('walks S, L and M rows 1→2→3→4→5 keeping seqno and every application column', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const seen: string[] = [];
    const s = await db.insertRow(table, { msg_type: 'S', msg_contents: '[인증] 123456', bill_id: 'bill-s', app_etc1: 'run-7', app_etc2: 'b1' });
    const l = await db.insertRow(table, { msg_type: 'L', title_str: '안내', msg_contents: '긴 메시지', file_name1: join(files, 'pic.png') });
    const m = await db.insertRow(table, { msg_type: 'M', title_str: '사진', msg_contents: '사진 메시지', file_name1: join(files, 'small.jpg') });
    const original = await db.rows(table);
    const fleet = await startSim([table], clock, {}, {
      afterClaim: async (t, seqnos) => {
        const rows = await db.rows(t);
        seen.push(...rows.filter((r) => seqnos.includes(Number(r['seqno']))).map((r) => `${r['seqno']}:${r['rsv1']}`));
      },
    });

    await fleet.tick();
    expect(seen).toEqual([`${s}:2`, `${l}:2`, `${m}:2`]);
    let live = await db.rows(table);
    expect(live.map((r) => [r['rsv1'], r['status_code']])).toEqual([['3', 104], ['3', 104], ['3', 104]]);

    clock.advance(1000);
    await fleet.tick();
    live = await db.rows(table);
    expect(live.map((r) => [r['seqno'], r['rsv1'], r['status_code']])).toEqual([[s, '4', 6], [l, '4', 1000], [m, '4', 1000]]);
    for (const r of live) {
      expect(['11', '16', '19']).toContain(r['mob_company']);
      expect(r['repmsg_recvtm']).toBe('2026-11-10 10:00:01');
      expect(r['mobsend_time']).toBe('2026-11-10 10:00:01');
    }

    clock.advance(1000);
    await fleet.tick();
    expect(await db.rows(table)).toEqual([]);
    const logged = bySeqno(await db.rows(`${table}_${NOV}`));
    expect([...logged.keys()]).toEqual([s, l, m]);
    for (const before of original) {
      const after = logged.get(Number(before['seqno']));
      expect(after?.['rsv1']).toBe('5');
      for (const col of APP_COLUMNS) expect(after?.[col]).toEqual(before[col]);
    }
    expect(fleet.metrics()[0]).toMatchObject({ claimed: 3, submitted: 3, reported: 3, moved: 3, byCode: { 6: 1, 1000: 2 }, errors: 0 });
  });

  it('does not touch a row whose sendreq_time is in the future until it is due', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const seqno = await db.insertRow(table, { sendreq_time: '2026-11-10 10:01:00' });
    const fleet = await startSim([table], clock);

    await fleet.tick();
    clock.advance(59_000);
    await fleet.tick();
    expect((await db.rows(table))[0]).toMatchObject({ seqno, rsv1: '1', status_code: 100 });

    clock.advance(1000);
    await fleet.tick();
    expect((await db.rows(table))[0]).toMatchObject({ seqno, rsv1: '3', status_code: 104 });
  });

  it('rejects the same dest_no and content within 1 s with 62, and accepts it again after 1 s', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const first = await db.insertRow(table, { msg_contents: '같은 내용' });
    const dupe = await db.insertRow(table, { msg_contents: '같은 내용' });
    const other = await db.insertRow(table, { msg_contents: '같은 내용', dest_no: '01099990000' });
    const fleet = await startSim([table], clock);

    await fleet.tick();
    const rows = bySeqno(await db.rows(table));
    expect(rows.get(first)).toMatchObject({ rsv1: '3', status_code: 104 });
    expect(rows.get(dupe)).toMatchObject({ rsv1: '4', status_code: 62, mob_company: null });
    expect(rows.get(other)).toMatchObject({ rsv1: '3', status_code: 104 });

    clock.advance(1000);
    const later = await db.insertRow(table, { msg_contents: '같은 내용', sendreq_time: clock.wall() });
    await fleet.tick();
    expect(bySeqno(await db.rows(table)).get(later)).toMatchObject({ rsv1: '3' });
    expect(fleet.metrics()[0]?.dupRejected).toBe(1);
  });

  it('applies the agent-side checks: blank numbers 9011, MMS attachments 9007/9006/9005, L ignores files', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const cases: [Parameters<TestDb['insertRow']>[1], number][] = [
      [{ dest_no: '' }, 9011],
      [{ call_back: null }, 9011],
      [{ msg_type: 'M' }, 9007],
      [{ msg_type: 'M', file_name1: join(files, 'missing.jpg') }, 9007],
      [{ msg_type: 'M', file_name1: join(files, 'pic.png') }, 9006],
      [{ msg_type: 'M', file_name1: join(files, 'big.jpg') }, 9005],
      [{ msg_type: 'M', file_name1: join(files, 'small.jpg'), file_name2: 'https://cdn.example.com/b.gif' }, 9006],
      [{ msg_type: 'M', file_name1: 'https://cdn.example.com/a.JPG?v=2' }, 1000],
      [{ msg_type: 'L', file_name1: join(files, 'big.jpg') }, 1000],
    ];
    const seqnos: number[] = [];
    for (const [row] of cases) seqnos.push(await db.insertRow(table, row));
    const fleet = await startSim([table], clock);

    await fleet.tick();
    clock.advance(1000);
    await fleet.tick();
    const rows = bySeqno([...(await db.rows(table)), ...(await db.rows(`${table}_${NOV}`))]);
    cases.forEach(([, code], i) => expect({ i, code: rows.get(seqnos[i] ?? 0)?.['status_code'] }).toEqual({ i, code }));
  });

  it('gives magic numbers exactly their codes and never reports the 0100002xxxx range', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const magic = ['01000000007', '01000009008', '01000000008', '01000000016', '01000003000'];
    const seqnos: number[] = [];
    for (const dest of magic) seqnos.push(await db.insertRow(table, { dest_no: dest, msg_type: 'S' }));
    const silent = await db.insertRow(table, { dest_no: '01000021234' });
    const fleet = await startSim([table], clock);

    for (let i = 0; i < 5; i++) {
      await fleet.tick();
      clock.advance(60_000);
    }
    const logged = bySeqno(await db.rows(`${table}_${NOV}`));
    expect(seqnos.map((s) => logged.get(s)?.['status_code'])).toEqual([7, 9008, 8, 16, 3000]);
    expect(seqnos.map((s) => logged.get(s)?.['mob_company'])).toEqual([null, null, null, null, null]);
    expect(await db.rows(table)).toEqual([expect.objectContaining({ seqno: silent, rsv1: '3', status_code: 104 })]);
    expect(fleet.metrics()[0]).toMatchObject({ neverReported: 1, moved: 5 });
  });

  it('moves a row finishing at 23:59:59 on the last day of the month into the next month\'s log table', async () => {
    const clock = createVirtualClock('2026-11-30 23:59:58');
    const table = await db.createQueue([NOV, DEC]);
    const seqno = await db.insertRow(table, { sendreq_time: '2026-11-30 23:59:58' });
    const fleet = await startSim([table], clock, { reportTz: 'Asia/Seoul' });

    await fleet.tick();
    clock.advance(1000);
    await fleet.tick();
    // The DB server runs UTC; the report columns are written in the configured report zone.
    expect((await db.rows(table))[0]).toMatchObject({ rsv1: '4', repmsg_recvtm: '2026-12-01 08:59:59' });

    clock.advance(1000);
    await fleet.tick();
    expect(await db.rows(`${table}_${NOV}`)).toEqual([]);
    expect(await db.rows(`${table}_${DEC}`)).toEqual([expect.objectContaining({ seqno, rsv1: '5', status_code: 6 })]);
  });

  it('counts a claimed row deleted mid-flight as vanished, not as an error', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const [a, b, c] = [await db.insertRow(table, {}), await db.insertRow(table, {}), await db.insertRow(table, {})];
    const fleet = await startSim([table], clock, {}, {
      afterClaim: async (t) => {
        await db.pool.query(`DELETE FROM ${t} WHERE seqno = ?`, [a]);
      },
    });

    await fleet.tick();
    await db.pool.query(`DELETE FROM ${table} WHERE seqno = ?`, [b]);
    clock.advance(1000);
    await fleet.tick();
    clock.advance(1000);
    await fleet.tick();
    expect((await db.rows(`${table}_${NOV}`)).map((r) => r['seqno'])).toEqual([c]);
    expect(fleet.metrics()[0]).toMatchObject({ vanished: 2, moved: 1, errors: 0 });
  });

  it('leaves rows at 4 and counts an error when the log table is missing, and creates it when configured', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([]);
    const seqno = await db.insertRow(table, {});
    const strict = await startSim([table], clock);
    for (let i = 0; i < 3; i++) {
      await strict.tick();
      clock.advance(1000);
    }
    expect((await db.rows(table))[0]).toMatchObject({ seqno, rsv1: '4', status_code: 6 });
    expect(strict.metrics()[0]?.missingLogTable).toBeGreaterThanOrEqual(1);
    expect(strict.metrics()[0]?.errors).toBeGreaterThanOrEqual(1);
    await strict.stop();

    const lenient = await startSim([table], clock, { createMissingLogTable: true });
    await lenient.tick();
    clock.advance(1000);
    await lenient.tick();
    expect(await db.rows(table)).toEqual([]);
    expect(await db.rows(`${table}_${NOV}`)).toEqual([expect.objectContaining({ seqno, rsv1: '5' })]);
  });

  it('limits throughput with a token bucket: at 10/s one tick submits 10, half a second later 5 more', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    for (let i = 0; i < 25; i++) await db.insertRow(table, { dest_no: `0105555${String(i).padStart(4, '0')}` });
    const fleet = await startSim([table], clock, { ratePerSec: 10, reportDelayMs: { min: 60_000, max: 60_000 } });

    const submitted = async (): Promise<number> => (await db.rows(table)).filter((r) => r['rsv1'] === '3').length;
    await fleet.tick();
    expect(await submitted()).toBe(10);
    await fleet.tick();
    expect(await submitted()).toBe(10);
    clock.advance(500);
    await fleet.tick();
    expect(await submitted()).toBe(15);
  });
});
