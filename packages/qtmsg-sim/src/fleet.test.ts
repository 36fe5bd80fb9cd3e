import type { AddressInfo } from 'node:net';
import type { RowDataPacket } from 'mysql2/promise';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock, type SimClock } from './clock.js';
import { loadConfig, type SimConfig } from './config.js';
import { startFleet, type Fleet } from './fleet.js';
import { createControlServer } from './http.js';
import { createTestDb, type TestDb } from './test-db.js';

let db: TestDb;
const fleets: Fleet[] = [];
const NOV = '202611';

beforeAll(async () => {
  db = await createTestDb();
});

afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.stop()));
});

afterAll(async () => {
  await db.drop();
});

async function startSim(tables: string[], clock?: SimClock, config: Partial<SimConfig> = {}): Promise<Fleet> {
  const base = loadConfig({
    SMS_TABLES: tables.join(','), MYSQL_URL: db.url, SIM_RATE_PER_SEC: '0',
    SIM_REPORT_DELAY_MS: '1000', SIM_MOVE_DELAY_MS: '1000',
  });
  const fleet = await startFleet({ config: { ...base, ...config }, autoRun: false, ...(clock ? { clock } : {}) });
  fleets.push(fleet);
  return fleet;
}

const states = (rows: RowDataPacket[]): string[] => rows.map((r) => `${r['seqno']}:${r['rsv1']}:${r['status_code']}`);

