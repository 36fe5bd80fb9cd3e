/**
 * Won amounts as exact decimals. Amounts travel as strings ("9.90") and are computed in integer
 * hundredths of a won (BigInt), so 9.90 × 3 is exactly 29.70 — never a float.
 */
const AMOUNT = /^([+-])?(\d+)(?:\.(\d{1,2}))?$/;

/** "9.9" → 990n; "-5000" → -500000n. Throws on anything that is not a plain decimal with ≤ 2 places. */
export function toCents(amount: string): bigint {
  const m = AMOUNT.exec(amount.trim());
  if (!m) throw new RangeError(`not a money amount: ${JSON.stringify(amount)}`);
  const cents = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** 2970n → "29.70"; -50n → "-0.50". The same form PostgreSQL gives for numeric(14,2). */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Canonical two-decimal form ("10" → "10.00"). */
export const normalizeMoney = (amount: string): string => fromCents(toCents(amount));

export const addMoney = (...amounts: string[]): string => fromCents(amounts.reduce((sum, a) => sum + toCents(a), 0n));

export const subtractMoney = (a: string, b: string): string => fromCents(toCents(a) - toCents(b));

export const negateMoney = (a: string): string => fromCents(-toCents(a));

export const absMoney = (a: string): string => fromCents(toCents(a) < 0n ? -toCents(a) : toCents(a));

/** unit price × message count, exactly. */
export function multiplyMoney(unitPrice: string, count: number | bigint): string {
  if (typeof count === 'number' && !Number.isSafeInteger(count)) throw new RangeError(`not a count: ${count}`);
  return fromCents(toCents(unitPrice) * BigInt(count));
}

export const compareMoney = (a: string, b: string): -1 | 0 | 1 => {
  const d = toCents(a) - toCents(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

/** For people: "1234567.5" → "1,234,567.50원", whole won without decimals ("29,700원"). */
export function formatWon(amount: string): string {
  const cents = toCents(amount);
  const abs = cents < 0n ? -cents : cents;
  const won = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = abs % 100n === 0n ? '' : `.${String(abs % 100n).padStart(2, '0')}`;
  return `${cents < 0n ? '-' : ''}${won}${fraction}원`;
}
