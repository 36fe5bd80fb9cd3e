import { sql, type Kysely } from 'kysely';

// Customers and purchases as SPEC § C and SYNC-AGENT.md name them. Plain dates are `date`;
// amounts are numeric. Age is derived from birth_date at query time, never stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE customers (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      phone text NOT NULL CHECK (phone ~ '^01[016789][0-9]{7,8}$'),
      name text,
      gender char(1) CHECK (gender IN ('M', 'F')),
      birth_date date,
      birth_year smallint CHECK (birth_year BETWEEN 1900 AND 2100),
      birth_month_day char(5) CHECK (birth_month_day ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
      email text,
      address text,
      region text,
      grade text,
      points integer,
      store_code text,
      store_name text,
      store_phone text,
      registered_store text,
      registration_type text,
      registered_at date,
      recent_purchase_date date,
      recent_purchase_amount numeric(14,2),
      recent_purchase_store text,
      total_purchase_amount numeric(16,2) NOT NULL DEFAULT 0,
      purchase_count integer NOT NULL DEFAULT 0,
      sms_opt_in boolean NOT NULL DEFAULT false,
      custom_1 text, custom_2 text, custom_3 text, custom_4 text, custom_5 text,
      custom_6 text, custom_7 text, custom_8 text, custom_9 text, custom_10 text,
      custom_11 text, custom_12 text, custom_13 text, custom_14 text, custom_15 text,
      source text NOT NULL DEFAULT 'manual' CHECK (source IN ('upload', 'sync', 'manual', 'seed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id)
    );
    CREATE UNIQUE INDEX customers_company_store_phone ON customers (company_id, COALESCE(store_code, '__NONE__'), phone);
    CREATE INDEX customers_company_phone ON customers (company_id, phone);
    CREATE INDEX customers_company_grade ON customers (company_id, grade);
    CREATE INDEX customers_company_region ON customers (company_id, region);
    CREATE INDEX customers_company_birth ON customers (company_id, birth_date);
    CREATE INDEX customers_company_recent_purchase ON customers (company_id, recent_purchase_date);

    CREATE TABLE customer_field_labels (
      company_id uuid NOT NULL REFERENCES companies(id),
      field_key text NOT NULL CHECK (field_key ~ '^custom_([1-9]|1[0-5])$'),
      label text NOT NULL,
      field_type text NOT NULL DEFAULT 'string' CHECK (field_type IN ('string', 'number', 'date', 'boolean')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, field_key)
    );

    CREATE TABLE purchases (
      company_id uuid NOT NULL REFERENCES companies(id),
      id bigint GENERATED ALWAYS AS IDENTITY,
      customer_id uuid,
      customer_phone text NOT NULL,
      purchase_date date NOT NULL,
      store_code text,
      store_name text,
      product_code text,
      product_name text,
      quantity integer NOT NULL DEFAULT 1,
      unit_price numeric(14,2),
      total_amount numeric(14,2) NOT NULL,
      -- natural idempotency key: a re-sent purchase batch must not duplicate rows
      natural_key text NOT NULL,
      source text NOT NULL DEFAULT 'manual' CHECK (source IN ('upload', 'sync', 'manual', 'seed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      UNIQUE (company_id, natural_key),
      FOREIGN KEY (company_id, customer_id) REFERENCES customers(company_id, id) ON DELETE SET NULL (customer_id)
    );
    CREATE INDEX purchases_company_customer ON purchases (company_id, customer_id, purchase_date DESC);
    CREATE INDEX purchases_company_phone ON purchases (company_id, customer_phone);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE purchases, customer_field_labels, customers;`.execute(db);
}
