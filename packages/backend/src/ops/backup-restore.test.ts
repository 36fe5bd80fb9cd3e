// Runs ops/backup.sh and ops/restore.sh against the real local PostgreSQL and MySQL/MariaDB:
// throwaway source databases are dumped, old backups rotated, and the dumps restored into fresh
// databases whose rows (Korean text included), routines and events must match the originals.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const backupScript = path.join(repoRoot, 'ops', 'backup.sh');
const restoreScript = path.join(repoRoot, 'ops', 'restore.sh');
const PG_BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_BASE = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

const suffix = randomBytes(4).toString('hex');
const names = {
  pgSource: `hj_bk_src_${suffix}`,
  pgTarget: `hj_bk_dst_${suffix}`,
  mySource: `hj_bk_src_${suffix}`,
  myTarget: `hj_bk_dst_${suffix}`,
  myUser: `hj_bk_${suffix}`,
};
// Characters that must be percent-encoded in a URL, to prove the scripts decode it.
const MYSQL_PASSWORD = 'Pw@:/ %+x#?';

function withDatabase(base: string, database: string, auth?: { user: string; password: string }): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (auth) {
    url.username = encodeURIComponent(auth.user);
    url.password = encodeURIComponent(auth.password);
  }
  return url.toString();
}

const pgUrl = (db: string): string => withDatabase(PG_BASE, db);
const myUrl = (db: string): string =>
  withDatabase(MYSQL_BASE, db, { user: names.myUser, password: MYSQL_PASSWORD });

function psql(db: string, sql: string): string {
  return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-d', pgUrl(db), '-c', sql], {
    encoding: 'utf8',
  });
}

// Runs SQL as the admin from TEST_MYSQL_URL, or as the throwaway user when `asUser` is set.
function mysql(sql: string, opts: { db?: string; asUser?: boolean } = {}): string {
  const admin = new URL(MYSQL_BASE);
  const user = opts.asUser ? names.myUser : decodeURIComponent(admin.username || 'root');
  const password = opts.asUser ? MYSQL_PASSWORD : decodeURIComponent(admin.password);
  const args = [
    '--protocol=TCP', `--host=${admin.hostname}`, `--port=${admin.port || '3306'}`, `--user=${user}`,
    '--default-character-set=utf8mb4', '--batch', '--skip-column-names', '-e', sql,
  ];
  if (opts.db) args.push(opts.db);
  return execFileSync('mysql', args, { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: password } });
}

function run(script: string, args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  // A clean environment: nothing from the developer's shell (DATABASE_URL, MYSQL_URL…) leaks in.
  return spawnSync(script, args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: 120_000,
  });
}

function stampDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function plantFile(dir: string, name: string, daysOld: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, 'old backup');
  execFileSync('touch', ['-d', `${daysOld} days ago`, file]);
  return file;
}

const PG_ROWS_SQL = `SELECT id, name, memo, amount::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM customers ORDER BY id`;
const MY_ROWS_SQL = 'SELECT SEQNO, DEST_NO, MSG_CONTENTS, HEX(MSG_CONTENTS), REQ_DATE FROM SMSQ_SEND_1 ORDER BY SEQNO';
const MY_OBJECTS_SQL = (db: string): string =>
  `SELECT CONCAT('routine ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '${db}'
   UNION ALL SELECT CONCAT('event ', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '${db}' ORDER BY 1`;

