import { sql, type Kysely } from 'kysely';

// Saved message templates and address books (SPEC § D, direct send). `user_id` null = shared with
// the company; otherwise personal to that user. `created_by` decides who may change a shared one
// (its creator or a company admin). Template bodies are pure bodies, like campaigns: the ad wrap
// is applied only by the message builder at send time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_templates (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid,
      name text NOT NULL,
      msg_type text NOT NULL CHECK (msg_type IN ('SMS', 'LMS', 'MMS')),
      subject text,
      body text NOT NULL,
      is_ad boolean NOT NULL DEFAULT false,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id)
    );
    CREATE INDEX message_templates_company_user ON message_templates (company_id, user_id, updated_at DESC);

    CREATE TABLE address_books (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid,
      name text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id)
    );
    CREATE INDEX address_books_company_user ON address_books (company_id, user_id);

    -- one row per phone per book (digits only, normalised mobile); re-adding a phone merges
    CREATE TABLE address_book_entries (
      company_id uuid NOT NULL,
      book_id uuid NOT NULL,
      phone text NOT NULL CHECK (phone ~ '^01[0-9]{8,9}$'),
      name text,
      etc1 text,
      etc2 text,
      etc3 text,
      PRIMARY KEY (company_id, book_id, phone),
      FOREIGN KEY (company_id, book_id) REFERENCES address_books (company_id, id) ON DELETE CASCADE
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE address_book_entries, address_books, message_templates`.execute(db);
}
