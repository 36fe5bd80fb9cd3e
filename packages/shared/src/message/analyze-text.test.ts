import { describe, expect, it } from 'vitest';
import { analyzeText, countCp949Bytes, normalizeLineEndings } from './analyze-text.js';

describe('analyzeText', () => {
  it('counts Hangul as 2 bytes and ASCII as 1', () => {
    expect(countCp949Bytes('가')).toBe(2);
    expect(countCp949Bytes('a')).toBe(1);
    expect(countCp949Bytes('한줄로 SMS 90')).toBe(6 + 1 + 3 + 1 + 2);
    expect(countCp949Bytes('')).toBe(0);
    expect(countCp949Bytes('ㄱㅏ①※')).toBe(8);
  });

  it('normalises \\r\\n and \\r to \\n (1 byte) before counting', () => {
    expect(normalizeLineEndings('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    const analysis = analyzeText('가\r\n나');
    expect(analysis.normalized).toBe('가\n나');
    expect(analysis.bytes).toBe(5);
    expect(countCp949Bytes('\r\n')).toBe(1);
    expect(countCp949Bytes('\r\n\r\n')).toBe(2);
  });

  it('rejects emoji, ✈, ☀ and ♢ with code-point positions in the normalised text', () => {
    const analysis = analyzeText('안녕😀✈\r\n☀♢끝');
    expect(analysis.normalized).toBe('안녕😀✈\n☀♢끝');
    expect(analysis.unencodable).toEqual([
      { char: '😀', index: 2, codePoint: 0x1f600 },
      { char: '✈', index: 3, codePoint: 0x2708 },
      { char: '☀', index: 5, codePoint: 0x2600 },
      { char: '♢', index: 6, codePoint: 0x2662 },
    ]);
  });

  it('treats a variation selector as its own unencodable character', () => {
    expect(analyzeText('☀️').unencodable.map((c) => c.codePoint)).toEqual([0x2600, 0xfe0f]);
  });

  it('accepts CP949-only Hangul (똠 뷁 쀍) and reports them as extended', () => {
    const analysis = analyzeText('똠a뷁쀍가');
    expect(analysis.unencodable).toEqual([]);
    expect(analysis.bytes).toBe(9);
    expect(analysis.extendedHangul).toEqual([
      { char: '똠', index: 0 },
      { char: '뷁', index: 2 },
      { char: '쀍', index: 3 },
    ]);
  });
});
