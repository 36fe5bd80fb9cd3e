import { normalizeMobile, type DirectRecipientInput } from '@hanjullo/shared';

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
}

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

export function parseDirectRecipients(input: { text?: string | undefined; recipients?: DirectRecipientInput[] | undefined }): ParsedRecipients {
  const list = input.recipients ?? fromText(input.text ?? '');
  const entries: DirectEntry[] = [];
  const invalid: ParsedRecipients['invalid'] = [];
  const seen = new Set<string>();
  let duplicatesInInput = 0;
  list.forEach((r, i) => {
    const raw = String(r.phone ?? '').trim();
    if (raw === '' && input.recipients === undefined) return; // blank pasted line
    const phone = normalizeMobile(r.phone);
    if (!phone) {
      invalid.push({ line: i + 1, value: raw });
      return;
    }
    if (seen.has(phone)) duplicatesInInput++;
    seen.add(phone);
    const values: Record<string, string | null> = {};
    for (const f of FIELDS) values[f] = r[f] ?? null;
    entries.push({ phone, line: i + 1, values });
  });
  return { entries, invalid, duplicatesInInput };
}
