import iconv from 'iconv-lite';
import { normalizeMobile } from '@hanjullo/shared';

export interface ParsedNumberList {
  /** Valid mobiles in file order (repeats kept; the caller counts them as duplicates). */
  phones: string[];
  /** Non-empty lines read, the header excluded. */
  total: number;
  /** 1-based line numbers of lines whose number is not a Korean mobile. */
  invalidLines: number[];
}

/**
 * Text of an uploaded list: UTF-8 (with or without BOM), or CP949 when the bytes are not valid
 * UTF-8 (Excel's "CSV" on Korean Windows).
 */
export function decodeNumberList(bytes: Buffer): string {
  const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  return utf8.includes('\ufffd') ? iconv.decode(bytes, 'cp949') : utf8;
}

/** The first column of a CSV/TSV line, without surrounding quotes. */
function firstColumn(line: string): string {
  const cell = line.split(/[,\t;]/, 1)[0] ?? '';
  return cell.trim().replace(/^"(.*)"$/, '$1').trim();
}

/**
 * Numbers of a CSV/TXT list: one per line or in the first column. A first line without any digit
 * (e.g. `전화번호,이름`) is a header and skipped; every other non-empty line counts.
 */
export function parseNumberList(text: string): ParsedNumberList {
  const lines = text.split(/\r\n|\n|\r/);
  const phones: string[] = [];
  const invalidLines: number[] = [];
  let total = 0;
  let seenContent = false;
  lines.forEach((line, i) => {
    const cell = firstColumn(line);
    if (cell === '' && line.trim() === '') return;
    if (!seenContent) {
      seenContent = true;
      if (!/\d/.test(line)) return;
    }
    total++;
    const phone = normalizeMobile(cell);
    if (phone) phones.push(phone);
    else invalidLines.push(i + 1);
  });
  return { phones, total, invalidLines };
}
