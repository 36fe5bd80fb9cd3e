import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { MessageTemplatesTable } from '../../db/schema.js';

export type MessageTemplateRow = Selectable<MessageTemplatesTable>;

/** The user's personal templates and the company's shared ones, newest first. */
export async function listTemplates(db: DbOrTrx, companyId: string, userId: string | null): Promise<MessageTemplateRow[]> {
  return db.selectFrom('message_templates').selectAll().where('company_id', '=', companyId)
    .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)])))
    .orderBy('updated_at', 'desc').orderBy('id').execute();
}

export async function findTemplate(db: DbOrTrx, companyId: string, id: string): Promise<MessageTemplateRow | undefined> {
  return db.selectFrom('message_templates').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

/** A template this user sees: their own, or one shared with the company. */
export async function findVisibleTemplate(db: DbOrTrx, companyId: string, userId: string | null, id: string): Promise<MessageTemplateRow | undefined> {
  const row = await findTemplate(db, companyId, id);
  return row && (row.user_id === null || row.user_id === userId) ? row : undefined;
}

export async function insertTemplate(db: DbOrTrx, row: Insertable<MessageTemplatesTable>): Promise<MessageTemplateRow> {
  return db.insertInto('message_templates').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateTemplate(
  db: DbOrTrx, companyId: string, id: string, values: Updateable<MessageTemplatesTable>,
): Promise<MessageTemplateRow> {
  return db.updateTable('message_templates').set({ ...values, updated_at: new Date() })
    .where('company_id', '=', companyId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTemplate(db: DbOrTrx, companyId: string, id: string): Promise<void> {
  await db.deleteFrom('message_templates').where('company_id', '=', companyId).where('id', '=', id).execute();
}
