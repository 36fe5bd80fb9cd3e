import { normalizeMobile, type AddressBookEntryInput, type RecipientsFileDuplicate } from '@hanjullo/shared';
import type { AddressBookEntryValues } from './address-books.repo.js';

/**
 * Listed address-book entries → one entry per normalised mobile. Invalid numbers are reported with
 * their position, never guessed; a phone given twice is merged (a later non-empty value wins).
 */

export interface ParsedEntries {
  entries: AddressBookEntryValues[];
  invalid: Array<{ line: number; value: string }>;
  duplicatesInInput: number;
  /** Each repeat of a phone, with the line it first appeared on. */
  duplicates: RecipientsFileDuplicate[];
}

/** A listed entry; `line` is where a file showed it (else its 1-based position). */
export type ListedEntry = AddressBookEntryInput & { line?: number };

const FIELDS = ['name', 'etc1', 'etc2', 'etc3'] as const;

const clean = (v: string | null | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};

export function parseAddressBookEntries(list: readonly ListedEntry[]): ParsedEntries {
  const byPhone = new Map<string, AddressBookEntryValues>();
  const invalid: ParsedEntries['invalid'] = [];
  const firstLine = new Map<string, number>();
  const duplicates: RecipientsFileDuplicate[] = [];
  list.forEach((input, i) => {
    const line = input.line ?? i + 1;
    const phone = normalizeMobile(input.phone);
    if (!phone) {
      invalid.push({ line, value: String(input.phone).trim() });
      return;
    }
    const existing = byPhone.get(phone);
    const first = firstLine.get(phone);
    if (first === undefined) firstLine.set(phone, line);
    else duplicates.push({ line, phone, firstLine: first });
    const entry: AddressBookEntryValues = existing ?? { phone, name: null, etc1: null, etc2: null, etc3: null };
    for (const f of FIELDS) entry[f] = clean(input[f]) ?? entry[f];
    byPhone.set(phone, entry);
  });
  return { entries: [...byPhone.values()], invalid, duplicatesInInput: duplicates.length, duplicates };
}
