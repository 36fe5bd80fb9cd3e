import { randomInt } from 'node:crypto';

// No look-alikes (0/O/o, 1/l/I) — the password is read off a screen or an SMS and typed by hand.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;
export const TEMPORARY_PASSWORD_LENGTH = 10;

const pick = (chars: string) => chars.charAt(randomInt(chars.length));

/**
 * A temporary password from the CSPRNG: 10 characters, letters and digits (at least one of each, so
 * it satisfies the password rule), no ambiguous characters. ~58 bits of entropy.
 */
export function generateTemporaryPassword(length = TEMPORARY_PASSWORD_LENGTH): string {
  const chars = [pick(LETTERS), pick(DIGITS)];
  while (chars.length < length) chars.push(pick(ALPHABET));
  // Fisher–Yates, so the guaranteed letter and digit are not always in front
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
