import { normalizeMobile, type DirectRecipientInput, type RecipientsFileDuplicate } from '@hanjullo/shared';

/**
 * Pasted or listed direct-send recipients → normalised mobiles with the simple variables
 * 이름 / 기타1–3 / 회신번호. Invalid numbers are reported with their line, never guessed.
 */

export interface DirectEntry {
  phone: string;
  line: number;
  values: Record<string, string | null>;
}

export interface ParsedRecipients {
  entries: DirectEntry[];
  invalid: Array<{ line: number; value: string }>;
  duplicatesInInput: number;
  /** Each repeat of a phone, with the line it first appeared on. */
  duplicates: RecipientsFileDuplicate[];
}

/** A listed recipient; `line` is where a file showed it (else its 1-based position). */
export type ListedRecipient = DirectRecipientInput & { line?: number };

const FIELDS = ['이름', '기타1', '기타2', '기타3', '회신번호'] as const;

function fromText(text: string): DirectRecipientInput[] {
  return text.split(/\r\n|\r|\n/).map((line) => {
    const cells = line.split(/\t|,/).map((c) => c.trim());
    const [phone = '', ...rest] = cells;
    const entry: DirectRecipientInput = { phone };
    FIELDS.forEach((f, i) => {
      const v = rest[i];
      if (v !== undefined && v !== '') entry[f] = v;
    });
    return entry;
  });
}

export function parseDirectRecipients(input: { text?: string | undefined; recipients?: ListedRecipient[] | undefined }): ParsedRecipients {
  const list = input.recipients ?? fromText(input.text ?? '');
  const entries: DirectEntry[] = [];
  const invalid: ParsedRecipients['invalid'] = [];
  const firstLine = new Map<string, number>();
  const duplicates: RecipientsFileDuplicate[] = [];
  list.forEach((r: ListedRecipient, i) => {
    const line = r.line ?? i + 1;
    const raw = String(r.phone ?? '').trim();
    if (raw === '' && input.recipients === undefined) return; // blank pasted line
    const phone = normalizeMobile(r.phone);
    if (!phone) {
      invalid.push({ line, value: raw });
      return;
    }
    const first = firstLine.get(phone);
    if (first === undefined) firstLine.set(phone, line);
    else duplicates.push({ line, phone, firstLine: first });
    const values: Record<string, string | null> = {};
    for (const f of FIELDS) values[f] = r[f] ?? null;
    entries.push({ phone, line, values });
  });
  return { entries, invalid, duplicatesInInput: duplicates.length, duplicates };
}
