import { sql, type Kysely } from 'kysely';

// A queue batch is one INSERT statement of up to 5,000 rows (was 2,000): fewer, larger commits
// into the agents' tables. Runs frozen before keep the batch size they were frozen with.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE campaign_runs DROP CONSTRAINT campaign_runs_batch_size_check;
    ALTER TABLE campaign_runs ADD CONSTRAINT campaign_runs_batch_size_check CHECK (batch_size BETWEEN 1 AND 5000);
    ALTER TABLE campaign_runs ALTER COLUMN batch_size SET DEFAULT 5000;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE campaign_runs DROP CONSTRAINT campaign_runs_batch_size_check;
    ALTER TABLE campaign_runs ADD CONSTRAINT campaign_runs_batch_size_check CHECK (batch_size BETWEEN 1 AND 2000) NOT VALID;
    ALTER TABLE campaign_runs ALTER COLUMN batch_size SET DEFAULT 2000;
  `.execute(db);
}
