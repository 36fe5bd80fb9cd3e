import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { CampaignRunsTable, CampaignsTable, CampaignStatus } from '../../db/schema.js';

export type CampaignRow = Selectable<CampaignsTable>;
export type RunRow = Selectable<CampaignRunsTable>;

export async function insertCampaign(db: DbOrTrx, values: Insertable<CampaignsTable>): Promise<CampaignRow> {
  return db.insertInto('campaigns').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findCampaign(db: DbOrTrx, companyId: string, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function lockCampaign(db: DbOrTrx, companyId: string, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('company_id', '=', companyId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateCampaign(db: DbOrTrx, companyId: string, id: string, patch: Updateable<CampaignsTable>): Promise<CampaignRow> {
  return db.updateTable('campaigns').set({ ...patch, updated_at: sql`now()` }).where('company_id', '=', companyId).where('id', '=', id)
    .returningAll().executeTakeFirstOrThrow();
}

export interface CampaignListFilter {
  companyId: string;
  /** Store-limited viewers see only campaigns authored within their stores. */
  storeCodes: string[] | null;
  from?: Date | undefined;
  to?: Date | undefined;
  status?: CampaignStatus | undefined;
}

/** Newest first; a month filter matches the scheduled time, or the creation time when unscheduled. */
export async function listCampaignRows(db: DbOrTrx, f: CampaignListFilter, limit: number, offset: number): Promise<{ rows: CampaignRow[]; total: number }> {
  let q = db.selectFrom('campaigns').where('company_id', '=', f.companyId);
  if (f.storeCodes) q = q.where(sql<boolean>`store_codes IS NOT NULL AND store_codes <@ ${f.storeCodes}::text[]`);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.from && f.to) {
    q = q.where(sql<boolean>`COALESCE(scheduled_at, created_at) >= ${f.from} AND COALESCE(scheduled_at, created_at) < ${f.to}`);
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy(sql`COALESCE(scheduled_at, created_at)`, 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertRun(db: DbOrTrx, values: Insertable<CampaignRunsTable>): Promise<RunRow> {
  return db.insertInto('campaign_runs').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findRun(db: DbOrTrx, companyId: string, runId: string): Promise<RunRow | undefined> {
  return db.selectFrom('campaign_runs').selectAll().where('company_id', '=', companyId).where('id', '=', runId).executeTakeFirst();
}

export async function lockRun(db: DbOrTrx, companyId: string, runId: string): Promise<RunRow | undefined> {
  return db.selectFrom('campaign_runs').selectAll().where('company_id', '=', companyId).where('id', '=', runId).forUpdate().executeTakeFirst();
}

export async function updateRun(db: DbOrTrx, companyId: string, runId: string, patch: Updateable<CampaignRunsTable>): Promise<RunRow> {
  return db.updateTable('campaign_runs').set({ ...patch, updated_at: sql`now()` }).where('company_id', '=', companyId).where('id', '=', runId)
    .returningAll().executeTakeFirstOrThrow();
}

/** The live send run of a campaign (a failed one is kept for history; a new one may follow it). */
export async function findSendRun(db: DbOrTrx, companyId: string, campaignId: string): Promise<RunRow | undefined> {
  return db.selectFrom('campaign_runs').selectAll().where('company_id', '=', companyId).where('campaign_id', '=', campaignId)
    .where('kind', '=', 'send').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function findSendRuns(db: DbOrTrx, companyId: string, campaignIds: readonly string[]): Promise<RunRow[]> {
  if (campaignIds.length === 0) return [];
  return db.selectFrom('campaign_runs').selectAll().distinctOn('campaign_id').where('company_id', '=', companyId)
    .where('campaign_id', 'in', [...campaignIds]).where('kind', '=', 'send')
    .orderBy('campaign_id').orderBy('created_at', 'desc').execute();
}

export async function findRunByIdempotencyKey(db: DbOrTrx, companyId: string, key: string): Promise<RunRow | undefined> {
  return db.selectFrom('campaign_runs').selectAll().where('company_id', '=', companyId).where('idempotency_key', '=', key).executeTakeFirst();
}

export interface CompanySendSettings {
  id: string;
  status: string;
  opt_out_080_number: string | null;
  send_start_hour: number;
  send_end_hour: number;
  duplicate_prevention_days: number | null;
  billing_type: 'postpaid' | 'prepaid';
  price_sms: string;
  price_lms: string;
  price_mms: string;
  price_kakao: string;
  balance: string;
}

export async function findCompanySendSettings(db: DbOrTrx, companyId: string): Promise<CompanySendSettings | undefined> {
  return db.selectFrom('companies')
    .select(['id', 'status', 'opt_out_080_number', 'send_start_hour', 'send_end_hour', 'duplicate_prevention_days', 'billing_type',
      'price_sms', 'price_lms', 'price_mms', 'price_kakao', 'balance'])
    .where('id', '=', companyId).executeTakeFirst();
}

export async function listCustomLabels(db: DbOrTrx, companyId: string): Promise<Array<{ column: string; label: string }>> {
  const rows = await db.selectFrom('customer_field_labels').select(['field_key', 'label']).where('company_id', '=', companyId).execute();
  return rows.map((r) => ({ column: r.field_key, label: r.label }));
}

/**
 * Atomically claims due scheduled campaigns (lesson 1): the row locks of FOR UPDATE SKIP LOCKED and
 * the state change in one statement mean two workers can never both claim one campaign.
 */
export async function claimDueCampaigns(db: DbOrTrx, now: Date, limit: number): Promise<Array<{ company_id: string; id: string }>> {
  const result = await sql<{ company_id: string; id: string }>`
    UPDATE campaigns SET status = 'dispatching', updated_at = now()
    WHERE (company_id, id) IN (
      SELECT company_id, id FROM campaigns
      WHERE status = 'scheduled' AND scheduled_at <= ${now}
      ORDER BY scheduled_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    AND status = 'scheduled'
    RETURNING company_id, id`.execute(db);
  return result.rows;
}

