import { sql, type Kysely } from 'kysely';

// Customer file uploads: one row per uploaded file, from preview to import result. The file itself
// sits under UPLOAD_DIR with a random name (never the client's) until it is imported or 24 h old.
// Live progress and the failure list are in Redis; the final counts are copied here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE upload_jobs (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_by uuid,
      original_name text NOT NULL,
      stored_name text NOT NULL CHECK (stored_name ~ '^[0-9a-f]{32}$'),
      file_type text NOT NULL CHECK (file_type IN ('csv', 'xlsx', 'xls')),
      size_bytes bigint NOT NULL,
      encoding text CHECK (encoding IN ('utf-8', 'cp949')),
      sheet_name text,
      headers jsonb NOT NULL,
      total_rows integer NOT NULL,
      status text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'queued', 'running', 'completed', 'failed', 'expired')),
      mapping jsonb,
      consent text CHECK (consent IN ('all_consented', 'all_refused')),
      result jsonb,
      error_message text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      file_deleted_at timestamptz,
      PRIMARY KEY (company_id, id),
      -- stored names are random (16 bytes); unique per company keeps company_id first in every key
      UNIQUE (company_id, stored_name)
    );
    CREATE INDEX upload_jobs_company_created ON upload_jobs (company_id, created_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE upload_jobs`.execute(db);
}
