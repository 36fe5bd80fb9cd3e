import { describe, expect, it } from 'vitest';
import { formatRemaining } from './duration.js';

describe('formatRemaining', () => {
  it('shows minutes and zero-padded seconds, rounding a started second up', () => {
    expect(formatRemaining(300_000)).toBe('5분 00초');
    expect(formatRemaining(299_001)).toBe('5분 00초');
    expect(formatRemaining(298_500)).toBe('4분 59초');
    expect(formatRemaining(65_000)).toBe('1분 05초');
  });

  it('drops the minutes under one minute and never goes below zero', () => {
    expect(formatRemaining(59_000)).toBe('59초');
    expect(formatRemaining(0)).toBe('0초');
    expect(formatRemaining(-5_000)).toBe('0초');
  });
});
