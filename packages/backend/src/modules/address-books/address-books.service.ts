import {
  ADDRESS_BOOK_MAX_ENTRIES,
  normalizeMobile,
  type AddAddressBookEntriesBody,
  type AddAddressBookEntriesResult,
  type AddressBook,
  type AddressBookEntryList,
  type AddressBookList,
  type CreateAddressBookBody,
  type DirectRecipientInput,
  type ListAddressBookEntriesQuery,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { forbidden, notFound, validationFailed } from '../../errors.js';
import type { CompanyScope } from '../scope/scope.js';
import { parseAddressBookEntries } from './address-book-entries.js';
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

export async function createAddressBook(deps: AppDeps, scope: CompanyScope, body: CreateAddressBookBody): Promise<AddressBook> {
  if ((await repo.listBooks(deps.db, scope.companyId, scope.userId)).length >= MAX_BOOKS) {
    throw validationFailed(`주소록은 ${MAX_BOOKS}개까지 만들 수 있습니다.`);
  }
  const row = await repo.insertBook(deps.db, {
    company_id: scope.companyId, user_id: body.shared ? null : scope.userId, name: body.name, created_by: scope.userId,
  });
  return toView(row, 0);
}

export async function deleteAddressBook(deps: AppDeps, scope: CompanyScope, id: string): Promise<void> {
  await getChangeableBook(deps, scope, id);
  await repo.deleteBook(deps.db, scope.companyId, id);
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

/** Normalise, merge duplicates, upsert; the book never grows past the direct-send limit. */
export async function addAddressBookEntries(
  deps: AppDeps, scope: CompanyScope, id: string, body: AddAddressBookEntriesBody,
): Promise<AddAddressBookEntriesResult> {
  await getChangeableBook(deps, scope, id);
  const parsed = parseAddressBookEntries(body.entries);
  const added = await deps.db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (let i = 0; i < parsed.entries.length; i += CHUNK) {
      inserted += await repo.upsertEntries(trx, scope.companyId, id, parsed.entries.slice(i, i + CHUNK));
    }
    if ((await repo.countEntries(trx, scope.companyId, id)) > ADDRESS_BOOK_MAX_ENTRIES) {
      throw validationFailed(`주소록 하나에는 ${ADDRESS_BOOK_MAX_ENTRIES}개 번호까지 저장할 수 있습니다.`);
    }
    return inserted;
  });
  const saved = parsed.entries.length;
  return { saved, added, updated: saved - added, invalid: parsed.invalid, duplicatesInInput: parsed.duplicatesInInput };
}

export async function deleteAddressBookEntry(deps: AppDeps, scope: CompanyScope, id: string, rawPhone: string): Promise<void> {
  await getChangeableBook(deps, scope, id);
  const phone = normalizeMobile(rawPhone);
  if (!phone || (await repo.deleteEntry(deps.db, scope.companyId, id, phone)) === 0) throw notFound('주소록 번호');
}

/** A visible book's entries as direct-send recipients (이름 / 기타1–3 become the variables). */
export async function listAddressBookRecipients(deps: AppDeps, scope: CompanyScope, id: string): Promise<DirectRecipientInput[]> {
  await getVisibleBook(deps, scope, id);
  const rows = await repo.listEntries(deps.db, scope.companyId, id, ADDRESS_BOOK_MAX_ENTRIES, 0);
  return rows.map((r) => ({ phone: r.phone, 이름: r.name, 기타1: r.etc1, 기타2: r.etc2, 기타3: r.etc3 }));
}
