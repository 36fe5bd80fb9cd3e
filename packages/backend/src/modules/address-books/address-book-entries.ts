import { normalizeMobile, type AddressBookEntryInput } from '@hanjullo/shared';
import type { AddressBookEntryValues } from './address-books.repo.js';

/**
 * Listed address-book entries → one entry per normalised mobile. Invalid numbers are reported with
 * their position, never guessed; a phone given twice is merged (a later non-empty value wins).
 */

export interface ParsedEntries {
  entries: AddressBookEntryValues[];
  invalid: Array<{ line: number; value: string }>;
  duplicatesInInput: number;
}

const FIELDS = ['name', 'etc1', 'etc2', 'etc3'] as const;

const clean = (v: string | null | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};

export function parseAddressBookEntries(list: readonly AddressBookEntryInput[]): ParsedEntries {
  const byPhone = new Map<string, AddressBookEntryValues>();
  const invalid: ParsedEntries['invalid'] = [];
  let duplicatesInInput = 0;
  list.forEach((input, i) => {
    const phone = normalizeMobile(input.phone);
    if (!phone) {
      invalid.push({ line: i + 1, value: String(input.phone).trim() });
      return;
    }
    const existing = byPhone.get(phone);
    if (existing) duplicatesInInput++;
    const entry: AddressBookEntryValues = existing ?? { phone, name: null, etc1: null, etc2: null, etc3: null };
    for (const f of FIELDS) entry[f] = clean(input[f]) ?? entry[f];
    byPhone.set(phone, entry);
  });
  return { entries: [...byPhone.values()], invalid, duplicatesInInput };
}
