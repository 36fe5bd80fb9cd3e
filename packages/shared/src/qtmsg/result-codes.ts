/**
 * QTmsg result codes (`status_code`) and carriers (`mob_company`), product/QTMSG.md §3. This is the
 * one map the API, the result reader and the simulator share; labels follow the vendor manual
 * (the original app mislabelled 3000–3004 and 4000).
 */

export type ResultCategory = 'success' | 'pending' | 'failure';

export type ResultSubtype =
  | 'invalid_number'
  | 'handset'
  | 'network'
  | 'spam'
  | 'balance'
  | 'sender_number'
  | 'duplicate'
  | 'forbidden_time'
  | 'format'
  | 'relay_id'
  | 'kakao'
  | 'partial'
  | 'cancelled'
  | 'other';

export interface ResultCodeInfo {
  readonly code: number;
  readonly label: string;
  readonly category: ResultCategory;
  readonly subtype?: ResultSubtype;
}

type Group = readonly [ResultCategory, ResultSubtype | undefined, readonly (readonly [number, string])[]];

const range = (from: number, to: number, label: (code: number) => string): [number, string][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, label(from + i)] as [number, string]);

const GROUPS: readonly Group[] = [
  ['success', undefined, [
    [6, 'SMS 전송 성공'],
    [1000, 'LMS/MMS 전송 성공'],
    [1800, '카카오톡 전달 성공'],
    [7830, '카카오 실패, SMS 대체발송 성공'],
    [7831, '카카오 실패, LMS 대체발송 성공'],
  ]],
  ['pending', undefined, [
    [100, '발송 대기'],
    [104, '전송 중 (결과 대기)'],
  ]],
  ['failure', 'invalid_number', [
    [7, '결번/비가입자/서비스정지'],
    [2008, '결번/비가입자/서비스정지'],
    [5, '잘못된 수신번호'],
    [2001, '잘못된 수신번호'],
    [9002, '수신번호 형식 오류'],
    [13, '번호이동 가입자'],
    [5000, '번호이동 가입자'],
    [15, '수신 불가 번호'],
    [9011, '수신번호 또는 회신번호 없음'],
  ]],
  ['failure', 'handset', [
    [8, '단말기 전원 꺼짐'],
    [3004, '단말기 전원 꺼짐'],
    [9, '음영지역 (서비스 불가 지역)'],
    [3005, '음영지역 (서비스 불가 지역)'],
    [10, '단말기 메시지 저장공간 초과'],
    [3001, '단말기 메시지 저장공간 초과'],
    [3000, 'MMS 미지원 단말'],
    [3003, '단말기 수신 오류'],
    [14, '단말기 수신 오류'],
  ]],
  ['failure', 'network', [
    [40, '이동통신사 전송 실패'],
    [41, '이동통신사 전송 실패'],
    [45, '이동통신사 전송 실패'],
    [90, '중계 서버 오류'],
    [91, '중계 서버 오류'],
    [92, '중계 서버 오류'],
    [3002, '전송 시간 초과'],
    [9001, '중계 서버 연결 오류'],
    [9004, '중계 서버 응답 시간 초과'],
    [11, '이동통신망 오류'],
    [3006, '이동통신망 오류'],
    [1, '시스템 오류'],
    [4000, '이동통신사 서버 오류'],
    [4001, '이동통신사 서버 오류'],
    [4002, '이동통신사 서버 오류'],
    [4003, '이동통신사 서버 오류'],
    [2, '중계 전송 오류'],
    [4, '전송 시간 초과'],
  ]],
  ['failure', 'spam', [
    [16, '스팸 차단'],
    [52, '스팸 문구 차단(중계)'],
    [53, '스팸 차단(중계)'],
    [54, '스팸 차단(중계)'],
    [500, '스팸 차단(이동통신사)'],
    [9003, '스팸 차단'],
    [9010, '스팸 차단'],
    [9013, '스팸 차단'],
    [9014, '스팸 차단'],
  ]],
  ['failure', 'balance', [
    [55, '선불 잔액 부족(중계)'],
    [5005, '선불 잔액 부족'],
    [50, '발송 한도 초과'],
    [51, '발송 한도 초과'],
    ...range(56, 61, () => '발송 제한/한도 초과'),
    ...range(63, 68, () => '발송 제한/한도 초과'),
    [5001, '발송 건수 한도 초과'],
    [5002, '발송 건수 한도 초과'],
    [5003, '발송 건수 한도 초과'],
  ]],
  ['failure', 'sender_number', [
    [9008, '미등록 발신번호'],
    [9009, '발신번호 규정 위반 (KISA)'],
  ]],
  ['failure', 'duplicate', [
    [62, '중복 발송 차단'],
    [70, '중복 발송 차단'],
    [5004, '중복 메시지'],
    [2004, '중복 메시지'],
  ]],
  ['failure', 'forbidden_time', [
    [71, '발송 제한 시간'],
    [9012, '발송 금지 시간'],
    [7322, '카카오 발송 가능 시간 아님'],
  ]],
  ['failure', 'format', [
    [3, '메시지 형식 오류'],
    [2000, '메시지 형식 오류'],
    [2002, '메시지 크기 초과'],
    [2003, '잘못된 메시지 내용'],
    [2005, '첨부파일 오류'],
    [2006, '첨부파일 오류'],
    [2007, '첨부파일 오류'],
    [9005, 'MMS 이미지 크기 초과'],
    [9006, 'MMS 이미지 형식 오류'],
    [9007, 'MMS 첨부파일 없음'],
  ]],
  ['failure', 'relay_id', [
    [23, '중계 계정(ID) 오류'],
    [2323, '중계 계정(ID) 오류'],
  ]],
  ['failure', 'kakao', [
    ...range(7100, 7109, (c) => `카카오 발송 실패 (code ${c})`),
    ...[7203, 7204, 7300, 7306, 7308, 7311, 7314, 7315, 7318, 7323, 7324, 7421].map(
      (c) => [c, `카카오 발송 실패 (code ${c})`] as [number, string],
    ),
    [7305, '카카오 결과 불확실 (30일 내 도착 가능)'],
  ]],
  ['failure', 'partial', [[1100, '부분 성공 (실패 처리)']]],
  ['failure', 'cancelled', [[9999, '발송 취소']]],
];

