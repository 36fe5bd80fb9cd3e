import { describe, expect, it } from 'vitest';
import { buildMessage, formatStoredMessage, type BuildMessageInput } from './build-message.js';
import { STANDARD_MERGE_FIELDS } from './merge-fields.js';

/** Golden outputs: every expected string and byte count below is written by hand. */
const catalog = STANDARD_MERGE_FIELDS;
const optOut080 = '080-719-6700';
const jpg = (name: string, sizeBytes = 100_000) => ({ name, sizeBytes, mime: 'image/jpeg' });
const codes = (r: { errors: Array<{ code: string }> }) => r.errors.map((e) => e.code);
const warningCodes = (r: { warnings: Array<{ code: string }> }) => r.warnings.map((w) => w.code);
const build = (input: Partial<BuildMessageInput> & Pick<BuildMessageInput, 'type' | 'body'>) =>
  buildMessage({ isAd: false, catalog, ...input } as BuildMessageInput);

describe('buildMessage golden outputs', () => {
  it('SMS, not an ad, no variables', () => {
    const r = build({ type: 'SMS', body: '안녕하세요 한줄로입니다' });
    expect(r).toMatchObject({ ok: true, subject: '', body: '안녕하세요 한줄로입니다', bytes: 23, limit: 90 });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('SMS ad, no variables', () => {
    const r = build({ type: 'SMS', body: '봄 신상품 20% 할인', isAd: true, optOut080 });
    expect(r.body).toBe('(광고)봄 신상품 20% 할인\n무료거부0807196700');
    expect(r.bytes).toBe(43);
    expect(r.ok).toBe(true);
  });

  it('SMS ad with variables', () => {
    const r = build({ type: 'SMS', body: '%이름%님 포인트 %포인트%점', isAd: true, optOut080, values: { 이름: '김민수', 포인트: 12345 } });
    expect(r.body).toBe('(광고)김민수님 포인트 12,345점\n무료거부0807196700');
    expect(r.bytes).toBe(49);
    expect(r.variables).toEqual(['이름', '포인트']);
    expect(r.ok).toBe(true);
  });

  it('SMS, not an ad, with variables, a fallback and a date', () => {
    const r = build({
      type: 'SMS',
      body: '%이름|고객%님, %최근구매일% 구매 감사합니다',
      values: { 이름: null, 최근구매일: '2025-03-07' },
    });
    expect(r.body).toBe('고객님, 2025-03-07 구매 감사합니다');
    expect(r.bytes).toBe(34);
    expect(r.ok).toBe(true);
  });

  it('LMS ad, no variables (and it would fit an SMS)', () => {
    const r = build({ type: 'LMS', subject: '봄맞이 세일', body: '봄맞이 세일을 시작합니다.\r\n매장에서 만나요!', isAd: true, optOut080 });
    expect(r.subject).toBe('(광고) 봄맞이 세일');
    expect(r.subjectBytes).toBe(18);
    expect(r.body).toBe('(광고) 봄맞이 세일을 시작합니다.\n매장에서 만나요!\n무료수신거부 080-719-6700');
    expect(r.bytes).toBe(75);
    expect(r.limit).toBe(2000);
    expect(r.ok).toBe(true);
    expect(r.suggestion).toBe('SMS');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'fits_sms', details: { smsBytes: 67 } })]);
  });

  it('LMS, not an ad, with variables', () => {
    const r = build({
      type: 'LMS',
      subject: '회원 등급 안내',
      body: '%이름%님의 등급은 %등급%입니다.\r\n매장: %매장명% (%회신번호%)',
      values: { 이름: '이서연', 등급: 'VIP', 매장명: '강남점', 회신번호: '0212345678' },
    });
    expect(r.subject).toBe('회원 등급 안내');
    expect(r.body).toBe('이서연님의 등급은 VIP입니다.\n매장: 강남점 (0212345678)');
    expect(r.bytes).toBe(54);
    expect(r.ok).toBe(true);
  });

  it('MMS ad with variables and an empty subject', () => {
    const r = build({
      type: 'MMS',
      subject: '',
      body: '%이름%님께 드리는 쿠폰',
      isAd: true,
      optOut080: '0807196700',
      images: [jpg('coupon.jpg', 120_000)],
      values: { 이름: '박지훈' },
    });
    expect(r.subject).toBe('(광고)');
    expect(r.subjectBytes).toBe(6);
    expect(r.body).toBe('(광고) 박지훈님께 드리는 쿠폰\n무료수신거부 080-719-6700');
    expect(r.bytes).toBe(55);
    expect(r.images).toEqual([{ ...jpg('coupon.jpg', 120_000), slot: 1 }]);
    expect(r.ok).toBe(true);
    expect(r.suggestion).toBeUndefined();
  });

  it('MMS, not an ad, no variables, two images in slot order', () => {
    const r = build({ type: 'MMS', subject: '매장 안내', body: '이번 주 휴무 안내입니다.', images: [jpg('a.jpg'), jpg('b.JPEG')] });
    expect(r.body).toBe('이번 주 휴무 안내입니다.');
    expect(r.bytes).toBe(24);
    expect(r.images.map((i) => [i.slot, i.name])).toEqual([[1, 'a.jpg'], [2, 'b.JPEG']]);
    expect(r.ok).toBe(true);
  });
});

