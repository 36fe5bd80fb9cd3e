import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapSmsdb } from './smsdb-bootstrap.js';
import { TEST_MYSQL_URL, withDatabase } from '../test/services.js';

const id = `hj_boot_${randomBytes(4).toString('hex')}`;
const user = `hj_app_${randomBytes(3).toString('hex')}`;
const password = `pw-${randomBytes(6).toString('hex')}`;
const tables = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_10'];

async function rootQuery<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
  const c = await mysql.createConnection({ uri: TEST_MYSQL_URL, dateStrings: true });
  try {
    const [rows] = await c.query(sql, params);
    return rows as T;
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await rootQuery(`DROP DATABASE IF EXISTS \`${id}\``);
  await rootQuery(`DROP USER IF EXISTS '${user}'@'%', '${user}'@'localhost'`);
});

async function tableNames(): Promise<string[]> {
  const rows = await rootQuery<Array<{ name: string }>>(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1',
    [id],
  );
  return rows.map((r) => r.name);
}

describe('smsdb bootstrap', () => {
  it('creates queue tables, this and next month log tables, the event, and is idempotent', async () => {
    const opts = { adminUrl: withDatabase(TEST_MYSQL_URL, id), tables, appUser: { name: user, password } };
    await bootstrapSmsdb(opts);
    const first = await tableNames();
    await rootQuery(`INSERT INTO \`${id}\`.SMSQ_SEND_1 (dest_no, call_back, msg_contents) VALUES ('01090000001', '0212345678', 'keep me')`);
    await bootstrapSmsdb(opts);
    expect(await tableNames()).toEqual(first);
    const kept = await rootQuery<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM \`${id}\`.SMSQ_SEND_1`);
    expect(Number(kept[0]!.n)).toBe(1);

    const [months] = await rootQuery<Array<{ thisMonth: string; nextMonth: string }>>(
      "SELECT DATE_FORMAT(NOW(), '%Y%m') AS thisMonth, DATE_FORMAT(NOW() + INTERVAL 1 MONTH, '%Y%m') AS nextMonth",
    );
    const { thisMonth, nextMonth } = months!;
    for (const t of tables) {
      expect(first).toContain(t);
      expect(first).toContain(`${t}_${thisMonth}`);
      expect(first).toContain(`${t}_${nextMonth}`);
    }
    const events = await rootQuery<Array<{ EVENT_NAME: string; STATUS: string; INTERVAL_FIELD: string }>>(
      'SELECT EVENT_NAME, STATUS, INTERVAL_FIELD FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?',
      [id],
    );
    expect(events).toEqual([{ EVENT_NAME: 'auto_create_sms_log_tables', STATUS: 'ENABLED', INTERVAL_FIELD: 'MONTH' }]);
  });

  it("the event's procedure creates month+2 log tables for every configured table", async () => {
    await rootQuery(`CALL \`${id}\`.hanjullo_create_sms_log_tables(2)`);
    const [row] = await rootQuery<Array<{ ym: string }>>("SELECT DATE_FORMAT(CURDATE() + INTERVAL 2 MONTH, '%Y%m') AS ym");
    const ym = row!.ym;
    const names = await tableNames();
    for (const t of tables) expect(names).toContain(`${t}_${ym}`);
    const cols = await rootQuery<Array<{ n: number }>>(
      'SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [id, `SMSQ_SEND_1_${ym}`],
    );
    expect(Number(cols[0]!.n)).toBe(29);
  });

  it('gives the app user only SELECT/INSERT/UPDATE/DELETE', async () => {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user, password, database: id });
    try {
      await conn.query("INSERT INTO SMSQ_SEND_2 (dest_no, msg_contents) VALUES ('01090000002', 'x')");
      await conn.query("UPDATE SMSQ_SEND_2 SET rsv1 = '2'");
      await conn.query('DELETE FROM SMSQ_SEND_2');
      await expect(conn.query('CREATE TABLE nope (a INT)')).rejects.toThrow(/denied/i);
      await expect(conn.query('DROP TABLE SMSQ_SEND_2')).rejects.toThrow(/denied/i);
    } finally {
      await conn.end();
    }
  });
});
