import {
  ADDRESS_BOOK_MAX_ENTRIES,
  normalizeMobile,
  type AddAddressBookEntriesBody,
  type AddAddressBookEntriesResult,
  type AddressBook,
  type AddressBookEntryList,
  type AddressBookFileResult,
  type AddressBookList,
  type CreateAddressBookBody,
  type DirectRecipientInput,
  type ListAddressBookEntriesQuery,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { DbOrTrx } from '../../db/postgres.js';
import { forbidden, notFound, validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { readRecipientsFile } from '../direct-sends/recipients-file.js';
import type { CompanyScope } from '../scope/scope.js';
import { removeStoredFile } from '../uploads/upload-files.js';
import type { ReceivedFile } from '../uploads/upload-middleware.js';
import { parseAddressBookEntries, type ParsedEntries } from './address-book-entries.js';
import * as repo from './address-books.repo.js';

/**
 * Address books: personal (only their owner sees them) or shared with the company (everyone sees
 * and sends to them; only the creator or a company admin changes them). Entries feed direct sends.
 */

const MAX_BOOKS = 100;
const CHUNK = 5000;

function toView(row: repo.AddressBookRow, entryCount: number): AddressBook {
  return {
    id: row.id, name: row.name, shared: row.user_id === null, entryCount, createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A book the caller may see; someone else's personal book answers 404. */
async function getVisibleBook(deps: AppDeps, scope: CompanyScope, id: string): Promise<repo.AddressBookRow> {
  const row = await repo.findBook(deps.db, scope.companyId, id);
  if (!row || (row.user_id !== null && row.user_id !== scope.userId)) throw notFound('주소록');
  return row;
}

async function getChangeableBook(deps: AppDeps, scope: CompanyScope, id: string): Promise<repo.AddressBookRow> {
  const row = await getVisibleBook(deps, scope, id);
  if (row.user_id === null && scope.role !== 'company_admin' && row.created_by !== scope.userId) {
    throw forbidden('공용 주소록은 만든 사람이나 고객사 관리자만 바꿀 수 있습니다.');
  }
  return row;
}

export async function listAddressBooks(deps: AppDeps, scope: CompanyScope): Promise<AddressBookList> {
  const rows = await repo.listBooks(deps.db, scope.companyId, scope.userId);
  return { items: rows.map((r) => toView(r, r.entry_count)) };
}

const audit = (trx: DbOrTrx, actor: Actor, scope: CompanyScope, action: string, bookId: string, details: Record<string, unknown>) =>
  recordAudit(trx, actor, { action, companyId: scope.companyId, targetType: 'address_book', targetId: bookId, details });

export async function createAddressBook(deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateAddressBookBody): Promise<AddressBook> {
  if ((await repo.listBooks(deps.db, scope.companyId, scope.userId)).length >= MAX_BOOKS) {
    throw validationFailed(`주소록은 ${MAX_BOOKS}개까지 만들 수 있습니다.`);
  }
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertBook(trx, {
      company_id: scope.companyId, user_id: body.shared ? null : scope.userId, name: body.name, created_by: scope.userId,
    });
    await audit(trx, actor, scope, 'address_book.create', inserted.id, { name: inserted.name, shared: body.shared });
    return inserted;
  });
  return toView(row, 0);
}

export async function deleteAddressBook(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string): Promise<void> {
  const book = await getChangeableBook(deps, scope, id);
  await deps.db.transaction().execute(async (trx) => {
    const entries = await repo.countEntries(trx, scope.companyId, id);
    await repo.deleteBook(trx, scope.companyId, id);
    await audit(trx, actor, scope, 'address_book.delete', id, { name: book.name, shared: book.user_id === null, entries });
  });
}

export async function listAddressBookEntries(
  deps: AppDeps, scope: CompanyScope, id: string, query: ListAddressBookEntriesQuery,
): Promise<AddressBookEntryList> {
  await getVisibleBook(deps, scope, id);
  const [total, items] = await Promise.all([
    repo.countEntries(deps.db, scope.companyId, id),
    repo.listEntries(deps.db, scope.companyId, id, query.pageSize, (query.page - 1) * query.pageSize),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/**
 * Upserts parsed entries and records `action` in one transaction; the book never grows past the
 * direct-send limit (the whole change rolls back).
 */
async function saveEntries(
  deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, parsed: ParsedEntries, action: string, details: Record<string, unknown> = {},
): Promise<AddAddressBookEntriesResult> {
  const saved = parsed.entries.length;
  const added = await deps.db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (let i = 0; i < saved; i += CHUNK) {
      inserted += await repo.upsertEntries(trx, scope.companyId, id, parsed.entries.slice(i, i + CHUNK));
    }
    if ((await repo.countEntries(trx, scope.companyId, id)) > ADDRESS_BOOK_MAX_ENTRIES) {
      throw validationFailed(`주소록 하나에는 ${ADDRESS_BOOK_MAX_ENTRIES}개 번호까지 저장할 수 있습니다.`);
    }
    await audit(trx, actor, scope, action, id, {
      ...details, saved, added: inserted, updated: saved - inserted, invalid: parsed.invalid.length, duplicatesInInput: parsed.duplicatesInInput,
    });
    return inserted;
  });
  return { saved, added, updated: saved - added, invalid: parsed.invalid, duplicatesInInput: parsed.duplicatesInInput };
}

/** Normalise, merge duplicates, upsert. */
export async function addAddressBookEntries(
  deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, body: AddAddressBookEntriesBody,
): Promise<AddAddressBookEntriesResult> {
  await getChangeableBook(deps, scope, id);
  return saveEntries(deps, scope, actor, id, parseAddressBookEntries(body.entries), 'address_book.entries.add');
}

/**
 * A recipients file added to a book (이름 / 기타1–3; a 회신번호 column is not kept). The book is
 * checked before the file is read; the stored file is removed whatever happens, and a refused file
 * (wrong type, empty, no phone column, too many rows, no valid phone) changes nothing.
 */
export async function addAddressBookEntriesFromFile(
  deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, file: ReceivedFile,
): Promise<AddressBookFileResult> {
  try {
    await getChangeableBook(deps, scope, id);
    const { info, rows } = await readRecipientsFile(file, ADDRESS_BOOK_MAX_ENTRIES);
    const parsed = parseAddressBookEntries(rows.map((r) => ({ line: r.line, phone: r.phone, name: r.이름, etc1: r.기타1, etc2: r.기타2, etc3: r.기타3 })));
    if (parsed.entries.length === 0) {
      throw validationFailed('파일에 저장할 수 있는 휴대폰 번호가 없습니다.', { invalid: parsed.invalid.slice(0, 100) });
    }
    const result = await saveEntries(deps, scope, actor, id, parsed, 'address_book.entries.upload', {
      originalName: info.originalName, fileType: info.fileType, rows: info.totalRows,
    });
    return { ...info, ...result, duplicates: parsed.duplicates };
  } finally {
    await removeStoredFile(file.path);
  }
}

export async function deleteAddressBookEntry(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, rawPhone: string): Promise<void> {
  await getChangeableBook(deps, scope, id);
  const phone = normalizeMobile(rawPhone);
  if (!phone) throw notFound('주소록 번호');
  await deps.db.transaction().execute(async (trx) => {
    if ((await repo.deleteEntry(trx, scope.companyId, id, phone)) === 0) throw notFound('주소록 번호');
    await audit(trx, actor, scope, 'address_book.entry.delete', id, { phone });
  });
}

/** A visible book's entries as direct-send recipients (이름 / 기타1–3 become the variables). */
export async function listAddressBookRecipients(deps: AppDeps, scope: CompanyScope, id: string): Promise<DirectRecipientInput[]> {
  await getVisibleBook(deps, scope, id);
  const rows = await repo.listEntries(deps.db, scope.companyId, id, ADDRESS_BOOK_MAX_ENTRIES, 0);
  return rows.map((r) => ({ phone: r.phone, 이름: r.name, 기타1: r.etc1, 기타2: r.etc2, 기타3: r.etc3 }));
}
