import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeNumberList, parseNumberList } from './opt-out-file.js';

describe('parseNumberList', () => {
  it('reads one number per line or the first column, skips a header and blank lines, and reports invalid line numbers', () => {
    const text = ['전화번호,이름', '010-1234-5678,김하나', '', '"01012345679",박둘', '1012345680', 'abc', '02-123-4567', '+82 10 1234 5681\t메모', '010-1234-5678'].join('\r\n');
    expect(parseNumberList(text)).toEqual({
      phones: ['01012345678', '01012345679', '01012345680', '01012345681', '01012345678'],
      total: 7,
      invalidLines: [6, 7],
    });
  });

  it('counts a first line with digits as data, not a header', () => {
    expect(parseNumberList('01011112222\n01011113333\n')).toEqual({ phones: ['01011112222', '01011113333'], total: 2, invalidLines: [] });
    expect(parseNumberList('12\n01011113333')).toEqual({ phones: ['01011113333'], total: 2, invalidLines: [1] });
  });
});

describe('decodeNumberList', () => {
  it('reads UTF-8 with a BOM and CP949 (Excel on Korean Windows)', () => {
    expect(decodeNumberList(Buffer.from('\ufeff번호\n01011112222', 'utf8'))).toBe('번호\n01011112222');
    expect(decodeNumberList(iconv.encode('휴대폰,이름\n01011112222,홍길동', 'cp949'))).toBe('휴대폰,이름\n01011112222,홍길동');
  });
});
