import { describe, expect, it } from 'vitest';
import { buildMessage, compileMessage, type BuildMessageBase } from './build-message.js';
import { buildMergeCatalog } from './merge-fields.js';
import { mulberry32 } from '../random.js';
import type { MergeValues, MessageType } from './types.js';

/**
 * `compileMessage` must be `buildMessage` for every recipient, byte for byte and issue for issue:
 * seeded random messages × random recipient values, compared on the whole result.
 */
const catalog = buildMergeCatalog([{ column: 'custom_1', label: '사용자 정의 1' }]);
const BODIES = [
  '%이름%님 봄 세일 20%',
  '%이름|고객%님, %최근구매일% 구매 감사합니다. 포인트 %포인트%점',
  '(광고) %이름%님 50% 할인, 추가 10% 적립\r\n무료거부 080-111-2222',
  '안내 %없는변수% 와 %이름%',
  '%사용자정의1% 회원님 %이름%%이름%',
  '',
  '   ',
  '매장 %매장명%\n\n',
];
const VALUE_PIECES = ['김민수', '', '  ', 'Kim', '12345', '0101234', '20250105', '2025.1.5', '✈', '똠방', '\r\n줄', '무료거부 0801234567', '%이름%', '아주 긴 이름을 가진 고객님께서 오셨습니다 정말로 길어요'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function randomValues(rand: () => number): MergeValues {
  const values: Record<string, string | number | null> = {};
  for (const key of ['이름', '포인트', '최근구매일', '매장명', '사용자 정의 1', '사용자정의1', '없는변수']) {
    const r = rand();
    if (r < 0.15) continue;
    if (r < 0.25) values[key] = null;
    else if (r < 0.35) values[key] = Math.floor(rand() * 1e7);
    else values[key] = pick(rand, VALUE_PIECES) + (rand() < 0.3 ? pick(rand, VALUE_PIECES) : '');
  }
  return values;
}

describe('compileMessage', () => {
  it('equals buildMessage on 3,000 random message × recipient pairs', () => {
    const rand = mulberry32(20261129);
    let compared = 0;
    for (let m = 0; m < 150; m += 1) {
      const type = pick<MessageType>(rand, ['SMS', 'LMS', 'MMS']);
      const base: BuildMessageBase = {
        type,
        subject: pick(rand, [null, '', '봄 세일', '(광고) 봄', '제목 %이름%', '✈ 제목']),
        body: pick(rand, BODIES) + (rand() < 0.2 ? '가'.repeat(Math.floor(rand() * 60)) : ''),
        isAd: rand() < 0.6,
        optOut080: pick(rand, [null, '0807196700', '080-719-6700', '0212345678']),
        images: type === 'MMS' && rand() < 0.8 ? [{ name: 'a.jpg', sizeBytes: 1000, mime: 'image/jpeg' }] : [],
        catalog,
      };
      const render = compileMessage(base);
      for (let r = 0; r < 20; r += 1) {
        const values = randomValues(rand);
        expect(render(values)).toEqual(buildMessage({ ...base, values }));
        compared += 1;
      }
    }
    expect(compared).toBe(3_000);
  });

  it('gives each call its own arrays (a caller may change one result without touching the next)', () => {
    const render = compileMessage({ type: 'SMS', body: '%이름%님', isAd: false, catalog });
    const a = render({ 이름: '가' });
    a.errors.push({ code: 'x', message: 'x' } as never);
    a.variables.push('x');
    const b = render({ 이름: '나' });
    expect(b.errors).toEqual([]);
    expect(b.variables).toEqual(['이름']);
    expect(b.body).toBe('나님');
  });
});
