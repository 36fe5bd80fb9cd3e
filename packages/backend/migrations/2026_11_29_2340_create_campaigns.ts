import { sql, type Kysely } from 'kysely';

// Campaigns → runs → frozen recipients (DESIGN-NOTES §1–3). A campaign is what the marketer wrote
// (the body is stored pure: the ad wrap is applied by the one message builder at send time). A run
// is one execution (send or test) with its table set, unit price and counts; run_recipients is the
// recipient set frozen at dispatch by one INSERT … SELECT, the source of exactly-once batches.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE campaigns (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL DEFAULT 'target' CHECK (kind IN ('target', 'direct')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      target_filter jsonb,
      -- direct sends: the pasted list after normalisation [{ phone, values }]; frozen like a target
      direct_recipients jsonb,
      msg_type text NOT NULL CHECK (msg_type IN ('SMS', 'LMS', 'MMS')),
      subject text,
      body text NOT NULL,
      is_ad boolean NOT NULL DEFAULT false,
      callback_mode text NOT NULL CHECK (callback_mode IN ('fixed', 'individual')),
      callback_number text CHECK (callback_number ~ '^[0-9]{8,12}$'),
      mms_images jsonb NOT NULL DEFAULT '[]',
      -- recipients removed by hand before dispatch (DELETE /campaigns/:id/recipients/:phone)
      excluded_phones text[] NOT NULL DEFAULT '{}',
      scheduled_at timestamptz,
      split_per_minute integer CHECK (split_per_minute BETWEEN 1 AND 100000),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN
        ('draft', 'scheduled', 'dispatching', 'sending', 'completed', 'partially_failed', 'failed', 'cancelled')),
      -- the creator's store scope (null = whole company): the recipients a dispatch may reach
      store_codes text[],
      created_by uuid,
      cancel_reason text,
      cancelled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      CHECK (callback_mode = 'individual' OR callback_number IS NOT NULL)
    );
    CREATE INDEX campaigns_company_created ON campaigns (company_id, created_at DESC);
    CREATE INDEX campaigns_company_scheduled ON campaigns (company_id, scheduled_at);
    -- the scheduler's claim scans only scheduled campaigns (a small partial index), across companies
    CREATE INDEX campaigns_due ON campaigns (company_id, scheduled_at) WHERE status = 'scheduled';

    CREATE TABLE campaign_runs (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      campaign_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('send', 'test')),
      status text NOT NULL CHECK (status IN
        ('scheduled', 'dispatching', 'sending', 'completed', 'partially_failed', 'failed', 'cancelled')),
      tables text[] NOT NULL DEFAULT '{}',
      msg_type text NOT NULL CHECK (msg_type IN ('SMS', 'LMS', 'MMS')),
      unit_price numeric(10,2) NOT NULL DEFAULT 0,
      billing_type text NOT NULL DEFAULT 'postpaid' CHECK (billing_type IN ('postpaid', 'prepaid')),
      is_ad boolean NOT NULL DEFAULT false,
      matched integer NOT NULL DEFAULT 0,
      excluded_opt_out integer NOT NULL DEFAULT 0,
      excluded_no_consent integer NOT NULL DEFAULT 0,
      excluded_duplicate integer NOT NULL DEFAULT 0,
      excluded_callback integer NOT NULL DEFAULT 0,
      excluded_frequency integer NOT NULL DEFAULT 0,
      total integer NOT NULL DEFAULT 0,
      queued integer NOT NULL DEFAULT 0,
      success integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      pending integer NOT NULL DEFAULT 0,
      cancelled integer NOT NULL DEFAULT 0,
      not_cancellable integer NOT NULL DEFAULT 0,
      -- recipients whose merged text could not be sent (e.g. an emoji in their name): never queued
      render_failed integer NOT NULL DEFAULT 0,
      batch_size integer NOT NULL DEFAULT 2000 CHECK (batch_size BETWEEN 1 AND 2000),
      batches_per_minute integer CHECK (batches_per_minute > 0),
      total_batches integer NOT NULL DEFAULT 0,
      next_batch integer NOT NULL DEFAULT 0,
      paused_until timestamptz,
      -- split sends: batch split_base_batch is due at split_base_at, then batches_per_minute a minute
      split_base_at timestamptz,
      split_base_batch integer NOT NULL DEFAULT 0,
      frozen boolean NOT NULL DEFAULT false,
      reserved_at timestamptz,
      idempotency_key text,
      failure_reason text,
      result_summary jsonb,
      -- test runs: the sample recipient's merge values and callback the testers' messages use
      test_sample jsonb,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      scheduled_at timestamptz,
      dispatch_started_at timestamptz,
      dispatched_at timestamptz,
      completed_at timestamptz,
      settled_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      FOREIGN KEY (company_id, campaign_id) REFERENCES campaigns(company_id, id)
    );
    -- a retried send request (same Idempotency-Key) finds its run instead of making a second one
    CREATE UNIQUE INDEX campaign_runs_idempotency ON campaign_runs (company_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL;
    -- a campaign has one live send run: a second dispatch of the same campaign cannot exist
    CREATE UNIQUE INDEX campaign_runs_one_send ON campaign_runs (company_id, campaign_id)
      WHERE kind = 'send' AND status <> 'failed';
    CREATE INDEX campaign_runs_campaign ON campaign_runs (company_id, campaign_id, created_at DESC);
    -- the result job reads only runs still moving or not yet settled
    CREATE INDEX campaign_runs_active ON campaign_runs (company_id, status)
      WHERE status IN ('dispatching', 'sending') OR settled_at IS NULL;

    CREATE TABLE run_recipients (
      company_id uuid NOT NULL,
      run_id uuid NOT NULL,
      seq integer NOT NULL,
      phone text NOT NULL,
      customer_id uuid,
      callback text NOT NULL,
      merge jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (company_id, run_id, seq),
      UNIQUE (company_id, run_id, phone)
    );
    -- duplicate-prevention days: "did this phone get a send from this company lately?"
    CREATE INDEX run_recipients_company_phone ON run_recipients (company_id, phone);

    CREATE TABLE test_contacts (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      -- null = shared with the whole company; else personal to the user
      user_id uuid,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      phone text NOT NULL CHECK (phone ~ '^01[016789][0-9]{7,8}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id)
    );
    CREATE UNIQUE INDEX test_contacts_owner_phone ON test_contacts
      (company_id, COALESCE(user_id, '00000000-0000-0000-0000-000000000000'::uuid), phone);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE test_contacts, run_recipients, campaign_runs, campaigns`.execute(db);
}