describe('ad wrap is applied exactly once', () => {
  it('does not double (광고) and normalises its spacing per type', () => {
    expect(build({ type: 'SMS', body: '(광고) 세일', isAd: true, optOut080 }).body).toBe('(광고)세일\n무료거부0807196700');
    expect(build({ type: 'LMS', subject: '(광고) 세일', body: '(광고)세일', isAd: true, optOut080 })).toMatchObject({
      subject: '(광고) 세일',
      body: '(광고) 세일\n무료수신거부 080-719-6700',
    });
  });

  it('does not double the footer', () => {
    expect(build({ type: 'SMS', body: '세일\n무료거부0807196700', isAd: true, optOut080 }).body).toBe('(광고)세일\n무료거부0807196700');
    expect(build({ type: 'LMS', subject: 's', body: '세일\n\n무료수신거부 080-719-6700', isAd: true, optOut080 }).body).toBe(
      '(광고) 세일\n\n무료수신거부 080-719-6700',
    );
    expect(build({ type: 'LMS', subject: 's', body: '세일\n무료거부0807196700', isAd: true, optOut080 }).body).toBe(
      '(광고) 세일\n무료수신거부 080-719-6700',
    );
  });

  it('rewrites a footer carrying another 080 number, with a warning', () => {
    const r = build({ type: 'SMS', body: '세일\n무료거부0801112222', isAd: true, optOut080 });
    expect(r.body).toBe('(광고)세일\n무료거부0807196700');
    expect(warningCodes(r)).toEqual(['opt_out_number_replaced']);
  });

  it('is idempotent: building its own output gives the same text', () => {
    const first = build({ type: 'LMS', subject: '세일', body: '본문', isAd: true, optOut080 });
    const again = build({ type: 'LMS', subject: first.subject, body: first.body, isAd: true, optOut080 });
    expect(again.body).toBe(first.body);
    expect(again.subject).toBe(first.subject);
  });

  it('formatStoredMessage wraps pure and already wrapped texts the same way', () => {
    const pure = formatStoredMessage({ type: 'LMS', subject: '세일', body: '본문', isAd: true, optOut080 });
    expect(pure).toEqual({ subject: '(광고) 세일', body: '(광고) 본문\n무료수신거부 080-719-6700', bytes: 37 });
    expect(formatStoredMessage({ type: 'LMS', subject: pure.subject, body: pure.body, isAd: true })).toEqual(pure);
    expect(formatStoredMessage({ type: 'SMS', body: '(광고)본문\r\n무료거부0807196700', isAd: true }).body).toBe('(광고)본문\n무료거부0807196700');
    expect(formatStoredMessage({ type: 'SMS', body: '본문', isAd: false })).toEqual({ subject: '', body: '본문', bytes: 4 });
  });

  it('refuses an ad without a valid 080 number and says where to set it', () => {
    for (const value of [undefined, null, '', '   ']) {
      const r = build({ type: 'SMS', body: '세일', isAd: true, optOut080: value });
      expect(codes(r)).toEqual(['ad_requires_080']);
      expect(r.errors[0]?.message).toContain('080 수신거부 번호');
      expect(r.ok).toBe(false);
    }
    expect(codes(build({ type: 'SMS', body: '세일', isAd: true, optOut080: '02-123-4567' }))).toEqual(['ad_requires_080']);
  });

  it('warns when a non-ad body starts with (광고)', () => {
    const r = build({ type: 'SMS', body: '(광고)세일' });
    expect(r.body).toBe('(광고)세일');
    expect(warningCodes(r)).toEqual(['ad_marker_without_ad']);
  });
});

