import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze-text.js';
import { cp949ByteLength, isCp949Encodable, isCp949Extended } from './cp949.js';
import { CP949_ENCODABLE_COUNT, CP949_EXTENDED_COUNT } from './cp949-table.js';

/** iconv-lite writes `?` for what it cannot encode, so "encodable" means it round-trips exactly. */
function iconvFacts(cp: number) {
  const char = String.fromCharCode(cp);
  const bytes = iconv.encode(char, 'cp949');
  const encodable = iconv.decode(bytes, 'cp949') === char;
  const [lead = 0, trail = 0] = bytes;
  return { encodable, length: bytes.length, extended: encodable && bytes.length === 2 && (lead < 0xa1 || trail < 0xa1) };
}

describe('generated CP949 table', () => {
  it('agrees with iconv-lite on every BMP code point (membership, byte length, KS X 1001 subset)', () => {
    const mismatches: string[] = [];
    let encodable = 0;
    let extended = 0;
    for (let cp = 0; cp <= 0xffff; cp += 1) {
      const facts = iconvFacts(cp);
      const ours = { encodable: isCp949Encodable(cp), length: cp949ByteLength(cp), extended: isCp949Extended(cp) };
      const expectedLength = facts.encodable ? facts.length : null;
      if (ours.encodable !== facts.encodable || ours.length !== expectedLength || ours.extended !== facts.extended) {
        mismatches.push(cp.toString(16));
      }
      if (facts.encodable) encodable += 1;
      if (facts.extended) extended += 1;
    }
    expect(mismatches).toEqual([]);
    expect(encodable).toBe(CP949_ENCODABLE_COUNT);
    expect(extended).toBe(CP949_EXTENDED_COUNT);
    // KOREAN-MESSAGING-RULES §1: the 8,822 extended Hangul syllables; 128 ASCII + 17,048 double-byte.
    expect(CP949_EXTENDED_COUNT).toBe(8822);
    expect(CP949_ENCODABLE_COUNT).toBe(17176);
  });

  it('never encodes non-BMP code points', () => {
    for (const cp of [0x1f600, 0x1f4e2, 0x10000, 0x2a6d6]) {
      expect(isCp949Encodable(cp)).toBe(false);
      expect(cp949ByteLength(cp)).toBeNull();
    }
  });

  it('counts the same bytes as iconv-lite on a mixed text', () => {
    const text = '(광고) 봄맞이 SALE 50%↑ ※한정 ㈜한줄로 ①②③ 똠방각하 ♥☆★ ℃ €\n무료수신거부 080-719-6700';
    const analysis = analyzeText(text);
    expect(analysis.unencodable).toEqual([]);
    expect(analysis.bytes).toBe(iconv.encode(text, 'cp949').length);
    expect(iconv.decode(iconv.encode(text, 'cp949'), 'cp949')).toBe(text);
  });
});