describe('fleet', () => {
  it('runs one independent agent per table: each processes only its own table', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const tables = [await db.createQueue([NOV]), await db.createQueue([NOV]), await db.createQueue([NOV])];
    for (const [i, t] of tables.entries()) {
      for (let k = 0; k < 3; k++) await db.insertRow(t, { msg_contents: `${t} #${k}`, dest_no: `0105550${i}${k}00` });
    }
    const fleet = await startSim(tables, clock);
    fleet.pause(tables[1] ?? '');

    for (let i = 0; i < 3; i++) {
      await fleet.tick();
      clock.advance(1000);
    }
    for (const t of [tables[0], tables[2]]) {
      const logged = await db.rows(`${t}_${NOV}`);
      expect(logged.map((r) => r['msg_contents'])).toEqual([`${t} #0`, `${t} #1`, `${t} #2`]);
      expect(await db.rows(t ?? '')).toEqual([]);
    }
    expect((await db.rows(tables[1] ?? '')).map((r) => r['rsv1'])).toEqual(['1', '1', '1']);
    expect(fleet.metrics().map((m) => [m.table, m.moved, m.paused])).toEqual([
      [tables[0], 3, false], [tables[1], 0, true], [tables[2], 3, false],
    ]);
  });

  it('stops claiming and reporting while unbound, and resumes on resume', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const first = await db.insertRow(table, {});
    const fleet = await startSim([table], clock);
    await fleet.tick();
    fleet.unbind(table);
    const second = await db.insertRow(table, {});
    clock.advance(5000);
    await fleet.tick();
    expect(states(await db.rows(table))).toEqual([`${first}:3:104`, `${second}:1:100`]);
    expect((await fleet.health())[0]).toMatchObject({ table, bound: false, dueCount: 1 });

    fleet.resume(table);
    await fleet.tick();
    expect(states(await db.rows(table))).toEqual([`${first}:4:6`, `${second}:3:104`]);
    expect((await fleet.health())[0]).toMatchObject({ bound: true, dueCount: 0 });
  });

  it('fails every message with 55 (SMS) / 5005 (LMS) once the balance runs out', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const seqnos: number[] = [];
    for (let i = 0; i < 4; i++) seqnos.push(await db.insertRow(table, { dest_no: `0103333000${i}` }));
    seqnos.push(await db.insertRow(table, { msg_type: 'L', dest_no: '01033330009' }));
    const fleet = await startSim([table], clock);
    fleet.exhaustBalanceAfter(2);
    await fleet.tick();
    clock.advance(1000);
    await fleet.tick();
    expect((await db.rows(table)).map((r) => r['status_code'])).toEqual([6, 6, 55, 55, 5005]);
  });

  it('holds a row where it is until released', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const waiting = await db.insertRow(table, {});
    const submitted = await db.insertRow(table, {});
    const fleet = await startSim([table], clock);
    fleet.hold(table, waiting);
    await fleet.tick();
    fleet.hold(table, submitted);
    clock.advance(10_000);
    await fleet.tick();
    expect(states(await db.rows(table))).toEqual([`${waiting}:1:100`, `${submitted}:3:104`]);

    fleet.release(table, waiting);
    fleet.release(table, submitted);
    await fleet.tick();
    expect(states(await db.rows(table))).toEqual([`${waiting}:3:104`, `${submitted}:4:6`]);
  });

  it('hot-reloads rules for every agent', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const fleet = await startSim([table], clock);
    fleet.reloadRules({ rules: [{ match: { destExact: '01044445555' }, action: { class: 'power_off', carrier: '17' } }] });
    const s = await db.insertRow(table, { dest_no: '01044445555' });
    const l = await db.insertRow(table, { dest_no: '01044445555', msg_type: 'L' });
    await fleet.tick();
    clock.advance(1000);
    await fleet.tick();
    const rows = await db.rows(table);
    expect(rows.map((r) => [r['seqno'], r['status_code'], r['mob_company']])).toEqual([[s, 8, '17'], [l, 3004, '17']]);
    expect(() => fleet.reloadRules({ rules: [{ match: {}, action: { code: 'x' as unknown as number } }] })).toThrow();
  });

  it('uses the DB clock by default: due by NOW(), log month from the DB', async () => {
    const table = await db.createQueue([]);
    const [months] = await db.pool.query<RowDataPacket[]>(
      "SELECT DATE_FORMAT(NOW(), '%Y%m') AS ym, DATE_FORMAT(NOW() + INTERVAL 1 MONTH, '%Y%m') AS next",
    );
    const logTables = [`${table}_${months[0]?.['ym']}`, `${table}_${months[0]?.['next']}`];
    for (const log of logTables) await db.pool.query(`CREATE TABLE ${log} LIKE ${table}`);
    await db.pool.query(`INSERT INTO ${table} (dest_no, call_back, msg_contents) VALUES ('01012341234', '0212345678', 'now')`);
    await db.pool.query(
      `INSERT INTO ${table} (dest_no, call_back, msg_contents, sendreq_time) VALUES ('01012341234', '0212345678', 'later', NOW() + INTERVAL 1 HOUR)`,
    );
    const fleet = await startSim([table], undefined, { reportDelayMs: { min: 0, max: 0 }, moveDelayMs: { min: 0, max: 0 } });
    await fleet.tick();

    expect((await db.rows(table)).map((r) => [r['msg_contents'], r['rsv1']])).toEqual([['later', '1']]);
    const logged = [...(await db.rows(logTables[0] ?? '')), ...(await db.rows(logTables[1] ?? ''))];
    expect(logged.map((r) => [r['msg_contents'], r['rsv1'], r['status_code']])).toEqual([['now', '5', 6]]);
    expect(logged[0]?.['repmsg_recvtm']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('control server', () => {
  it('serves health and metrics and applies controls', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    await db.insertRow(table, {});
    const fleet = await startSim([table], clock);
    const server = createControlServer(fleet, pino({ level: 'silent' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const health = await (await fetch(`${base}/health`)).text();
      expect(health).toMatch(new RegExp(`^${table} bound=true paused=false lastPoll=- due=1$`, 'm'));

      expect((await fetch(`${base}/pause?table=${table}`, { method: 'POST' })).status).toBe(200);
      await fleet.tick();
      expect((await db.rows(table))[0]?.['rsv1']).toBe('1');
      expect((await fetch(`${base}/resume?table=${table}`, { method: 'POST' })).status).toBe(200);
      expect((await fetch(`${base}/pause?table=SMSQ_SEND_999`, { method: 'POST' })).status).toBe(404);

      const rules = { rules: [{ match: { destPrefix: '010' }, action: { code: 9009 } }] };
      expect((await fetch(`${base}/rules`, { method: 'POST', body: JSON.stringify(rules) })).status).toBe(200);
      expect((await fetch(`${base}/rules`, { method: 'POST', body: '{"rules":[{"match":{"x":1}}]}' })).status).toBe(400);
      await fleet.tick();
      clock.advance(1000);
      await fleet.tick();
      expect((await db.rows(table))[0]?.['status_code']).toBe(9009);

      const metrics = (await (await fetch(`${base}/metrics`)).json()) as { table: string; byCode: Record<string, number> }[];
      expect(metrics).toEqual([expect.objectContaining({ table, claimed: 1, byCode: { 9009: 1 } })]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
