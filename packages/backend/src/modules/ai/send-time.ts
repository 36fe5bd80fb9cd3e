import { KST_OFFSET_MS, kstMidnight, kstParts, plainDateAddDays } from '@hanjullo/shared';
import { nextAllowedInstant, type SendWindowInput } from '../campaigns/send-window.js';

/**
 * The suggested send time: the preferred instant (or shortly after now), never in the past, and
 * for ads moved to the next opening of the allowed window (08:00–21:00 KST narrowed by the
 * company's hours) — the same window rules the scheduler enforces.
 */
const LEAD_MS = 10 * 60_000;
const STEP_MS = 10 * 60_000;

export function suggestSendAt(now: Date, window: SendWindowInput, preferred?: Date | null): Date | null {
  const earliest = Math.ceil((now.getTime() + LEAD_MS) / STEP_MS) * STEP_MS;
  const start = preferred && preferred.getTime() >= earliest ? preferred : new Date(earliest);
  return nextAllowedInstant(start, window);
}

/** `2026-11-30T14:00:00+09:00`. */
export function toKstIso(instant: Date): string {
  return `${new Date(instant.getTime() + KST_OFFSET_MS).toISOString().slice(0, 19)}+09:00`;
}

/** "내일 오전 10시", "오늘 오후 3시 30분", "모레 14시" → an instant (KST); null when no time is named. */
export function parsePreferredTime(prompt: string, now: Date): Date | null {
  const m = /(오늘|내일|모레)?\s*(오전|오후|저녁|아침)?\s*(\d{1,2})\s*시(?!간)\s*(?:(\d{1,2})\s*분|(반))?/.exec(prompt);
  if (!m) return null;
  let hour = Number(m[3]);
  if ((m[2] === '오후' || m[2] === '저녁') && hour < 12) hour += 12;
  if (hour > 23) return null;
  const minute = m[5] ? 30 : Math.min(Number(m[4] ?? 0), 59);
  const today = kstParts(now).date;
  const date = plainDateAddDays(today, m[1] === '내일' ? 1 : m[1] === '모레' ? 2 : 0);
  return new Date(kstMidnight(date).getTime() + (hour * 60 + minute) * 60_000);
}
