import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmsTableError } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { AppError } from '../../errors.js';
import {
  EnqueueError, MAX_BIND_PARAMS, MAX_ROWS_PER_STATEMENT, PARAMS_PER_ROW, batchTagsPresent, enqueueBatch,
  sendSingleMessage, type QueueRow,
} from './queue-writer.js';
import { aggregateRun } from './result-reader.js';
import { archiveRows, countRun, dbMonthOffset, smsRows, sqlRows } from './qtmsg.test-helpers.js';

let ctx: TestContext;
const GROUP = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'];

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('enqueueBatch', () => {
  it('spreads a 30,000-row batch evenly over a 3-table group, every statement under the parameter cap', async () => {
    const runId = 'run-rr-30k';
    const result = await enqueueBatch(ctx.deps.mysql, GROUP, smsRows(30_000), { runId });

    // 30,000 rows = 6 full statements of 5,000: two per table
    expect(MAX_ROWS_PER_STATEMENT).toBe(5_000);
    expect(result).toEqual({ batches: 6, perTable: { SMSQ_SEND_1: 10_000, SMSQ_SEND_2: 10_000, SMSQ_SEND_3: 10_000 } });
    const counts: number[] = [];
    for (const [i, table] of GROUP.entries()) {
      const tags = await sqlRows(ctx.deps.mysql,
        `SELECT app_etc2 AS tag, COUNT(*) AS n FROM ${table} WHERE app_etc1 = ? GROUP BY app_etc2`, [runId]);
      // One tag = one statement: batch b sits only in tables[b % 3] and never exceeds the caps.
      for (const t of tags) {
        expect(Number(t['tag']) % 3).toBe(i);
        expect(Number(t['n'])).toBeLessThanOrEqual(MAX_ROWS_PER_STATEMENT);
        expect(Number(t['n']) * PARAMS_PER_ROW).toBeLessThan(MAX_BIND_PARAMS);
      }
      counts.push(await countRun(ctx.deps.mysql, table, runId));
    }
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(MAX_ROWS_PER_STATEMENT);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30_000);
    const distinct = await sqlRows(ctx.deps.mysql,
      `SELECT COUNT(DISTINCT dest_no) AS n FROM (SELECT dest_no FROM SMSQ_SEND_1 WHERE app_etc1 = ?
        UNION ALL SELECT dest_no FROM SMSQ_SEND_2 WHERE app_etc1 = ? UNION ALL SELECT dest_no FROM SMSQ_SEND_3 WHERE app_etc1 = ?) u`,
      [runId, runId, runId]);
    expect(Number(distinct[0]?.['n'])).toBe(30_000);
  });

  it('continues round-robin and default tags from firstBatchIndex', async () => {
    const runId = 'run-rr-resume';
    const result = await enqueueBatch(ctx.deps.mysql, GROUP, smsRows(MAX_ROWS_PER_STATEMENT + 1), { runId, firstBatchIndex: 4 });
    expect(result).toEqual({ batches: 2, perTable: { SMSQ_SEND_1: 0, SMSQ_SEND_2: MAX_ROWS_PER_STATEMENT, SMSQ_SEND_3: 1 } });
    const tags = await sqlRows(ctx.deps.mysql,
      'SELECT DISTINCT app_etc2 AS tag FROM SMSQ_SEND_2 WHERE app_etc1 = ? UNION ALL SELECT DISTINCT app_etc2 FROM SMSQ_SEND_3 WHERE app_etc1 = ?',
      [runId, runId]);
    expect(tags.map((t) => t['tag'])).toEqual(['4', '5']);
  });

  it('writes NOW() from MySQL, status 100, rsv1 1, digits-only numbers, subject, files and tags', async () => {
    const runId = 'run-columns';
    const rows: QueueRow[] = [
      { destNo: '010-1234-5678', callBack: '02-1588-1234', body: '단문', msgType: 'S', billId: 'b-1' },
      { destNo: '01022223333', callBack: '0215881234', body: '장문', msgType: 'L', subject: '제목' },
      { destNo: '01044445555', callBack: '0215881234', body: '포토', msgType: 'M', subject: '사진', files: ['/img/a.jpg', '/img/b.jpg'] },
    ];
    await enqueueBatch(ctx.deps.mysql, ['SMSQ_SEND_1'], rows, { runId, batchTag: (b) => `tag-${b}` });
    const got = await sqlRows(ctx.deps.mysql,
      `SELECT dest_no, call_back, msg_contents, msg_type, title_str, bill_id, file_name1, file_name2, file_name3,
              status_code, rsv1, app_etc1, app_etc2, sendreq_time = msg_instm AS same_time,
              ABS(TIMESTAMPDIFF(SECOND, sendreq_time, NOW())) AS age
         FROM SMSQ_SEND_1 WHERE app_etc1 = ? ORDER BY seqno`, [runId]);
    expect(got.map((r) => [r['dest_no'], r['call_back'], r['msg_type'], r['title_str'], r['file_name1'], r['file_name2'], r['file_name3']]))
      .toEqual([
        ['01012345678', '0215881234', 'S', null, '', '', ''],
        ['01022223333', '0215881234', 'L', '제목', '', '', ''],
        ['01044445555', '0215881234', 'M', '사진', '/img/a.jpg', '/img/b.jpg', ''],
      ]);
    for (const r of got) {
      expect(r).toMatchObject({ status_code: 100, rsv1: '1', app_etc1: runId, app_etc2: 'tag-0', same_time: 1 });
      expect(Number(r['age'])).toBeLessThan(10);
    }
    expect(got[0]?.['bill_id']).toBe('b-1');
  });

  it('refuses a number with non-digit leftovers, naming the row, and writes nothing', async () => {
    const runId = 'run-bad-number';
    const rows = smsRows(5);
    rows[3] = { ...rows[3]!, destNo: '010-12a4-5678' };
    const err = await enqueueBatch(ctx.deps.mysql, GROUP, rows, { runId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect((err as AppError).message).toContain('4번');
    expect((err as AppError).details).toMatchObject({ row: 3, field: 'destNo', value: '010-12a4-5678' });
    for (const table of GROUP) expect(await countRun(ctx.deps.mysql, table, runId)).toBe(0);
  });

  it('refuses MMS without an image and attachments on SMS', async () => {
    const runId = 'run-bad-mms';
    await expect(enqueueBatch(ctx.deps.mysql, GROUP, smsRows(1, '0109', { msgType: 'M' }), { runId }))
      .rejects.toMatchObject({ code: 'validation_failed' });
    await expect(enqueueBatch(ctx.deps.mysql, GROUP, smsRows(1, '0109', { files: ['/a.jpg'] }), { runId }))
      .rejects.toMatchObject({ code: 'validation_failed' });
    expect(await countRun(ctx.deps.mysql, 'SMSQ_SEND_1', runId)).toBe(0);
  });

  it.each(['SMSQ_SEND_1; DROP TABLE x', 'SMSQ_SEND_4', 'smsq_send_1', 'SMSQ_SEND_1`'])(
    'refuses the unconfigured table name %j and writes nothing anywhere',
    async (bad) => {
      const runId = 'run-guard';
      await expect(enqueueBatch(ctx.deps.mysql, ['SMSQ_SEND_1', bad], smsRows(3_000), { runId }))
        .rejects.toBeInstanceOf(SmsTableError);
      await expect(sendSingleMessage(ctx.deps.mysql, bad, smsRows(1)[0]!, runId)).rejects.toBeInstanceOf(SmsTableError);
      await expect(aggregateRun(ctx.deps.mysql, [bad], runId, [])).rejects.toBeInstanceOf(SmsTableError);
      await expect(batchTagsPresent(ctx.deps.mysql, [bad], runId, [], ['0'])).rejects.toBeInstanceOf(SmsTableError);
      expect(await countRun(ctx.deps.mysql, 'SMSQ_SEND_1', runId)).toBe(0);
      const tables = await sqlRows(ctx.deps.mysql,
        "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('SMSQ_SEND_1', 'x')");
      expect(Number(tables[0]?.['n'])).toBe(1);
    },
  );

  it('reports committed batches when a lane fails, and the other lane stays written', async () => {
    await ctx.deps.mysql.query('DROP TABLE SMSQ_SEND_11');
    const runId = 'run-lane-failure';
    const err = await enqueueBatch(ctx.deps.mysql, ['SMSQ_SEND_3', 'SMSQ_SEND_11'], smsRows(2 * MAX_ROWS_PER_STATEMENT), { runId })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnqueueError);
    expect((err as EnqueueError).completedBatches).toEqual([0]);
    expect((err as EnqueueError).failedBatch).toBe(1);
    expect(await countRun(ctx.deps.mysql, 'SMSQ_SEND_3', runId)).toBe(MAX_ROWS_PER_STATEMENT);
  });
});

