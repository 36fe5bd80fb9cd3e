import { sql, type Kysely } from 'kysely';

// Tenancy core. Every tenant table leads its keys and indexes with company_id: it isolates tenants
// in every plan and is the distribution column should Postgres ever be sharded.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pgcrypto;

    CREATE TABLE plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,30}$'),
      name text NOT NULL,
      max_customers integer NOT NULL CHECK (max_customers > 0),
      monthly_price numeric(12,2) NOT NULL DEFAULT 0 CHECK (monthly_price >= 0),
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE sms_line_groups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      type text NOT NULL CHECK (type IN ('bulk', 'test', 'auth')),
      tables text[] NOT NULL CHECK (cardinality(tables) > 0),
      is_active boolean NOT NULL DEFAULT true,
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE companies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,30}$'),
      name text NOT NULL,
      name_en text,
      business_number text,
      ceo_name text,
      business_type text,
      business_item text,
      address text,
      contact_name text,
      contact_phone text,
      contact_email text,
      status text NOT NULL DEFAULT 'trial' CHECK (status IN ('trial', 'active', 'suspended', 'terminated')),
      plan_id uuid REFERENCES plans(id),
      max_users integer NOT NULL DEFAULT 5 CHECK (max_users > 0),
      session_timeout_minutes integer NOT NULL DEFAULT 30 CHECK (session_timeout_minutes BETWEEN 5 AND 480),
      opt_out_080_number text CHECK (opt_out_080_number ~ '^080[0-9]{7}$'),
      send_start_hour smallint NOT NULL DEFAULT 8 CHECK (send_start_hour BETWEEN 0 AND 23),
      send_end_hour smallint NOT NULL DEFAULT 21 CHECK (send_end_hour BETWEEN 1 AND 24),
      price_sms numeric(10,2) NOT NULL DEFAULT 0 CHECK (price_sms >= 0),
      price_lms numeric(10,2) NOT NULL DEFAULT 0 CHECK (price_lms >= 0),
      price_mms numeric(10,2) NOT NULL DEFAULT 0 CHECK (price_mms >= 0),
      price_kakao numeric(10,2) NOT NULL DEFAULT 0 CHECK (price_kakao >= 0),
      billing_type text NOT NULL DEFAULT 'postpaid' CHECK (billing_type IN ('postpaid', 'prepaid')),
      balance numeric(14,2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
      sync_api_key text UNIQUE,
      sync_secret_hash text,
      use_db_sync boolean NOT NULL DEFAULT false,
      sync_batch_limit integer NOT NULL DEFAULT 1000 CHECK (sync_batch_limit BETWEEN 100 AND 10000),
      line_group_id uuid REFERENCES sms_line_groups(id),
      store_codes text[] NOT NULL DEFAULT '{}',
      enabled_filter_fields text[] NOT NULL DEFAULT '{}',
      allow_callback_self_register boolean NOT NULL DEFAULT false,
      duplicate_prevention_days integer CHECK (duplicate_prevention_days BETWEEN 1 AND 90),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      terminated_at timestamptz,
      CHECK (send_start_hour < send_end_hour)
    );
    -- the 080 callback resolves the company by its number
    CREATE UNIQUE INDEX companies_opt_out_080_number_key ON companies (opt_out_080_number)
      WHERE status <> 'terminated' AND opt_out_080_number IS NOT NULL;

    CREATE TABLE users (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      -- sign-in has no company field, so login ids are unique platform-wide
      login_id text NOT NULL UNIQUE CHECK (login_id ~ '^[a-zA-Z0-9._-]{3,40}$'),
      password_hash text NOT NULL,
      name text NOT NULL,
      email text,
      phone text,
      user_type text NOT NULL DEFAULT 'user' CHECK (user_type IN ('admin', 'user')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'locked', 'dormant')),
      must_change_password boolean NOT NULL DEFAULT false,
      store_codes text[] NOT NULL DEFAULT '{}',
      line_group_id uuid REFERENCES sms_line_groups(id),
      last_login_at timestamptz,
      password_changed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      UNIQUE (id)
    );

    CREATE TABLE super_admins (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      login_id text NOT NULL UNIQUE CHECK (login_id ~ '^[a-zA-Z0-9._-]{3,40}$'),
      password_hash text NOT NULL,
      name text NOT NULL,
      phone text NOT NULL,
      email text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'locked')),
      must_change_password boolean NOT NULL DEFAULT false,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE user_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid REFERENCES companies(id),
      user_id uuid,
      super_admin_id uuid REFERENCES super_admins(id),
      surface text NOT NULL CHECK (surface IN ('service', 'company-admin', 'super-admin')),
      idle_timeout_minutes integer NOT NULL CHECK (idle_timeout_minutes BETWEEN 5 AND 480),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text CHECK (revoked_reason IN ('logout', 'replaced', 'expired', 'admin', 'password_changed')),
      ip inet,
      user_agent text,
      FOREIGN KEY (company_id, user_id) REFERENCES users(company_id, id),
      CHECK ((user_id IS NOT NULL AND company_id IS NOT NULL AND super_admin_id IS NULL)
          OR (super_admin_id IS NOT NULL AND user_id IS NULL))
    );
    CREATE INDEX user_sessions_active_user ON user_sessions (company_id, user_id, surface) WHERE revoked_at IS NULL;
    CREATE INDEX user_sessions_active_admin ON user_sessions (super_admin_id, surface) WHERE revoked_at IS NULL;

    CREATE TABLE audit_logs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      company_id uuid REFERENCES companies(id),
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'super_admin', 'system', 'sync_agent', 'anonymous')),
      actor_id uuid,
      action text NOT NULL,
      target_type text,
      target_id text,
      details jsonb NOT NULL DEFAULT '{}',
      ip inet,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_logs_company_time ON audit_logs (company_id, created_at DESC);
    CREATE INDEX audit_logs_action_time ON audit_logs (action, created_at DESC);

    CREATE TABLE callback_numbers (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      number text NOT NULL CHECK (number ~ '^[0-9]{8,12}$'),
      label text,
      is_default boolean NOT NULL DEFAULT false,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      UNIQUE (company_id, number)
    );
    CREATE UNIQUE INDEX callback_numbers_one_default ON callback_numbers (company_id) WHERE is_default;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE callback_numbers, audit_logs, user_sessions, super_admins, users, companies,
      sms_line_groups, plans;
  `.execute(db);
}
