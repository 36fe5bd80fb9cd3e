import { sql, type Kysely } from 'kysely';

// The money ledger. companies.balance is the running balance; every change to it has exactly one
// row here, written in the same transaction (see modules/billing). `amount` is the size of the
// movement (never negative); `delta` is its signed effect on companies.balance:
//   reserve  −amount (prepaid) / 0 (postpaid)   at dispatch, count × unit price
//   capture  0                                  successes: the reserved money is spent
//   release  +amount (prepaid) / 0 (postpaid)   failures, cancellations, unsent: money returns
//   deposit  +amount                            an approved bank-transfer deposit request
//   adjust   ±amount                            a super admin's manual correction (reason required)
// balance_after is the balance after the row (null when the balance was not involved: postpaid
// run movements). Each run moves money at most once per kind: unique (company_id, run_id, kind).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE deposit_requests (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      amount numeric(14,2) NOT NULL CHECK (amount > 0),
      depositor_name text NOT NULL,
      expected_date date NOT NULL,
      memo text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      decided_by uuid REFERENCES super_admins(id),
      decided_at timestamptz,
      reject_reason text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      UNIQUE (id),
      CHECK ((status = 'pending') = (decided_at IS NULL)),
      CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
    );
    CREATE INDEX deposit_requests_company_created ON deposit_requests (company_id, created_at DESC);

    CREATE TABLE balance_transactions (
      company_id uuid NOT NULL REFERENCES companies(id),
      id bigint GENERATED ALWAYS AS IDENTITY,
      kind text NOT NULL CHECK (kind IN ('reserve', 'capture', 'release', 'deposit', 'adjust')),
      amount numeric(14,2) NOT NULL CHECK (amount >= 0),
      delta numeric(14,2) NOT NULL,
      balance_after numeric(14,2) CHECK (balance_after >= 0),
      run_id uuid,
      deposit_request_id uuid,
      reason text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      FOREIGN KEY (company_id, deposit_request_id) REFERENCES deposit_requests (company_id, id),
      CHECK ((kind IN ('reserve', 'capture', 'release')) = (run_id IS NOT NULL)),
      CHECK ((kind = 'deposit') = (deposit_request_id IS NOT NULL)),
      CHECK (kind <> 'adjust' OR (reason IS NOT NULL AND delta <> 0)),
      CHECK (abs(delta) = amount OR (delta = 0 AND kind IN ('reserve', 'capture', 'release'))),
      CHECK (kind <> 'capture' OR delta = 0),
      CHECK (kind NOT IN ('deposit', 'release') OR delta >= 0),
      CHECK (kind <> 'reserve' OR delta <= 0)
    );
    CREATE UNIQUE INDEX balance_transactions_run_kind ON balance_transactions (company_id, run_id, kind)
      WHERE run_id IS NOT NULL;
    CREATE UNIQUE INDEX balance_transactions_deposit ON balance_transactions (company_id, deposit_request_id)
      WHERE deposit_request_id IS NOT NULL;
    CREATE INDEX balance_transactions_company_created ON balance_transactions (company_id, created_at DESC, id DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE balance_transactions; DROP TABLE deposit_requests;`.execute(db);
}