describe('size limits', () => {
  it('SMS: 90 bytes pass, 91 fail with an LMS suggestion', () => {
    expect(build({ type: 'SMS', body: 'a'.repeat(90) })).toMatchObject({ ok: true, bytes: 90 });
    expect(build({ type: 'SMS', body: '가'.repeat(45) })).toMatchObject({ ok: true, bytes: 90 });
    const over = build({ type: 'SMS', body: `${'가'.repeat(45)}a` });
    expect(over).toMatchObject({ ok: false, bytes: 91, suggestion: 'LMS' });
    expect(codes(over)).toEqual(['too_long']);
    expect(over.errors[0]?.message).toContain('LMS');
  });

  it('SMS ad: prefix and footer count (25 bytes of wrap)', () => {
    expect(build({ type: 'SMS', body: 'a'.repeat(65), isAd: true, optOut080 })).toMatchObject({ ok: true, bytes: 90 });
    expect(build({ type: 'SMS', body: 'a'.repeat(66), isAd: true, optOut080 })).toMatchObject({ ok: false, bytes: 91, suggestion: 'LMS' });
  });

  it('LMS: 2,000 bytes pass, 2,001 fail', () => {
    expect(build({ type: 'LMS', subject: 's', body: '가'.repeat(1000) })).toMatchObject({ ok: true, bytes: 2000 });
    const over = build({ type: 'LMS', subject: 's', body: 'a'.repeat(2001) });
    expect(over).toMatchObject({ ok: false, bytes: 2001 });
    expect(over.suggestion).toBeUndefined();
    expect(codes(over)).toEqual(['too_long']);
    const mms = build({ type: 'MMS', subject: 's', body: 'a'.repeat(2001), images: [jpg('a.jpg')] });
    expect(codes(mms)).toEqual(['too_long']);
  });

  it('subject: 40 bytes pass, 41 fail, counted after the ad prefix', () => {
    expect(build({ type: 'LMS', subject: '가'.repeat(20), body: 'b' })).toMatchObject({ ok: true, subjectBytes: 40 });
    expect(codes(build({ type: 'LMS', subject: `${'가'.repeat(20)}a`, body: 'b' }))).toEqual(['subject_too_long']);
    const ad = { type: 'LMS' as const, body: 'b', isAd: true, optOut080 };
    expect(build({ ...ad, subject: 'a'.repeat(33) })).toMatchObject({ ok: true, subjectBytes: 40 });
    expect(codes(build({ ...ad, subject: 'a'.repeat(34) }))).toEqual(['subject_too_long']);
  });

  it('LMS/MMS need a subject; SMS ignores one', () => {
    expect(codes(build({ type: 'LMS', body: 'b' }))).toEqual(['subject_required']);
    expect(codes(build({ type: 'MMS', subject: '  ', body: 'b', images: [jpg('a.jpg')] }))).toEqual(['subject_required']);
    const sms = build({ type: 'SMS', subject: '제목', body: 'b' });
    expect(sms).toMatchObject({ ok: true, subject: '' });
    expect(warningCodes(sms)).toEqual(['subject_ignored']);
  });

  it('sizes with the longest real value, and with the longer of value and fallback', () => {
    const body = `${'a'.repeat(80)}%이름%`;
    expect(build({ type: 'SMS', body, longestValues: { 이름: '남궁민수아' } })).toMatchObject({ ok: true, bytes: 90 });
    expect(build({ type: 'SMS', body, longestValues: { 이름: 'Christopher' } })).toMatchObject({ ok: false, bytes: 91, suggestion: 'LMS' });
    const fallback = build({ type: 'SMS', body: '%이름|고객님%, 안녕하세요', longestValues: { 이름: '김' } });
    expect(fallback.body).toBe('고객님, 안녕하세요');
    expect(fallback.bytes).toBe(18);
  });

  it('counts tokens as typed when no values are given, with a warning', () => {
    const r = build({ type: 'SMS', body: '%이름%님' });
    expect(r).toMatchObject({ ok: true, body: '%이름%님', bytes: 8 });
    expect(warningCodes(r)).toEqual(['variables_not_applied']);
  });
});

