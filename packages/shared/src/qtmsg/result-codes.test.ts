import { describe, expect, it } from 'vitest';
import { RESULT_CODES, describeCarrier, describeResultCode, isFinalCode } from './result-codes.js';

const span = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Written independently from product/QTMSG.md §3 — the map must agree with the contract.
const SUCCESS = [6, 1000, 1800, 7830, 7831];
const PENDING = [100, 104];
const FAILURE_BY_SUBTYPE: Record<string, number[]> = {
  invalid_number: [7, 2008, 5, 2001, 9002, 13, 5000, 15, 9011],
  handset: [8, 3004, 9, 3005, 10, 3001, 3000, 3003, 14],
  network: [40, 41, 45, 90, 91, 92, 3002, 9001, 9004, 11, 3006, 1, 4000, 4001, 4002, 4003, 2, 4],
  spam: [16, 52, 53, 54, 500, 9003, 9010, 9013, 9014],
  balance: [55, 5005, 50, 51, ...span(56, 61), ...span(63, 68), 5001, 5002, 5003],
  sender_number: [9008, 9009],
  duplicate: [62, 70, 5004, 2004],
  forbidden_time: [71, 9012, 7322],
  format: [3, 2000, 2002, 2003, 2005, 2006, 2007, 9005, 9006, 9007],
  relay_id: [23, 2323],
  kakao: [...span(7100, 7109), 7203, 7204, 7300, 7306, 7308, 7311, 7314, 7315, 7318, 7323, 7324, 7421, 7305],
  partial: [1100],
  cancelled: [9999],
};

describe('result-code map', () => {
  it('lists no code in two subtypes of the contract (sanity of the test data)', () => {
    const all = [...SUCCESS, ...PENDING, ...Object.values(FAILURE_BY_SUBTYPE).flat()];
    expect(new Set(all).size).toBe(all.length);
  });

  it('maps every success code to success without a subtype', () => {
    for (const code of SUCCESS) {
      expect(describeResultCode(code)).toMatchObject({ code, category: 'success' });
      expect(describeResultCode(code).subtype).toBeUndefined();
      expect(isFinalCode(code)).toBe(true);
    }
  });

  it('maps 100 and 104 to pending and treats them as not final', () => {
    for (const code of PENDING) {
      expect(describeResultCode(code).category).toBe('pending');
      expect(isFinalCode(code)).toBe(false);
    }
  });

  it('maps every failure code to failure with the subtype the contract gives it', () => {
    for (const [subtype, codes] of Object.entries(FAILURE_BY_SUBTYPE)) {
      for (const code of codes) {
        expect(describeResultCode(code)).toMatchObject({ code, category: 'failure', subtype });
        expect(isFinalCode(code)).toBe(true);
      }
    }
  });

  it('knows exactly the contract codes, each once, with a Korean label', () => {
    const expected = [...SUCCESS, ...PENDING, ...Object.values(FAILURE_BY_SUBTYPE).flat()].sort((a, b) => a - b);
    expect(RESULT_CODES.map((r) => r.code)).toEqual(expected);
    for (const info of RESULT_CODES) expect(info.label).toMatch(/[가-힣]/);
  });

  it('uses the vendor labels for the codes operators read most', () => {
    const labels: Record<number, string> = {
      6: 'SMS 전송 성공',
      1000: 'LMS/MMS 전송 성공',
      7: '결번/비가입자/서비스정지',
      8: '단말기 전원 꺼짐',
      3004: '단말기 전원 꺼짐',
      3000: 'MMS 미지원 단말',
      16: '스팸 차단',
      55: '선불 잔액 부족(중계)',
      9007: 'MMS 첨부파일 없음',
      9008: '미등록 발신번호',
      9999: '발송 취소',
    };
    for (const [code, label] of Object.entries(labels)) expect(describeResultCode(Number(code)).label).toBe(label);
  });

  it('describes an unknown code as a failure of subtype other', () => {
    expect(describeResultCode(4242)).toEqual({
      code: 4242, label: '기타 오류 (code 4242)', category: 'failure', subtype: 'other',
    });
    expect(isFinalCode(4242)).toBe(true);
  });
});

describe('describeCarrier', () => {
  it('maps the numeric carrier codes, MVNOs included', () => {
    expect(describeCarrier('11')).toEqual({ code: 'SKT', label: 'SKT', mvno: false });
    expect(describeCarrier('16')).toEqual({ code: 'KT', label: 'KT', mvno: false });
    expect(describeCarrier('19')).toEqual({ code: 'LGU', label: 'LG U+', mvno: false });
    expect(describeCarrier('12')).toEqual({ code: 'SKT', label: 'SKT', mvno: true });
    expect(describeCarrier('17')).toEqual({ code: 'KT', label: 'KT', mvno: true });
    expect(describeCarrier('20')).toEqual({ code: 'LGU', label: 'LG U+', mvno: true });
  });

  it('maps the legacy strings', () => {
    expect(describeCarrier('SKT').code).toBe('SKT');
    expect(describeCarrier('KTF').code).toBe('KT');
    expect(describeCarrier('LGT')).toEqual({ code: 'LGU', label: 'LG U+', mvno: false });
  });

  it('treats 0, empty, null and garbage as unknown', () => {
    const unknown = { code: 'UNKNOWN', label: '알 수 없음', mvno: false };
    for (const value of ['0', '', '  ', null, '99']) expect(describeCarrier(value)).toEqual(unknown);
  });
});
