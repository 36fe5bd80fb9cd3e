import { sql, type Kysely } from 'kysely';

// Every Narae 080 ARS callback, for the operator: which number, what we answered and why. The
// caller number is stored masked; the token never. company_id is null when no company was resolved
// (refused before the lookup, or a number no live company uses).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE callback_080_logs (
      id bigserial PRIMARY KEY,
      company_id uuid REFERENCES companies(id),
      fr text NOT NULL,
      cid_masked text NOT NULL,
      result text NOT NULL CHECK (result IN ('stored', 'already_listed', 'refused', 'failed')),
      reason text CHECK (reason IN ('ip_not_allowed', 'bad_token', 'missing_params', 'unknown_number', 'invalid_cid', 'error')),
      ip text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    -- per-number "last callback" and "count today"
    CREATE INDEX callback_080_logs_fr_created ON callback_080_logs (fr, created_at DESC);
    CREATE INDEX callback_080_logs_created ON callback_080_logs (created_at DESC);
    CREATE INDEX callback_080_logs_company_created ON callback_080_logs (company_id, created_at DESC) WHERE company_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE callback_080_logs`.execute(db);
}