describe('content errors', () => {
  it('unknown variable is an error naming it (every mode)', () => {
    for (const extra of [{}, { values: { 이름: 'x' } }, { longestValues: { 이름: 'x' } }]) {
      const r = build({ type: 'SMS', body: '%이룸%님 %이름%', ...extra });
      expect(codes(r)).toEqual(['unknown_variable']);
      expect(r.errors[0]?.details).toEqual({ names: ['이룸'] });
      expect(r.errors[0]?.message).toContain('%이룸%');
      expect(r.body).toContain('%이룸%');
    }
  });

  it('subject takes no variables', () => {
    const r = build({ type: 'LMS', subject: '%이름%님 안내', body: 'b' });
    expect(codes(r)).toEqual(['subject_has_variables']);
    expect(r.errors[0]?.details).toEqual({ names: ['이름'] });
  });

  it('rejects non-CP949 characters with their positions, never sends ?', () => {
    const r = build({ type: 'SMS', body: '여행✈ 😀', isAd: true, optOut080 });
    expect(codes(r)).toEqual(['unencodable_chars']);
    expect(r.errors[0]?.details).toEqual({
      field: 'body',
      chars: [
        { char: '✈', index: 6, codePoint: 0x2708 },
        { char: '😀', index: 8, codePoint: 0x1f600 },
      ],
    });
    expect(r.errors[0]?.message).toContain("'✈'(U+2708, 7번째)");
    expect(r.body).not.toContain('?');
    const subject = build({ type: 'LMS', subject: '☀♢', body: 'b' });
    expect(subject.errors[0]).toMatchObject({ code: 'unencodable_chars', details: { field: 'subject' } });
  });

  it('rejects unencodable characters coming from a merge value', () => {
    expect(codes(build({ type: 'SMS', body: '%이름%님', values: { 이름: '민수😀' } }))).toEqual(['unencodable_chars']);
  });

  it('accepts 똠 with a warning', () => {
    const r = build({ type: 'SMS', body: '똠방각하' });
    expect(r).toMatchObject({ ok: true, bytes: 8 });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'extended_hangul', details: { field: 'body', chars: [{ char: '똠', index: 0 }] } })]);
  });

  it('refuses an empty body (also one that is only the ad wrap)', () => {
    expect(codes(build({ type: 'SMS', body: '  \r\n ' }))).toEqual(['empty_body']);
    expect(codes(build({ type: 'SMS', body: '(광고)\n무료거부0807196700', isAd: true, optOut080 }))).toEqual(['empty_body']);
  });
});

describe('images', () => {
  const mms = { type: 'MMS' as const, subject: 's', body: 'b' };
  it('MMS needs 1–3 JPG images of at most 300 KB', () => {
    expect(codes(build({ ...mms }))).toEqual(['mms_image_required']);
    expect(codes(build({ ...mms, images: [] }))).toEqual(['mms_image_required']);
    expect(codes(build({ ...mms, images: [jpg('1.jpg'), jpg('2.jpg'), jpg('3.jpg'), jpg('4.jpg')] }))).toEqual(['mms_too_many_images']);
    expect(build({ ...mms, images: [jpg('a.jpg', 300 * 1024)] }).ok).toBe(true);
    const large = build({ ...mms, images: [jpg('a.jpg'), jpg('big.jpg', 300 * 1024 + 1)] });
    expect(large.errors).toEqual([expect.objectContaining({ code: 'mms_image_too_large', details: expect.objectContaining({ slot: 2 }) })]);
    const png = build({ ...mms, images: [jpg('a.jpg'), { name: 'b.png', sizeBytes: 10 }] });
    expect(png.errors).toEqual([expect.objectContaining({ code: 'mms_image_type', details: { slot: 2, name: 'b.png' } })]);
    expect(codes(build({ ...mms, images: [{ name: 'a.jpg', sizeBytes: 10, mime: 'image/png' }] }))).toEqual(['mms_image_type']);
    expect(build({ ...mms, images: [{ name: 'a.jpg', sizeBytes: 10 }] }).ok).toBe(true);
  });

  it('SMS and LMS carry no images', () => {
    expect(codes(build({ type: 'SMS', body: 'b', images: [jpg('a.jpg')] }))).toEqual(['images_not_allowed']);
    expect(codes(build({ type: 'LMS', subject: 's', body: 'b', images: [jpg('a.jpg')] }))).toEqual(['images_not_allowed']);
  });
});