describe('sendSingleMessage', () => {
  it('writes one row on the test line and returns its seqno', async () => {
    const seqno = await sendSingleMessage(ctx.deps.mysql, 'SMSQ_SEND_10',
      { destNo: '010-9999-0000', callBack: '0215881234', body: '[테스트] 안녕하세요', msgType: 'S' }, 'test-send-1');
    const rows = await sqlRows(ctx.deps.mysql, 'SELECT * FROM SMSQ_SEND_10 WHERE seqno = ?', [seqno]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dest_no: '01099990000', app_etc1: 'test-send-1', app_etc2: '0', rsv1: '1', status_code: 100 });
  });
});

describe('batchTagsPresent', () => {
  it('finds the tags of a run in live and log tables of the given months only', async () => {
    const runId = 'run-tags';
    for (const first of [0, 1, 2]) {
      await enqueueBatch(ctx.deps.mysql, GROUP, smsRows(2, `0107${first}`), { runId, firstBatchIndex: first });
    }
    await enqueueBatch(ctx.deps.mysql, GROUP, smsRows(1), { runId: 'run-tags-other', firstBatchIndex: 3 });
    const [prev, now, next] = await Promise.all([-1, 0, 1].map((o) => dbMonthOffset(ctx.deps.mysql, o)));
    expect(await archiveRows(ctx.deps.mysql, 'SMSQ_SEND_2', now!, 'app_etc1 = ?', [runId])).toBe(2);
    expect(await archiveRows(ctx.deps.mysql, 'SMSQ_SEND_3', prev!, 'app_etc1 = ?', [runId])).toBe(2);

    const tags = ['0', '1', '2', '3', '4'];
    const all = await batchTagsPresent(ctx.deps.mysql, GROUP, runId, [prev!, now!, next!, '209912'], tags);
    expect([...all].sort()).toEqual(['0', '1', '2']);
    const thisMonthOnly = await batchTagsPresent(ctx.deps.mysql, GROUP, runId, [now!], tags);
    expect([...thisMonthOnly].sort()).toEqual(['0', '1']);
    const liveOnly = await batchTagsPresent(ctx.deps.mysql, GROUP, runId, [], tags);
    expect([...liveOnly]).toEqual(['0']);
  });
});
