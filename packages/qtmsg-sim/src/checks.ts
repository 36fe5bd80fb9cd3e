import { stat } from 'node:fs/promises';
import { extname } from 'node:path';

/**
 * What the agent itself rejects before anything reaches the relay (QTMSG.md §1, §4): blank
 * numbers → 9011, MMS attachments → 9007 (none or missing) / 9006 (not JPG) / 9005 (> 300 KB),
 * the same (dest_no, msg_contents) within 1 s → 62.
 */

export const MAX_MMS_IMAGE_BYTES = 300 * 1024;
const DUPLICATE_WINDOW_MS = 1000;

export interface CheckedRow {
  readonly dest_no: string | null;
  readonly call_back: string | null;
  readonly msg_contents: string | null;
  readonly msg_type: string | null;
  readonly file_name1: string | null;
  readonly file_name2: string | null;
  readonly file_name3: string | null;
}

const isBlank = (s: string | null): boolean => s === null || s.trim() === '';
const isJpeg = (name: string): boolean => ['.jpg', '.jpeg'].includes(extname(name).toLowerCase());

async function checkImage(fileName: string): Promise<number | null> {
  if (/^https?:\/\//i.test(fileName)) {
    // A URL is fetched by the relay; the agent can only judge it by its extension.
    let path: string;
    try {
      path = new URL(fileName).pathname;
    } catch {
      return 9006;
    }
    return isJpeg(path) ? null : 9006;
  }
  const info = await stat(fileName).catch(() => null);
  if (!info?.isFile()) return 9007;
  if (!isJpeg(fileName)) return 9006;
  return info.size > MAX_MMS_IMAGE_BYTES ? 9005 : null;
}

async function checkAttachments(row: CheckedRow): Promise<number | null> {
  const files = [row.file_name1, row.file_name2, row.file_name3]
    .map((f) => (f ?? '').trim())
    .filter((f) => f.length > 0);
  if (files.length === 0) return 9007;
  for (const file of files) {
    const code = await checkImage(file);
    if (code !== null) return code;
  }
  return null;
}

/** Remembers accepted (dest_no, msg_contents) pairs for the duplicate window of one agent. */
export interface DuplicateWindow {
  /** True if the pair was accepted less than 1 s ago; otherwise records it as accepted now. */
  isDuplicate(destNo: string, content: string, nowMs: number): boolean;
}

export function createDuplicateWindow(): DuplicateWindow {
  const seen = new Map<string, number>();
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    isDuplicate(destNo, content, nowMs) {
      if (nowMs - lastPrune >= DUPLICATE_WINDOW_MS) {
        for (const [key, at] of seen) if (nowMs - at >= DUPLICATE_WINDOW_MS) seen.delete(key);
        lastPrune = nowMs;
      }
      const key = `${destNo}\u0000${content}`;
      const last = seen.get(key);
      if (last !== undefined && nowMs - last < DUPLICATE_WINDOW_MS) return true;
      seen.set(key, nowMs);
      return false;
    },
  };
}

/** The agent-side result code for a claimed row, or null when it goes on to the relay. */
export async function rejectCode(row: CheckedRow, dup: DuplicateWindow, nowMs: number): Promise<number | null> {
  if (isBlank(row.dest_no) || isBlank(row.call_back)) return 9011;
  if (row.msg_type === 'M') {
    const code = await checkAttachments(row);
    if (code !== null) return code;
  }
  if (dup.isDuplicate(row.dest_no ?? '', row.msg_contents ?? '', nowMs)) return 62;
  return null;
}
