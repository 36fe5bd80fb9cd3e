import { describe, expect, it } from 'vitest';
import {
  formatPhone,
  maskPhone,
  matchesPhoneQuery,
  normalizeCallbackNumber,
  normalizeMobile,
  phoneSearchDigits,
} from './phone.js';

describe('normalizeMobile (recipients)', () => {
  it.each([
    ['01012345678', '01012345678'],
    ['010-1234-5678', '01012345678'],
    ['010 1234 5678', '01012345678'],
    ['010.1234.5678', '01012345678'],
    ['(010) 1234-5678', '01012345678'],
    [' 010－1234－5678 ', '01012345678'], // full-width hyphens from a Korean IME
    ['010\u00a01234\u00a05678', '01012345678'], // NBSP from a web page
    ['+82 10-1234-5678', '01012345678'],
    ['+821012345678', '01012345678'],
    ['82-10-1234-5678', '01012345678'],
    ['821012345678', '01012345678'],
    ['+82 (0)10 1234 5678', '01012345678'],
    ['1012345678', '01012345678'], // Excel dropped the leading zero
    [1012345678, '01012345678'], // … and handed the cell over as a number
    ['011-123-4567', '0111234567'],
    ['016-1234-5678', '01612345678'],
    ['017-123-4567', '0171234567'],
    ['018-1234-5678', '01812345678'],
    ['019-123-4567', '0191234567'],
    ['111234567', '0111234567'], // Excel-dropped zero of an old 011 number
  ])('accepts %j as %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    [null, 'null'],
    [undefined, 'undefined'],
    ['010-123-4567', '010 needs 8 digits after it'],
    ['010-1234-56789', 'too long'],
    ['011-12-3456', '011 with 6 digits'],
    ['012-1234-5678', '012 is not a mobile prefix'],
    ['02-1234-5678', 'a Seoul landline is no recipient'],
    ['031-123-4567', 'a landline'],
    ['070-1234-5678', 'an internet phone'],
    ['1588-1234', 'a representative number'],
    ['0505-123-4567', 'a safe number'],
    ['010-1234-567O', 'letter O instead of zero'],
    ['010-1234-5678 내선 12', 'an extension'],
    ['+1 010 1234 5678', 'a foreign country code'],
    ['#01012345678', 'a stray symbol'],
    [-1012345678, 'a negative number'],
    [10123456.78, 'a fraction'],
  ])('refuses %j (%s)', (input, _why) => {
    expect(normalizeMobile(input)).toBeNull();
  });
});

describe('normalizeCallbackNumber (sender numbers)', () => {
  it.each([
    ['010-1234-5678', '01012345678'],
    ['02-123-4567', '021234567'],
    ['02-1234-5678', '0212345678'],
    ['(02) 1234-5678', '0212345678'],
    ['+82 2-1234-5678', '0212345678'],
    ['212345678', '0212345678'], // Excel-dropped zero of a Seoul number
    ['031-123-4567', '0311234567'],
    ['032-1234-5678', '03212345678'],
    ['033.123.4567', '0331234567'],
    ['041-123-4567', '0411234567'],
    ['044-1234-5678', '04412345678'],
    ['051-123-4567', '0511234567'],
    ['055-1234-5678', '05512345678'],
    ['061-123-4567', '0611234567'],
    ['064-1234-5678', '06412345678'], // 제주
    ['070-1234-5678', '07012345678'],
    ['0502-123-4567', '05021234567'],
    ['0505-1234-5678', '050512345678'],
    ['0508-1234-5678', '050812345678'],
    ['1588-1234', '15881234'],
    ['1544 1234', '15441234'],
    ['1600-1234', '16001234'],
    ['1644-0000', '16440000'],
    ['1800-1234', '18001234'],
    ['1899.1234', '18991234'],
  ])('accepts %j as %s', (input, expected) => {
    expect(normalizeCallbackNumber(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['02-12-3456', '02 with 6 digits'],
    ['02-1234-56789', '02 with 9 digits'],
    ['034-123-4567', 'no such area code'],
    ['039-1234-5678', 'no such area code'],
    ['065-123-4567', 'no such area code'],
    ['070-123-4567', '070 needs 8 digits'],
    ['0501-123-4567', '0501 is not a safe-number prefix'],
    ['0509-1234-5678', '0509 is not a safe-number prefix'],
    ['1588-123', 'representative with 7 digits'],
    ['1588-12345', 'representative with 9 digits'],
    ['1700-1234', '17xx is not a representative prefix'],
    ['080-123-4567', 'toll-free 080 is not in the list'],
    ['114', 'a short service number'],
    ['010-1234-abcd', 'letters'],
    ['+1 212 555 0100', 'a foreign number'],
  ])('refuses %j (%s)', (input, _why) => {
    expect(normalizeCallbackNumber(input)).toBeNull();
  });

  it('keeps the two validators apart: a landline is a callback but never a recipient', () => {
    expect(normalizeCallbackNumber('02-1234-5678')).toBe('0212345678');
    expect(normalizeMobile('02-1234-5678')).toBeNull();
    expect(normalizeCallbackNumber('1588-1234')).toBe('15881234');
    expect(normalizeMobile('1588-1234')).toBeNull();
  });
});

describe('formatPhone', () => {
  it.each([
    ['01012345678', '010-1234-5678'],
    ['0111234567', '011-123-4567'],
    ['021234567', '02-123-4567'],
    ['0212345678', '02-1234-5678'],
    ['0311234567', '031-123-4567'],
    ['03112345678', '031-1234-5678'],
    ['07012345678', '070-1234-5678'],
    ['05051234567', '0505-123-4567'],
    ['050512345678', '0505-1234-5678'],
    ['15881234', '1588-1234'],
    ['010-1234-5678', '010-1234-5678'],
    ['+82 10 1234 5678', '010-1234-5678'],
    ['12345', '12345'],
    ['', ''],
  ])('%j → %s', (input, expected) => {
    expect(formatPhone(input)).toBe(expected);
  });

  it('masks the middle group', () => {
    expect(maskPhone('01012345678')).toBe('010-****-5678');
    expect(maskPhone('021234567')).toBe('02-***-4567');
  });
});

describe('phone search', () => {
  it.each([
    ['5678', '5678'],
    [' 5678 ', '5678'],
    ['010-1234', '0101234'],
    ['010 1234 5678', '01012345678'],
    ['+82 10 1234', '0101234'],
    ['1234.5678', '12345678'],
  ])('%j searches with %s', (query, expected) => {
    expect(phoneSearchDigits(query)).toBe(expected);
  });

  it.each(['홍길동', 'kim', '123', '', '010-12ab', '5678번'])('%j is not a phone search', (query) => {
    expect(phoneSearchDigits(query)).toBeNull();
  });

  it('matches the last 4 digits, and longer queries anywhere', () => {
    expect(matchesPhoneQuery('01012345678', '5678')).toBe(true);
    expect(matchesPhoneQuery('01012345678', '1234')).toBe(false);
    expect(matchesPhoneQuery('01012345678', '1234-5678')).toBe(true);
    expect(matchesPhoneQuery('01012345678', '010-1234')).toBe(true);
    expect(matchesPhoneQuery('01012345678', '010-9999')).toBe(false);
    expect(matchesPhoneQuery('01012345678', '홍길동')).toBe(false);
  });
});
