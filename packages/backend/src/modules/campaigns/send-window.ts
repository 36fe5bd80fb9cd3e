import { KST_OFFSET_MS } from '@hanjullo/shared';

/**
 * When a message may be handed to the agents (KOREAN-MESSAGING-RULES §2). Ads may not be sent
 * 21:00–08:00 KST, and the company's own window (send_start_hour..send_end_hour) narrows that
 * further. Informational messages are not restricted. KST has no daylight saving, so hours are
 * plain arithmetic on the UTC instant + 9 h. Used at schedule time and again before every batch.
 */

export const AD_NIGHT_START_HOUR = 21;
export const AD_NIGHT_END_HOUR = 8;

export interface SendWindowInput {
  isAd: boolean;
  sendStartHour: number;
  sendEndHour: number;
}

/** Allowed KST hours [start, end), or null when the message is not restricted at all. */
export function allowedHours(input: SendWindowInput): { start: number; end: number } | null {
  if (!input.isAd) return null;
  return {
    start: Math.max(AD_NIGHT_END_HOUR, input.sendStartHour),
    end: Math.min(AD_NIGHT_START_HOUR, input.sendEndHour),
  };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Milliseconds since 00:00 KST of the instant's KST day. */
function kstMsOfDay(instant: Date): number {
  const shifted = instant.getTime() + KST_OFFSET_MS;
  return ((shifted % DAY_MS) + DAY_MS) % DAY_MS;
}

export function isSendAllowedAt(instant: Date, input: SendWindowInput): boolean {
  const hours = allowedHours(input);
  if (!hours) return true;
  if (hours.start >= hours.end) return false;
  const ms = kstMsOfDay(instant);
  return ms >= hours.start * HOUR_MS && ms < hours.end * HOUR_MS;
}

/**
 * The instant itself when sending is allowed then, else the next opening (start hour, KST). Null
 * when the window is empty (e.g. a company window of 22–24 for an ad): it never opens.
 */
export function nextAllowedInstant(instant: Date, input: SendWindowInput): Date | null {
  const hours = allowedHours(input);
  if (!hours) return instant;
  if (hours.start >= hours.end) return null;
  if (isSendAllowedAt(instant, input)) return instant;
  const ms = kstMsOfDay(instant);
  const dayStart = instant.getTime() - ms;
  const opening = dayStart + hours.start * HOUR_MS;
  return new Date(ms < hours.start * HOUR_MS ? opening : opening + DAY_MS);
}

/** `HH:00–HH:00` for messages. */
export function describeWindow(input: SendWindowInput): string {
  const hours = allowedHours(input);
  if (!hours) return '제한 없음';
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${pad(hours.start)}–${pad(hours.end)}`;
}
