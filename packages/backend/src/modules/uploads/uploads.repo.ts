import { sql, type Insertable, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { UploadJobStatus, UploadJobsTable } from '../../db/schema.js';

export type UploadRow = Selectable<UploadJobsTable>;

export async function insertUpload(db: DbOrTrx, row: Insertable<UploadJobsTable>): Promise<UploadRow> {
  return db.insertInto('upload_jobs').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findUpload(db: DbOrTrx, companyId: string, id: string): Promise<UploadRow | undefined> {
  return db.selectFrom('upload_jobs').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

/**
 * Claims an upload for import with a real state transition (LESSONS 1): only an upload still
 * waiting (or whose last import failed) with its file present moves to `queued`.
 */
export async function claimUploadForImport(
  db: DbOrTrx,
  companyId: string,
  id: string,
  mapping: Record<string, string | null>,
  consent: 'all_consented' | 'all_refused' | null,
): Promise<boolean> {
  const r = await db
    .updateTable('upload_jobs')
    .set({ status: 'queued', mapping: JSON.stringify(mapping), consent, error_message: null, result: null, started_at: null, finished_at: null })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .where('status', 'in', ['uploaded', 'failed'])
    .where('file_deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function releaseUploadClaim(db: DbOrTrx, companyId: string, id: string, status: UploadJobStatus): Promise<void> {
  await db.updateTable('upload_jobs').set({ status }).where('company_id', '=', companyId).where('id', '=', id).where('status', '=', 'queued').execute();
}

export async function markUploadRunning(db: DbOrTrx, companyId: string, id: string, startedAt: Date): Promise<boolean> {
  const r = await db
    .updateTable('upload_jobs')
    .set({ status: 'running', started_at: startedAt })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function finishUpload(
  db: DbOrTrx,
  companyId: string,
  id: string,
  patch: { status: 'completed' | 'failed'; result: unknown; error: string | null; finishedAt: Date; fileDeleted: boolean },
): Promise<void> {
  await db
    .updateTable('upload_jobs')
    .set({
      status: patch.status,
      result: JSON.stringify(patch.result),
      error_message: patch.error,
      finished_at: patch.finishedAt,
      ...(patch.fileDeleted ? { file_deleted_at: patch.finishedAt } : {}),
    })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .execute();
}

/**
 * Uploads older than `cutoff` whose file is still there and that are not being imported: marked
 * as deleted (waiting ones expire). Cross-company on purpose (the cleanup job); the table is small.
 */
export async function expireOldUploads(db: DbOrTrx, cutoff: Date): Promise<Array<{ stored_name: string }>> {
  return db
    .updateTable('upload_jobs')
    .set((eb) => ({
      file_deleted_at: sql<Date>`now()`,
      status: eb.case().when('status', '=', 'uploaded').then('expired' as const).else(eb.ref('status')).end(),
    }))
    .where('file_deleted_at', 'is', null)
    .where('created_at', '<', cutoff)
    .where('status', 'not in', ['queued', 'running'])
    .returning('stored_name')
    .execute();
}

/** Stored names of uploads being imported (their files must survive the sweep). */
export async function findBusyStoredNames(db: DbOrTrx, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db
    .selectFrom('upload_jobs')
    .select('stored_name')
    .where('stored_name', 'in', [...names])
    .where('status', 'in', ['queued', 'running'])
    .execute();
  return new Set(rows.map((r) => r.stored_name));
}

export async function countCompanyCustomers(db: DbOrTrx, companyId: string): Promise<number> {
  const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findPlanCap(db: DbOrTrx, companyId: string): Promise<{ companyName: string; maxCustomers: number | null } | undefined> {
  const row = await db
    .selectFrom('companies as c')
    .leftJoin('plans as p', 'p.id', 'c.plan_id')
    .select(['c.name', 'p.max_customers'])
    .where('c.id', '=', companyId)
    .executeTakeFirst();
  return row && { companyName: row.name, maxCustomers: row.max_customers };
}

/** How many of the (store code, phone) keys already exist as customers of the company. */
export async function countExistingKeys(db: DbOrTrx, companyId: string, storeCodes: Array<string | null>, phones: string[]): Promise<number> {
  if (phones.length === 0) return 0;
  const r = await sql<{ n: string }>`
    SELECT count(*) AS n FROM unnest(${storeCodes}::text[], ${phones}::text[]) AS t(store_code, phone)
    WHERE EXISTS (
      SELECT 1 FROM customers c
      WHERE c.company_id = ${companyId} AND COALESCE(c.store_code, '__NONE__') = COALESCE(t.store_code, '__NONE__') AND c.phone = t.phone
    )`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
