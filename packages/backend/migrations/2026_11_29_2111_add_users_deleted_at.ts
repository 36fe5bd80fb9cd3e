import { sql, type Kysely } from 'kysely';

// Users are never hard-deleted (sessions, audit entries and later campaigns point at them). A
// deleted user keeps its row with deleted_at set, status 'dormant' and login_id renamed to
// 'deleted-<id without hyphens>' so the login id can be used again; lists, lookups and the
// max_users count skip these rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN deleted_at timestamptz;
    CREATE INDEX users_company_live ON users (company_id, created_at) WHERE deleted_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX users_company_live;
    ALTER TABLE users DROP COLUMN deleted_at;
  `.execute(db);
}
