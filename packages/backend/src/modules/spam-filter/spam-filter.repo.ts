import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type {
  SpamReportsTable, SpamTestDevicesTable, SpamTestResultsTable, SpamTestsTable, SpamVerdictValue,
} from '../../db/schema.js';

/** SQL of the spam-filter test: devices and reports (platform-wide), tests and results (per company). */

export type DeviceRow = Selectable<SpamTestDevicesTable>;
export type TestRow = Selectable<SpamTestsTable>;
export type ResultRow = Selectable<SpamTestResultsTable>;
export type ReportRow = Selectable<SpamReportsTable>;

const OPEN = ['queued', 'running'] as const;

/** A phone number belongs to one device: a new device id for the same phone replaces the old row. */
export async function deleteOtherDeviceOfPhone(db: DbOrTrx, phone: string, deviceId: string): Promise<void> {
  await db.deleteFrom('spam_test_devices').where('phone', '=', phone).where('device_id', '<>', deviceId).execute();
}

export async function upsertDevice(db: DbOrTrx, row: Insertable<SpamTestDevicesTable>): Promise<DeviceRow> {
  return db.insertInto('spam_test_devices').values(row)
    .onConflict((oc) => oc.column('device_id').doUpdateSet((eb) => ({
      carrier: eb.ref('excluded.carrier'),
      phone: eb.ref('excluded.phone'),
      app_version: sql<string | null>`COALESCE(excluded.app_version, spam_test_devices.app_version)`,
      last_seen_at: eb.ref('excluded.last_seen_at'),
      active: true,
    })))
    .returningAll().executeTakeFirstOrThrow();
}

export async function findDeviceByDeviceId(db: DbOrTrx, deviceId: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('spam_test_devices').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
}

export async function touchDevice(db: DbOrTrx, id: string, now: Date): Promise<void> {
  await db.updateTable('spam_test_devices').set({ last_seen_at: now })
    .where('id', '=', id).where('last_seen_at', '<', now).execute();
}

export async function listDevices(db: DbOrTrx, opts: { activeOnly?: boolean } = {}): Promise<DeviceRow[]> {
  let q = db.selectFrom('spam_test_devices').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', true);
  return q.orderBy('carrier').orderBy('phone').execute();
}

export async function findDevicesByIds(db: DbOrTrx, ids: readonly string[]): Promise<DeviceRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('spam_test_devices').selectAll().where('id', 'in', [...ids]).execute();
}

export async function insertTest(db: DbOrTrx, row: Insertable<SpamTestsTable>): Promise<TestRow> {
  return db.insertInto('spam_tests').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTest(db: DbOrTrx, companyId: string, id: string): Promise<TestRow | undefined> {
  return db.selectFrom('spam_tests').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function lockTest(db: DbOrTrx, companyId: string, id: string): Promise<TestRow | undefined> {
  return db.selectFrom('spam_tests').selectAll().where('company_id', '=', companyId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateTest(db: DbOrTrx, companyId: string, id: string, patch: Updateable<SpamTestsTable>): Promise<TestRow> {
  return db.updateTable('spam_tests').set(patch).where('company_id', '=', companyId).where('id', '=', id)
    .returningAll().executeTakeFirstOrThrow();
}

export async function findLatestTest(db: DbOrTrx, companyId: string): Promise<TestRow | undefined> {
  return db.selectFrom('spam_tests').selectAll().where('company_id', '=', companyId)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function findOpenTestOfCompany(db: DbOrTrx, companyId: string): Promise<TestRow | undefined> {
  return db.selectFrom('spam_tests').selectAll().where('company_id', '=', companyId).where('status', 'in', [...OPEN]).executeTakeFirst();
}

export async function listTests(db: DbOrTrx, companyId: string, limit: number, offset: number): Promise<{ rows: TestRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('spam_tests').selectAll().where('company_id', '=', companyId)
      .orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    db.selectFrom('spam_tests').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Open tests of every company, oldest first (the queue order). */
export async function listOpenTests(db: DbOrTrx, status: 'queued' | 'running'): Promise<TestRow[]> {
  return db.selectFrom('spam_tests').selectAll().where('status', '=', status).orderBy('created_at').orderBy('id').execute();
}

export async function countQueuedBefore(db: DbOrTrx, createdAt: Date): Promise<number> {
  const row = await db.selectFrom('spam_tests').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'queued').where('created_at', '<', createdAt).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Running tests of any company sending with this callback number (report matching). */
export async function listRunningTestsByCallback(db: DbOrTrx, callback: string): Promise<TestRow[]> {
  return db.selectFrom('spam_tests').selectAll().where('status', '=', 'running').where('callback_number', '=', callback).execute();
}

/** Serialises test starts across processes inside the starting transaction (with the Redis lock). */
export async function lockTestStarts(db: DbOrTrx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('spam_tests.start'))`.execute(db);
}

export async function insertResults(db: DbOrTrx, rows: Insertable<SpamTestResultsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('spam_test_results').values(rows).execute();
}

export async function listResults(db: DbOrTrx, companyId: string, testIds: readonly string[]): Promise<ResultRow[]> {
  if (testIds.length === 0) return [];
  return db.selectFrom('spam_test_results').selectAll().where('company_id', '=', companyId).where('test_id', 'in', [...testIds])
    .orderBy('test_id').orderBy('carrier').orderBy('message_type').execute();
}

export interface ResultKey {
  companyId: string;
  testId: string;
  deviceId: string;
  messageType: 'S' | 'L';
}

/** Updates one result only while its verdict is one of `from` (a decided verdict is never rewritten). */
export async function updateResult(
  db: DbOrTrx, key: ResultKey, patch: Updateable<SpamTestResultsTable>, from: readonly SpamVerdictValue[],
): Promise<boolean> {
  const res = await db.updateTable('spam_test_results').set(patch)
    .where('company_id', '=', key.companyId).where('test_id', '=', key.testId)
    .where('device_id', '=', key.deviceId).where('message_type', '=', key.messageType)
    .where('verdict', 'in', [...from]).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function insertReport(db: DbOrTrx, row: Insertable<SpamReportsTable>): Promise<void> {
  await db.insertInto('spam_reports').values(row).execute();
}

export async function listUnmatchedReports(db: DbOrTrx, limit: number): Promise<ReportRow[]> {
  return db.selectFrom('spam_reports').selectAll().where('matched_test_id', 'is', null).orderBy('received_at', 'desc').limit(limit).execute();
}
