/**
 * The API answers instants on its own clock (e.g. `idleExpiresAt`); a browser whose clock is off by
 * minutes would warn at the wrong time. Every response's `Date` header tells us the offset.
 */
let offsetMs = 0;

export function noteServerDate(header: string | null, receivedAt = Date.now()): void {
  const serverNow = header === null ? Number.NaN : Date.parse(header);
  if (Number.isFinite(serverNow)) offsetMs = serverNow - receivedAt;
}

/** A server ISO instant as a browser-clock timestamp (ms). */
export function toLocalTime(serverIso: string): number {
  return Date.parse(serverIso) - offsetMs;
}
