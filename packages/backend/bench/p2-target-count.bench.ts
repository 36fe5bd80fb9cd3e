import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { TargetFilter } from '@hanjullo/shared';
import { createPostgres, type Db } from '../src/db/postgres.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { previewTarget } from '../src/modules/targeting/targeting.service.js';
import type { BenchOptions } from './run.js';
import { median, timed } from './bench-util.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** `BENCH_KEEP_DB=1` keeps the generated database (printed) to EXPLAIN the queries by hand. */
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const COMPANIES = 5;
const RUNS = 20;
const SEED = 0.42;
// data is generated relative to this KST day, and the preview's clock is pinned to it
const TODAY = '2026-11-30';
const NOW = new Date('2026-11-30T03:00:00Z');

/** 30대 여성 VIP, 최근 90일 구매 — the four-condition segment of PERF.md P2. */
const FILTER = TargetFilter.parse({
  op: 'and',
  conditions: [
    { field: 'gender', operator: 'eq', value: 'F' },
    { field: 'age', operator: 'age_band', value: { from: 30, to: 39 } },
    { field: 'grade', operator: 'eq', value: 'VIP' },
    { field: 'recent_purchase_date', operator: 'days_within', value: 90 },
  ],
});

/**
 * P2 (PERF.md): exact preview count (filter − opt-outs − consent − dedupe) for a company with 1M
 * customers among 5M, p50 of 20 runs, against a bare `count(*)` of that company's rows in the same
 * database. Rows of the five companies are interleaved (the pessimistic layout for heap reads).
 */
export async function p2TargetCount(opts: BenchOptions): Promise<string[]> {
  const total = Math.round((opts.smoke ? 50_000 : 5_000_000) * (opts.scale ?? 1));
  const name = `hj_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  await admin(`CREATE DATABASE ${name}`);
  const db = createPostgres(url.toString(), 4);
  try {
    await migrateToLatest(db);
    const companyIds = await createCompanies(db);
    const target = companyIds[0]!;
    await generateCustomers(db, companyIds, total);
    const companyRows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM customers WHERE company_id = ${target}`.execute(db)).rows[0]!.n);

    const scope = { companyId: target, storeCodes: null, userId: null, role: 'company_user' as const };
    const deps = { db, now: () => NOW };
    const ours = () => previewTarget(deps, scope, FILTER, { isAd: true });
    const raw = () => sql`SELECT count(*) FROM customers WHERE company_id = ${target}`.execute(db);
    await ours();
    await raw();
    const oursMs: number[] = [];
    const rawMs: number[] = [];
    let preview = await ours();
    for (let i = 0; i < RUNS; i++) {
      rawMs.push(await timed(raw));
      oursMs.push(await timed(async () => { preview = await ours(); }));
    }
    const [o, r] = [median(oursMs), median(rawMs)];
    return [
      `P2 rows=${total} company_rows=${companyRows} ours_ms=${o.toFixed(1)} raw_ms=${r.toFixed(1)} ratio=${(o / r).toFixed(2)} ` +
        `matched=${preview.matched} final=${preview.final}`,
    ];
  } finally {
    await db.destroy();
    if (KEEP_DB) console.error(`kept database ${name}`);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}



async function createCompanies(db: Db): Promise<string[]> {
  const rows = await db
    .insertInto('companies')
    .values(Array.from({ length: COMPANIES }, (_, i) => ({ code: `BENCH${i}`, name: `벤치 고객사 ${i}`, status: 'active' as const })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Loads customers with the secondary indexes dropped and rebuilt afterwards (what a bulk import
 * would do), then 5% opt-outs for the measured company, then VACUUM ANALYZE. `setseed` makes the
 * single-statement generation deterministic.
 */
async function generateCustomers(db: Db, companyIds: string[], total: number): Promise<void> {
  const indexes = await sql<{ indexdef: string; indexname: string }>`
    SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customers' AND indexname <> 'customers_pkey'`.execute(db);
  for (const ix of indexes.rows) await sql`DROP INDEX ${sql.id(ix.indexname)}`.execute(db);
  await db.connection().execute(async (conn) => {
    await sql`SELECT setseed(${SEED})`.execute(conn);
    await sql`
      INSERT INTO customers (company_id, id, phone, name, gender, birth_date, birth_year, birth_month_day, region, grade, points,
        store_code, recent_purchase_date, recent_purchase_amount, total_purchase_amount, purchase_count, sms_opt_in, source)
      SELECT (${companyIds}::uuid[])[i % ${COMPANIES} + 1], lpad(to_hex(i), 32, '0')::uuid,
        '010' || lpad(((i / ${COMPANIES})::bigint * 48271 % 99999989)::text, 8, '0'), '고객' || i,
        CASE WHEN g < 0.48 THEN 'F' WHEN g < 0.95 THEN 'M' END,
        bd, extract(year FROM bd)::int, to_char(bd, 'MM-DD'),
        (ARRAY['서울','부산','대구','인천','광주','대전','울산','세종','경기','강원','충북','충남','전북','전남','경북','경남','제주'])[1 + floor(random() * 17)::int],
        CASE WHEN gr < 0.08 THEN 'VIP' WHEN gr < 0.2 THEN 'GOLD' WHEN gr < 0.45 THEN 'SILVER' ELSE 'BASIC' END,
        floor(random() * 50000)::int, 'S' || (1 + floor(random() * 20)::int),
        rp, CASE WHEN rp IS NOT NULL THEN round((random() * 300000)::numeric, -2) END,
        round((random() * 3000000)::numeric, -2), floor(random() * 40)::int, random() < 0.85, 'seed'
      FROM (
        SELECT i, random() AS g, random() AS gr,
          CASE WHEN random() < 0.1 THEN NULL ELSE DATE '1950-01-01' + floor(random() * 21000)::int END AS bd,
          CASE WHEN random() < 0.2 THEN NULL ELSE ${TODAY}::date - floor(random() * 730)::int END AS rp
        FROM generate_series(0, ${total - 1}) AS i
      ) AS s`.execute(conn);
    await sql`
      INSERT INTO opt_outs (company_id, phone, source)
      SELECT company_id, phone, 'manual' FROM customers WHERE company_id = ${companyIds[0]!} AND random() < 0.05`.execute(conn);
  });
  for (const ix of indexes.rows) await sql.raw(ix.indexdef).execute(db);
  await sql`VACUUM ANALYZE customers`.execute(db);
  await sql`VACUUM ANALYZE opt_outs`.execute(db);
}