describe('ops/backup.sh and ops/restore.sh', () => {
  let tmp: string;
  let backupDir: string;
  let planted: Record<'oldPg' | 'oldMysql' | 'recentPg' | 'recentMysql' | 'unrelated', string>;
  let backup: SpawnSyncReturns<string>;
  let pgFile: string;
  let myFile: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hanjullo-backup-'));
    backupDir = path.join(tmp, 'backups');
    fs.mkdirSync(backupDir);

    psql('postgres', `CREATE DATABASE ${names.pgSource}`);
    psql('postgres', `CREATE DATABASE ${names.pgTarget}`);
    psql(
      names.pgSource,
      `CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, memo text, amount numeric(12,2), created_at timestamptz NOT NULL);
       INSERT INTO customers (name, memo, amount, created_at) VALUES
         ('김민지', '봄 신상 20% 할인 안내 — VIP', 125000.50, '2025-03-01 09:00:00+09'),
         ('이서준', E'줄바꿈\\n포함, ''따옴표'' 그리고 "쌍따옴표"', 0, '2025-12-31 23:59:59+09'),
         ('Park 🙂', NULL, NULL, '2024-02-29 00:00:00+00');`,
    );

    mysql(`CREATE DATABASE ${names.mySource} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    mysql(`CREATE DATABASE ${names.myTarget} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    mysql(`CREATE USER '${names.myUser}'@'%' IDENTIFIED BY '${MYSQL_PASSWORD.replaceAll("'", "''")}'`);
    mysql(`GRANT ALL PRIVILEGES ON ${names.mySource}.* TO '${names.myUser}'@'%'`);
    mysql(`GRANT ALL PRIVILEGES ON ${names.myTarget}.* TO '${names.myUser}'@'%'`);
    // Created by the dump user itself, so it may read the routine and event definitions back.
    mysql(
      `CREATE TABLE SMSQ_SEND_1 (SEQNO int PRIMARY KEY, DEST_NO varchar(16) NOT NULL, MSG_CONTENTS varchar(2000), REQ_DATE datetime) DEFAULT CHARSET=utf8mb4;
       INSERT INTO SMSQ_SEND_1 VALUES
         (1, '01012345678', '[광고] 한줄로 봄맞이 세일! 무료수신거부 080-000-0000', '2025-03-01 09:00:00'),
         (2, '01098765432', '인증번호 [482913]를 입력해 주세요.', '2025-03-01 09:00:01'),
         (3, '01055556666', 'emoji 🙂 and ''quotes''', NULL);
       CREATE PROCEDURE count_pending() SELECT COUNT(*) FROM SMSQ_SEND_1;
       CREATE EVENT auto_create_log_tables ON SCHEDULE EVERY 1 MONTH DISABLE DO SELECT 1;`,
      { db: names.mySource, asUser: true },
    );

    planted = {
      oldPg: plantFile(backupDir, `hanjullo-pg-${stampDaysAgo(10)}.dump`, 10),
      oldMysql: plantFile(backupDir, `hanjullo-mysql-${stampDaysAgo(10)}.sql.gz`, 10),
      recentPg: plantFile(backupDir, `hanjullo-pg-${stampDaysAgo(2)}.dump`, 2),
      recentMysql: plantFile(backupDir, `hanjullo-mysql-${stampDaysAgo(2)}.sql.gz`, 2),
      unrelated: plantFile(backupDir, 'operator-notes.txt', 10),
    };

    backup = run(backupScript, [], {
      DATABASE_URL: pgUrl(names.pgSource),
      MYSQL_URL: myUrl(names.mySource),
      BACKUP_DIR: backupDir,
    });
    const fresh = fs.readdirSync(backupDir).filter((f) => !Object.values(planted).includes(path.join(backupDir, f)));
    pgFile = path.join(backupDir, fresh.find((f) => f.startsWith('hanjullo-pg-')) ?? 'missing-pg-dump');
    myFile = path.join(backupDir, fresh.find((f) => f.startsWith('hanjullo-mysql-')) ?? 'missing-mysql-dump');
  }, 120_000);

  afterAll(() => {
    for (const db of [names.pgSource, names.pgTarget]) {
      spawnSync('psql', ['-X', '-q', '-d', pgUrl('postgres'), '-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
    }
    for (const sql of [
      `DROP DATABASE IF EXISTS ${names.mySource}`,
      `DROP DATABASE IF EXISTS ${names.myTarget}`,
      `DROP USER IF EXISTS '${names.myUser}'@'%'`,
    ]) {
      try {
        mysql(sql);
      } catch {
        // keep cleaning up the rest
      }
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a pg_dump archive and a gzipped mysqldump named by timestamp, readable by the owner only', () => {
    expect(backup.status, backup.stderr).toBe(0);
    expect(path.basename(pgFile)).toMatch(/^hanjullo-pg-\d{8}-\d{6}\.dump$/);
    expect(path.basename(myFile)).toMatch(/^hanjullo-mysql-\d{8}-\d{6}\.sql\.gz$/);
    expect(path.basename(pgFile).slice('hanjullo-pg-'.length, -'.dump'.length)).toBe(
      path.basename(myFile).slice('hanjullo-mysql-'.length, -'.sql.gz'.length),
    );
    expect(fs.readFileSync(pgFile).subarray(0, 5).toString()).toBe('PGDMP');
    const sql = zlib.gunzipSync(fs.readFileSync(myFile)).toString('utf8');
    expect(sql).toContain('한줄로 봄맞이 세일');
    expect(sql).toContain('auto_create_log_tables');
    expect(sql).not.toContain(MYSQL_PASSWORD);
    for (const file of [pgFile, myFile]) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(backup.stdout).toContain(`wrote ${pgFile}`);
    expect(backup.stdout).toContain(`wrote ${myFile}`);
  });

  it('deletes only its own backups older than BACKUP_KEEP_DAYS', () => {
    expect(backup.status, backup.stderr).toBe(0);
    expect(fs.existsSync(planted.oldPg)).toBe(false);
    expect(fs.existsSync(planted.oldMysql)).toBe(false);
    expect(fs.existsSync(planted.recentPg)).toBe(true);
    expect(fs.existsSync(planted.recentMysql)).toBe(true);
    expect(fs.existsSync(planted.unrelated)).toBe(true);
    expect(backup.stdout).toContain(`deleted ${planted.oldPg}`);
    expect(backup.stdout).toContain(`deleted ${planted.oldMysql}`);
  });

  it('restores both dumps into fresh databases with identical rows, routines and events', () => {
    const restore = run(restoreScript, [pgFile, myFile, pgUrl(names.pgTarget), myUrl(names.myTarget)], {});
    expect(restore.status, restore.stderr).toBe(0);

    const pgRows = psql(names.pgTarget, PG_ROWS_SQL);
    expect(pgRows).toBe(psql(names.pgSource, PG_ROWS_SQL));
    expect(pgRows).toContain('봄 신상 20% 할인 안내 — VIP');
    expect(pgRows.trim().split('\n').length).toBeGreaterThanOrEqual(3);
    // The sequence comes back too: the next insert does not collide with restored ids.
    expect(psql(names.pgTarget, `INSERT INTO customers (name, created_at) VALUES ('신규', now()) RETURNING id`).trim()).toBe('4');

    const myRows = mysql(MY_ROWS_SQL, { db: names.myTarget });
    expect(myRows).toBe(mysql(MY_ROWS_SQL, { db: names.mySource }));
    expect(myRows).toContain('인증번호 [482913]를 입력해 주세요.');
    expect(myRows.trim().split('\n')).toHaveLength(3);
    expect(mysql(MY_OBJECTS_SQL(names.myTarget))).toBe('event auto_create_log_tables\nroutine count_pending\n');
  });

  it('can restore the same dumps again over an existing copy without duplicating rows', () => {
    for (let i = 0; i < 2; i++) {
      const restore = run(restoreScript, [pgFile, myFile, pgUrl(names.pgTarget), myUrl(names.myTarget)], {});
      expect(restore.status, restore.stderr).toBe(0);
    }
    expect(psql(names.pgTarget, 'SELECT count(*) FROM customers').trim()).toBe('3');
    expect(mysql('SELECT COUNT(*) FROM SMSQ_SEND_1', { db: names.myTarget }).trim()).toBe('3');
  });

  it('accepts MYSQL_HOST/PORT/USER/PASSWORD/DATABASE when MYSQL_URL is not set', () => {
    const dir = path.join(tmp, 'discrete');
    const admin = new URL(MYSQL_BASE);
    const r = run(backupScript, [], {
      DATABASE_URL: pgUrl(names.pgSource),
      MYSQL_HOST: admin.hostname,
      MYSQL_PORT: admin.port || '3306',
      MYSQL_USER: names.myUser,
      MYSQL_PASSWORD,
      MYSQL_DATABASE: names.mySource,
      BACKUP_DIR: dir,
    });
    expect(r.status, r.stderr).toBe(0);
    const gz = fs.readdirSync(dir).find((f) => f.endsWith('.sql.gz'));
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, gz!))).toString('utf8')).toContain('한줄로 봄맞이 세일');
  });

  it('fails without leaving a backup or rotating anything when a database is unreachable', () => {
    const dir = path.join(tmp, 'failing');
    fs.mkdirSync(dir);
    const old = plantFile(dir, `hanjullo-pg-${stampDaysAgo(30)}.dump`, 30);
    const r = run(backupScript, [], {
      DATABASE_URL: pgUrl(`${names.pgSource}_missing`),
      MYSQL_URL: myUrl(names.mySource),
      BACKUP_DIR: dir,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${names.pgSource}_missing`);
    expect(fs.readdirSync(dir)).toEqual([path.basename(old)]);
  });

  it('refuses BACKUP_KEEP_DAYS=0, which would delete the backup it just wrote', () => {
    const r = run(backupScript, [], {
      DATABASE_URL: pgUrl(names.pgSource),
      MYSQL_URL: myUrl(names.mySource),
      BACKUP_DIR: path.join(tmp, 'keep-zero'),
      BACKUP_KEEP_DAYS: '0',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BACKUP_KEEP_DAYS');
    expect(fs.existsSync(path.join(tmp, 'keep-zero'))).toBe(false);
  });
});
