import { z } from 'zod';
import { RecipientsFileDuplicate, RecipientsFileInfo } from './campaigns.js';
import { pagedList, PageParam, pageSizeParam } from './paging.js';

/**
 * Address books for direct sends (SPEC § D): personal or shared with the company. Entries are
 * normalised mobiles with the direct-send variables 이름 / 기타1–3; one entry per phone per book.
 */

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });

export const ADDRESS_BOOK_MAX_ENTRIES = 50_000;

export const AddressBook = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  entryCount: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type AddressBook = z.infer<typeof AddressBook>;

export const AddressBookList = z.object({ items: z.array(AddressBook) });
export type AddressBookList = z.infer<typeof AddressBookList>;

export const CreateAddressBookBody = z.object({
  name: z.string({ error: '주소록 이름을 입력해 주세요.' }).trim().min(1, { error: '주소록 이름을 입력해 주세요.' })
    .max(100, { error: '주소록 이름은 100자 이하입니다.' }),
  shared: z.boolean().default(false),
});
export type CreateAddressBookBody = z.infer<typeof CreateAddressBookBody>;

export const AddressBookIdParams = z.object({ id: Uuid });
export const AddressBookEntryParams = z.object({ id: Uuid, phone: z.string().max(30) });

export const AddressBookEntryInput = z.object({
  phone: z.union([z.string().max(30), z.number()]),
  name: z.string().trim().max(100).nullable().optional(),
  etc1: z.string().max(200).nullable().optional(),
  etc2: z.string().max(200).nullable().optional(),
  etc3: z.string().max(200).nullable().optional(),
});
export type AddressBookEntryInput = z.infer<typeof AddressBookEntryInput>;

export const AddAddressBookEntriesBody = z.object({
  entries: z.array(AddressBookEntryInput).min(1, { error: '추가할 번호를 입력해 주세요.' })
    .max(ADDRESS_BOOK_MAX_ENTRIES, { error: `한 번에 ${ADDRESS_BOOK_MAX_ENTRIES}건까지 추가할 수 있습니다.` }),
});
export type AddAddressBookEntriesBody = z.infer<typeof AddAddressBookEntriesBody>;

export const AddAddressBookEntriesResult = z.object({
  /** Distinct valid phones in the request (new + merged into existing entries). */
  saved: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  /** Entries that are not Korean mobile numbers: position (1-based) and what was given. */
  invalid: z.array(z.object({ line: z.number().int(), value: z.string() })),
  duplicatesInInput: z.number().int(),
});
export type AddAddressBookEntriesResult = z.infer<typeof AddAddressBookEntriesResult>;

/**
 * `POST /api/address-books/{id}/entries/file`: a recipients file (see `RecipientsFileInfo`) added to
 * the book like `entries` — 이름 / 기타1–3 are kept, a 회신번호 column is not (books have none).
 * Invalid lines carry the file's line numbers; a repeated phone is merged (a later non-empty value wins).
 */
export const AddressBookFileResult = AddAddressBookEntriesResult.extend(RecipientsFileInfo.shape).extend({
  duplicates: z.array(RecipientsFileDuplicate),
});
export type AddressBookFileResult = z.infer<typeof AddressBookFileResult>;

export const AddressBookEntry = z.object({
  phone: z.string(),
  name: z.string().nullable(),
  etc1: z.string().nullable(),
  etc2: z.string().nullable(),
  etc3: z.string().nullable(),
});
export type AddressBookEntry = z.infer<typeof AddressBookEntry>;

export const ListAddressBookEntriesQuery = z.object({
  page: PageParam,
  pageSize: pageSizeParam(500, 100),
});
export type ListAddressBookEntriesQuery = z.infer<typeof ListAddressBookEntriesQuery>;

export const AddressBookEntryList = pagedList(AddressBookEntry);
export type AddressBookEntryList = z.infer<typeof AddressBookEntryList>;
