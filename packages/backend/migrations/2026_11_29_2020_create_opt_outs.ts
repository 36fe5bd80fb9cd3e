import { sql, type Kysely } from 'kysely';

// The company's opt-out (수신거부) list. One list per company keyed by phone: who *manages* an entry
// may be narrowed by store, never who is excluded. Every send path excludes these phones.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE opt_outs (
      company_id uuid NOT NULL REFERENCES companies(id),
      phone text NOT NULL CHECK (phone ~ '^01[016789][0-9]{7,8}$'),
      source text NOT NULL CHECK (source IN ('080', 'manual', 'upload', 'sync', 'customer')),
      store_code text,
      note text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, phone)
    );
    CREATE INDEX opt_outs_company_created ON opt_outs (company_id, created_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE opt_outs`.execute(db);
}
