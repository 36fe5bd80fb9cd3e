import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunMessagePage } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { enqueueBatch } from './queue-writer.js';
import { bootstrapSmsdb } from '../../../scripts/smsdb-bootstrap.js';
import { aggregateRun, aggregateRuns, listRunMessages, runMonths, summaryBranchSql } from './result-reader.js';
import { resolveRowSources } from './qtmsg-sql.js';
import { archiveRows, dbMonthOffset, smsRows, sqlRows } from './qtmsg.test-helpers.js';

describe('runMonths', () => {
  const at = (iso: string): Date => new Date(iso);

  it('lists the months of a run inside one month once', () => {
    expect(runMonths(at('2026-11-10T03:00:00Z'), at('2026-11-20T03:00:00Z'))).toEqual(['202611']);
  });

  it('spans the year end, inclusive', () => {
    expect(runMonths(at('2026-12-15T00:00:00Z'), at('2027-02-03T00:00:00Z'))).toEqual(['202612', '202701', '202702']);
  });

  it('includes the next month when the DB clock (e.g. KST) is already there', () => {
    // 2026-11-30 15:30 UTC is 2026-12-01 00:30 KST: an agent on a KST server moves rows into _202612.
    expect(runMonths(at('2026-11-30T15:30:00Z'), at('2026-11-30T15:31:00Z'))).toEqual(['202611', '202612']);
    expect(runMonths(at('2026-12-01T02:00:00Z'), at('2026-12-01T02:00:00Z'))).toEqual(['202611', '202612']);
  });
});

let ctx: TestContext;
const GROUP = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'];
const RUN = 'run-list';
let month = '';

interface Seeded { table: string; seqno: number; destNo: string; minute: number; code: number }
const seeded: Seeded[] = [];

/** Code by position: failures, waiting, at the relay and successes, mixed over the three tables. */
const codeFor = (k: number): number => [7, 104, 100, 6, 1000][k % 5]!;
const rsv1For = (code: number): string => (code === 100 ? '1' : code === 104 ? '3' : '4');

beforeAll(async () => {
  ctx = await createTestContext();
  month = await dbMonthOffset(ctx.deps.mysql, 0);
  for (const b of [0, 1, 2]) {
    await enqueueBatch(ctx.deps.mysql, GROUP, smsRows(8, `0109${b}`), { runId: RUN, firstBatchIndex: b });
  }
  await enqueueBatch(ctx.deps.mysql, GROUP, [{ ...smsRows(1, '0108')[0]!, destNo: '010-8888-0007' }], { runId: RUN, firstBatchIndex: 3 });
  await enqueueBatch(ctx.deps.mysql, GROUP, smsRows(3, '0106'), { runId: 'run-list-other' });
  let k = 0;
  for (const table of GROUP) {
    for (const r of await sqlRows(ctx.deps.mysql, `SELECT seqno, dest_no FROM ${table} WHERE app_etc1 = ? ORDER BY seqno`, [RUN])) {
      // Send times scrambled against insert order, so only an ORDER BY on sendreq_time gives this order.
      const minute = (k * 7) % 25;
      const code = codeFor(k);
      await ctx.deps.mysql.query(
        `UPDATE ${table} SET sendreq_time = '2026-11-01 00:00:00' + INTERVAL ? MINUTE, status_code = ?, rsv1 = ?,
            mob_company = IF(? IN (6, 1000), '11', NULL), repmsg_recvtm = IF(? = 100 OR ? = 104, NULL, '2026-11-01 03:00:00')
          WHERE seqno = ?`,
        [minute, code, rsv1For(code), code, code, code, r['seqno']],
      );
      seeded.push({ table, seqno: Number(r['seqno']), destNo: String(r['dest_no']), minute, code });
      k++;
    }
  }
  await archiveRows(ctx.deps.mysql, 'SMSQ_SEND_2', month, 'app_etc1 = ? AND rsv1 = ?', [RUN, '4']);
});
afterAll(async () => {
  await ctx?.close();
});

