import { cp949ByteLength, isCp949Extended } from './cp949.js';

export interface UnencodableChar {
  char: string;
  /** Code-point index in the normalised text (0-based). */
  index: number;
  codePoint: number;
}

export interface ExtendedHangulChar {
  char: string;
  index: number;
}

export interface TextAnalysis {
  /** The text with `\r\n` and `\r` turned into `\n` — what is counted and what is sent. */
  normalized: string;
  /** CP949 bytes of `normalized`; an unencodable character counts 2 (it is rejected anyway). */
  bytes: number;
  unencodable: UnencodableChar[];
  extendedHangul: ExtendedHangulChar[];
}

/** Line endings become `\n` (1 byte) before counting and before sending. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** CP949 byte count, unencodable characters and CP949-only Hangul of a text. */
export function analyzeText(text: string): TextAnalysis {
  const normalized = normalizeLineEndings(text);
  const unencodable: UnencodableChar[] = [];
  const extendedHangul: ExtendedHangulChar[] = [];
  let bytes = 0;
  let index = 0;
  for (const char of normalized) {
    const codePoint = char.codePointAt(0) ?? 0;
    const length = cp949ByteLength(codePoint);
    if (length === null) {
      unencodable.push({ char, index, codePoint });
      bytes += 2;
    } else {
      bytes += length;
      if (length === 2 && isCp949Extended(codePoint)) extendedHangul.push({ char, index });
    }
    index += 1;
  }
  return { normalized, bytes, unencodable, extendedHangul };
}

/** CP949 bytes of a text after line-ending normalisation. */
export function countCp949Bytes(text: string): number {
  return analyzeText(text).bytes;
}

/** `U+2708` style label, for messages about invisible or unfamiliar characters. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
