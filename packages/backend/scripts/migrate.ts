import { loadConfigOrExit } from '../src/config.js';
import { createPostgres } from '../src/db/postgres.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ensurePostgresDatabase } from '../src/db/ensure-database.js';

const config = loadConfigOrExit();
await ensurePostgresDatabase(config.databaseUrl);
const db = createPostgres(config.databaseUrl, 2);
try {
  const { results } = await migrateToLatest(db);
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'migrations: already up to date');
} finally {
  await db.destroy();
}
