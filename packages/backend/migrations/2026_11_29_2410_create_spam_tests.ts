import { sql, type Kysely } from 'kysely';

// Carrier spam-filter test (SPEC § E). Devices and reports are platform-wide (one test phone per
// carrier serves every company); tests and their per-device results belong to a company.
// `spam_tests.id` is the run id written to QTmsg `app_etc1` and the ledger's run_id.
// At most one queued/running test per company (partial unique index); the global "one test on the
// phones at a time" lock lives in Redis and is double-checked in SQL when a test starts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE spam_test_devices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      carrier text NOT NULL CHECK (carrier IN ('SKT', 'KT', 'LGU')),
      phone text NOT NULL UNIQUE CHECK (phone ~ '^[0-9]{10,11}$'),
      device_id text NOT NULL UNIQUE,
      app_version text,
      last_seen_at timestamptz NOT NULL,
      registered_at timestamptz NOT NULL DEFAULT now(),
      active boolean NOT NULL DEFAULT true
    );

    CREATE TABLE spam_tests (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
      callback_number text NOT NULL,
      -- final texts as built by the message builder (ad wrap applied)
      sms_text text,
      lms_subject text,
      lms_text text,
      price_sms numeric(14,2) NOT NULL,
      price_lms numeric(14,2) NOT NULL,
      tables text[] NOT NULL DEFAULT '{}',
      excluded_opt_out integer NOT NULL DEFAULT 0,
      failure_reason text,
      reserved_at timestamptz,
      -- set once the queue rows are in MySQL (a crash before it is repaired by the verdict job)
      sent_at timestamptz,
      settled_at timestamptz,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (company_id, id),
      CHECK (sms_text IS NOT NULL OR lms_text IS NOT NULL),
      CHECK ((lms_text IS NULL) = (lms_subject IS NULL))
    );
    CREATE UNIQUE INDEX spam_tests_one_active ON spam_tests (company_id) WHERE status IN ('queued', 'running');
    CREATE INDEX spam_tests_company_created ON spam_tests (company_id, created_at DESC);

    CREATE TABLE spam_test_results (
      company_id uuid NOT NULL,
      test_id uuid NOT NULL,
      -- spam_test_devices.id; no foreign key: a phone re-registered later must not rewrite history
      device_id uuid NOT NULL,
      phone text NOT NULL,
      carrier text NOT NULL CHECK (carrier IN ('SKT', 'KT', 'LGU')),
      message_type text NOT NULL CHECK (message_type IN ('S', 'L')),
      verdict text NOT NULL DEFAULT 'pending'
        CHECK (verdict IN ('pending', 'received', 'blocked', 'failed', 'timeout', 'inconclusive')),
      status_code integer,
      status_label text,
      -- when the verdict job first saw the carrier's success code
      delivered_at timestamptz,
      reported_at timestamptz,
      decided_at timestamptz,
      PRIMARY KEY (company_id, test_id, device_id, message_type),
      FOREIGN KEY (company_id, test_id) REFERENCES spam_tests (company_id, id)
    );

    CREATE TABLE spam_reports (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      device_id uuid,
      sender_number text NOT NULL,
      content text NOT NULL,
      message_type text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      matched_company_id uuid,
      matched_test_id uuid,
      CHECK ((matched_test_id IS NULL) = (matched_company_id IS NULL))
    );
    CREATE INDEX spam_reports_unmatched ON spam_reports (received_at DESC) WHERE matched_test_id IS NULL;
    CREATE INDEX spam_reports_test ON spam_reports (matched_company_id, matched_test_id) WHERE matched_test_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE spam_reports, spam_test_results, spam_tests, spam_test_devices`.execute(db);
}
