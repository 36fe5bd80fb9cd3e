import { describe, expect, it } from 'vitest';
import { addMoney, compareMoney, formatWon, fromCents, multiplyMoney, normalizeMoney, subtractMoney, toCents } from './money.js';

describe('money', () => {
  it('multiplies exactly: 9.90 × 3 = 29.70 and 0.1 + 0.2 = 0.30 (no float drift)', () => {
    expect(multiplyMoney('9.90', 3)).toBe('29.70');
    expect(multiplyMoney('9.9', 1_000_003)).toBe('9900029.70');
    expect(addMoney('0.1', '0.2')).toBe('0.30');
    expect(addMoney(...Array.from({ length: 10 }, () => '0.10'))).toBe('1.00');
    expect(subtractMoney('29.70', '30')).toBe('-0.30');
  });

  it('parses and prints the numeric(14,2) form both ways', () => {
    expect(toCents('9.9')).toBe(990n);
    expect(toCents('-5000')).toBe(-500000n);
    expect(toCents('+12.05')).toBe(1205n);
    expect(fromCents(-50n)).toBe('-0.50');
    expect(normalizeMoney('10')).toBe('10.00');
    expect(normalizeMoney('999999999999.99')).toBe('999999999999.99');
    expect(compareMoney('10.00', '10')).toBe(0);
    expect(compareMoney('9.99', '10')).toBe(-1);
  });

  it.each(['1.234', '', 'abc', '1e3', '0x10', ' ', '1,000', 'NaN'])('refuses %j', (bad) => {
    expect(() => toCents(bad)).toThrow(RangeError);
  });

  it('formats won for people', () => {
    expect(formatWon('1234567.5')).toBe('1,234,567.50원');
    expect(formatWon('29700')).toBe('29,700원');
    expect(formatWon('-0.3')).toBe('-0.30원');
    expect(formatWon('0')).toBe('0원');
  });
});
