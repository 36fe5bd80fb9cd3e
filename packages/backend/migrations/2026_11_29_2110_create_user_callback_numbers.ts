import { sql, type Kysely } from 'kysely';

// Users restricted to assigned callback numbers (KOREAN-MESSAGING-RULES §4). No rows for a user =
// the user may use every number of the company. Both foreign keys carry company_id, so a user can
// never be assigned another company's number; deleting a number or a user removes its assignments.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE user_callback_numbers (
      company_id uuid NOT NULL,
      user_id uuid NOT NULL,
      callback_number_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, user_id, callback_number_id),
      FOREIGN KEY (company_id, user_id) REFERENCES users(company_id, id) ON DELETE CASCADE,
      FOREIGN KEY (company_id, callback_number_id) REFERENCES callback_numbers(company_id, id) ON DELETE CASCADE
    );
    CREATE INDEX user_callback_numbers_number ON user_callback_numbers (company_id, callback_number_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE user_callback_numbers`.execute(db);
}