const expectedOrder = (rows: Seeded[]): string[] =>
  [...rows]
    .sort((a, b) => a.minute - b.minute || GROUP.indexOf(a.table) - GROUP.indexOf(b.table) || a.seqno - b.seqno)
    .map((r) => `${r.table}:${r.seqno}`);
const keyOf = (item: { table: string; seqno: number }): string => `${item.table.replace(/_\d{6}$/, '')}:${item.seqno}`;

describe('listRunMessages', () => {
  it('pages through live and archived rows in send-time order', async () => {
    expect(seeded).toHaveLength(25);
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const res = RunMessagePage.parse(await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page, pageSize: 10 }));
      expect(res.total).toBe(25);
      expect(res.items).toHaveLength(page === 3 ? 5 : 10);
      seen.push(...res.items.map(keyOf));
    }
    expect(seen).toEqual(expectedOrder(seeded));
    const beyond = await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 4, pageSize: 10 });
    expect(beyond).toMatchObject({ items: [], total: 25 });
  });

  it('marks archived rows with their log table and converts report times from the report zone', async () => {
    const res = await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 200, reportTz: 'Asia/Seoul' });
    const archived = res.items.filter((i) => i.archived);
    expect(archived.length).toBe(seeded.filter((s) => s.table === 'SMSQ_SEND_2' && rsv1For(s.code) === '4').length);
    expect(archived.every((i) => i.table === `SMSQ_SEND_2_${month}`)).toBe(true);
    const success = res.items.find((i) => i.statusCode === 6)!;
    expect(success).toMatchObject({ label: 'SMS 전송 성공', category: 'success', carrier: 'SKT', carrierLabel: 'SKT' });
    // 03:00 written in KST is 18:00 UTC the day before; sendreq_time is on the (UTC) DB clock.
    expect(success.reportTime).toBe('2026-10-31T18:00:00.000Z');
    const utc = await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 1 });
    expect(utc.items[0]?.sendreqTime).toBe('2026-11-01T00:00:00.000Z');
    expect(utc.items[0]?.reportTime === null || utc.items[0]?.reportTime === '2026-11-01T03:00:00.000Z').toBe(true);
  });

  it('finds a phone by its last 4 digits or the full number, hyphens allowed', async () => {
    const last4 = await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 50, phone: '0007' });
    const expected = seeded.filter((s) => s.destNo.endsWith('0007')).map((s) => s.destNo).sort();
    expect(expected).toEqual(['01088880007', '01090000007', '01091000007', '01092000007']);
    expect(last4.items.map((i) => i.destNo).sort()).toEqual(expected);
    expect(last4.total).toBe(last4.items.length);
    const full = await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 50, phone: '010-8888-0007' });
    expect(full.items.map((i) => i.destNo)).toEqual(['01088880007']);
  });

  it.each(['success', 'pending', 'failure'] as const)('filters by status %s using the shared code map', async (status) => {
    const res = await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 200, status });
    const expected = seeded.filter((s) =>
      status === 'success' ? [6, 1000].includes(s.code) : status === 'pending' ? [100, 104].includes(s.code) : s.code === 7);
    expect(res.total).toBe(expected.length);
    expect(res.items.map(keyOf)).toEqual(expectedOrder(expected));
    expect(res.items.every((i) => i.category === status)).toBe(true);
  });

  it('agrees with aggregateRun and never shows another run', async () => {
    const summary = await aggregateRun(ctx.deps.mysql, GROUP, RUN, [month]);
    const page = await listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 200 });
    expect(summary.total).toBe(page.total);
    expect(page.items.some((i) => i.destNo.startsWith('0106'))).toBe(false);
  });

  it('refuses page sizes over 200 and partial phone numbers', async () => {
    await expect(listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 201 }))
      .rejects.toMatchObject({ code: 'validation_failed' });
    await expect(listRunMessages(ctx.deps.mysql, GROUP, RUN, [month], { page: 1, pageSize: 10, phone: '12' }))
      .rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('aggregateRun / aggregateRuns', () => {
  const countsOf = (codes: number[]): Array<[number, number]> => {
    const counts = new Map<number, number>();
    for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => a[0] - b[0]);
  };

  it('counts every code of live and archived rows, for one run and for several at once', async () => {
    const one = await aggregateRun(ctx.deps.mysql, GROUP, RUN, [month]);
    expect(one.byCode.map((c) => [c.code, c.count]).sort((a, b) => a[0]! - b[0]!)).toEqual(countsOf(seeded.map((s) => s.code)));
    expect(one).toMatchObject({ total: 25, success: 10, pending: 10, failure: 5 });
    expect(one.byCarrier).toEqual([
      { carrier: 'SKT', label: expect.any(String), count: 10 },
      { carrier: 'UNKNOWN', label: expect.any(String), count: 15 },
    ]);
    const many = await aggregateRuns(ctx.deps.mysql, GROUP, [RUN, 'run-list-other', 'run-list-none'], [month]);
    expect(many.get(RUN)).toEqual(one);
    expect(many.get('run-list-other')).toMatchObject({ total: 3, pending: 3 });
    expect(many.get('run-list-none')).toMatchObject({ total: 0, byCode: [] });
  });

  it('reads the counts from the covering index alone, without a temporary table (PERF P4)', async () => {
    const sources = await resolveRowSources(ctx.deps.mysql, GROUP, [month]);
    expect(sources.filter((s) => s.archived).map((s) => s.name)).toContain(`SMSQ_SEND_2_${month}`);
    for (const src of sources) {
      for (const runIds of [[RUN], [RUN, 'run-list-other']]) {
        const branch = summaryBranchSql(src, runIds);
        const [plan] = await sqlRows(ctx.deps.mysql, `EXPLAIN ${branch.sql}`, branch.params);
        expect({ name: src.name, runs: runIds.length, key: plan!['key'] }).toEqual({ name: src.name, runs: runIds.length, key: 'idx_app_etc1_result' });
        expect(String(plan!['Extra'])).toContain('Using index');
        expect(String(plan!['Extra'])).not.toMatch(/temporary|filesort/);
      }
    }
  });

  it('bootstrap adds the covering index to log tables created before it existed', async () => {
    const indexed = async (): Promise<string[]> => (await sqlRows(ctx.deps.mysql,
      `SELECT TABLE_NAME AS name FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'idx_app_etc1_result' AND SEQ_IN_INDEX = 1 ORDER BY 1`)).map((r) => String(r['name']));
    await ctx.deps.mysql.query('CREATE TABLE SMSQ_SEND_1_202001 LIKE SMSQ_SEND_1');
    await ctx.deps.mysql.query('ALTER TABLE SMSQ_SEND_1_202001 DROP INDEX idx_app_etc1_result');
    await ctx.deps.mysql.query('CREATE TABLE not_a_queue_202001 LIKE SMSQ_SEND_1');
    await ctx.deps.mysql.query('ALTER TABLE not_a_queue_202001 DROP INDEX idx_app_etc1_result');
    expect(await indexed()).not.toContain('SMSQ_SEND_1_202001');
    await bootstrapSmsdb({ adminUrl: ctx.config.mysqlAdminUrl, tables: ctx.config.smsTables });
    const after = await indexed();
    for (const t of ctx.config.smsTables) expect(after).toEqual(expect.arrayContaining([t, `${t}_${month}`]));
    expect(after).toContain('SMSQ_SEND_1_202001');
    expect(after).not.toContain('not_a_queue_202001');
    const [cols] = await ctx.deps.mysql.query(
      `SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'SMSQ_SEND_1_202001' AND INDEX_NAME = 'idx_app_etc1_result'`,
    );
    expect((cols as Array<{ cols: string }>)[0]?.cols).toBe('app_etc1,status_code,mob_company');
  });
});
