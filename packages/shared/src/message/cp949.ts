import { CP949_ENCODABLE_RANGES, CP949_EXTENDED_RANGES } from './cp949-table.js';

/**
 * CP949 membership without iconv-lite (this module runs in browsers too). The generated range
 * tables are unpacked once into two 64 Ki-bit sets on first use.
 */
let encodableBits: Uint8Array | null = null;
let extendedBits: Uint8Array | null = null;

function unpack(packed: string): Uint8Array {
  const bits = new Uint8Array(0x10000 / 8);
  const numbers = packed.split(',').map((n) => parseInt(n, 36));
  let previousEnd = -1;
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const start = previousEnd + 1 + (numbers[i] ?? 0);
    const end = start + (numbers[i + 1] ?? 0);
    for (let cp = start; cp <= end; cp += 1) bits[cp >> 3] = (bits[cp >> 3] ?? 0) | (1 << (cp & 7));
    previousEnd = end;
  }
  return bits;
}

function has(bits: Uint8Array, cp: number): boolean {
  return cp <= 0xffff && ((bits[cp >> 3] ?? 0) & (1 << (cp & 7))) !== 0;
}

/** True when CP949 encodes the code point (never for non-BMP code points such as emoji). */
export function isCp949Encodable(codePoint: number): boolean {
  encodableBits ??= unpack(CP949_ENCODABLE_RANGES);
  return has(encodableBits, codePoint);
}

/**
 * True for characters CP949 encodes but strict EUC-KR (KS X 1001) does not — the 8,822 extended
 * Hangul syllables such as 똠, 뷁, 쀍. Some gateways refuse them, so they earn a warning.
 */
export function isCp949Extended(codePoint: number): boolean {
  extendedBits ??= unpack(CP949_EXTENDED_RANGES);
  return has(extendedBits, codePoint);
}

/** CP949 byte length of one code point: ASCII 1, other encodable 2, unencodable null. */
export function cp949ByteLength(codePoint: number): 1 | 2 | null {
  if (codePoint < 0x80) return 1;
  return isCp949Encodable(codePoint) ? 2 : null;
}