function buildMap(): Map<number, ResultCodeInfo> {
  const map = new Map<number, ResultCodeInfo>();
  for (const [category, subtype, entries] of GROUPS) {
    for (const [code, label] of entries) {
      if (map.has(code)) throw new Error(`result code ${code} is mapped twice`);
      const info: ResultCodeInfo = subtype ? { code, label, category, subtype } : { code, label, category };
      map.set(code, Object.freeze(info));
    }
  }
  return map;
}

const BY_CODE = buildMap();

/** Every known code, ascending. */
export const RESULT_CODES: readonly ResultCodeInfo[] = Object.freeze(
  [...BY_CODE.values()].sort((a, b) => a.code - b.code),
);

export function describeResultCode(code: number): ResultCodeInfo {
  return BY_CODE.get(code) ?? { code, label: `기타 오류 (code ${code})`, category: 'failure', subtype: 'other' };
}

/** A final code will not change any more: everything except waiting (100) and at the relay (104). */
export function isFinalCode(code: number): boolean {
  return describeResultCode(code).category !== 'pending';
}

export type CarrierCode = 'SKT' | 'KT' | 'LGU' | 'UNKNOWN';

export interface CarrierInfo {
  readonly code: CarrierCode;
  readonly label: 'SKT' | 'KT' | 'LG U+' | '알 수 없음';
  /** An MVNO (알뜰폰) riding on the carrier's network. */
  readonly mvno: boolean;
}

const CARRIER_LABELS = { SKT: 'SKT', KT: 'KT', LGU: 'LG U+', UNKNOWN: '알 수 없음' } as const;

const CARRIERS: Readonly<Record<string, readonly [CarrierCode, boolean]>> = {
  '11': ['SKT', false],
  '16': ['KT', false],
  '19': ['LGU', false],
  '12': ['SKT', true],
  '17': ['KT', true],
  '20': ['LGU', true],
  SKT: ['SKT', false],
  KTF: ['KT', false],
  LGT: ['LGU', false],
};

/** `mob_company` → carrier. `0`, empty and anything unrecognised are unknown. */
export function describeCarrier(mobCompany: string | null): CarrierInfo {
  const key = (mobCompany ?? '').trim().toUpperCase();
  const [code, mvno] = CARRIERS[key] ?? (['UNKNOWN', false] as const);
  return { code, label: CARRIER_LABELS[code], mvno };
}
