import { sql, type Kysely } from 'kysely';

// The target-filter index (PERF.md P2). Korean CRM segments are built from grade, gender and age
// band (birth_date range), usually with purchase recency, region or the user's store codes: with
// those columns as keys or INCLUDEd, the preview count of such a segment is an index-only range
// scan (plus one opt-out probe per match) instead of re-reading every row of one grade from the
// heap. Equality columns first, the range column (birth_date) last. phone and sms_opt_in are
// INCLUDEd because the count dedupes by phone and drops ads without consent.
// Cost: one more ~70-byte entry per customer to maintain on upload/sync writes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX customers_company_segment ON customers (company_id, grade, gender, birth_date)
      INCLUDE (recent_purchase_date, region, store_code, sms_opt_in, phone);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX customers_company_segment`.execute(db);
}
