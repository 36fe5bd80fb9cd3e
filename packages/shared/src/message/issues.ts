import { codePointLabel, type ExtendedHangulChar, type UnencodableChar } from './analyze-text.js';
import type { MessageError, MessageType, MessageWarning } from './types.js';

/** Korean texts of builder errors and warnings, one place so every screen says the same thing. */
function charList(chars: ReadonlyArray<{ char: string; index: number }>): string {
  const shown = chars.slice(0, 10).map((c) => {
    const cp = c.char.codePointAt(0) ?? 0;
    return `'${c.char}'(${codePointLabel(cp)}, ${c.index + 1}번째)`;
  });
  return chars.length > 10 ? `${shown.join(', ')} 외 ${chars.length - 10}개` : shown.join(', ');
}

type Field = 'body' | 'subject';
const FIELD_LABEL: Record<Field, string> = { body: '본문', subject: '제목' };

export const messageIssues = {
  emptyBody: (): MessageError => ({ code: 'empty_body', message: '메시지 내용을 입력해 주세요.' }),
  tooLong: (type: MessageType, bytes: number, limit: number): MessageError => ({
    code: 'too_long',
    message:
      type === 'SMS'
        ? `SMS는 ${limit}바이트까지 보낼 수 있습니다(현재 ${bytes}바이트). LMS로 바꾸면 2,000바이트까지 보낼 수 있습니다.`
        : `${type}는 ${limit.toLocaleString('en-US')}바이트까지 보낼 수 있습니다(현재 ${bytes.toLocaleString('en-US')}바이트).`,
    details: { type, bytes, limit },
  }),
  subjectRequired: (type: MessageType): MessageError => ({
    code: 'subject_required',
    message: `${type}는 제목을 입력해야 합니다.`,
  }),
  subjectTooLong: (bytes: number, limit: number): MessageError => ({
    code: 'subject_too_long',
    message: `제목은 ${limit}바이트까지 입력할 수 있습니다(현재 ${bytes}바이트, 광고 표기 포함).`,
    details: { bytes, limit },
  }),
  subjectHasVariables: (names: string[]): MessageError => ({
    code: 'subject_has_variables',
    message: `제목에는 변수를 쓸 수 없습니다: ${names.map((n) => `%${n}%`).join(', ')}`,
    details: { names },
  }),
  unknownVariable: (names: string[]): MessageError => ({
    code: 'unknown_variable',
    message: `알 수 없는 변수입니다: ${names.map((n) => `%${n}%`).join(', ')}. 변수 목록에서 선택하거나 고객 DB 항목명을 확인해 주세요.`,
    details: { names },
  }),
  unencodable: (field: Field, chars: UnencodableChar[]): MessageError => ({
    code: 'unencodable_chars',
    message: `${FIELD_LABEL[field]}에 문자로 보낼 수 없는 글자가 있습니다(이모지·특수기호 등): ${charList(chars)}. 지우거나 다른 글자로 바꿔 주세요.`,
    details: { field, chars },
  }),
  adRequires080: (given: string | null): MessageError => ({
    code: 'ad_requires_080',
    message:
      given === null
        ? '광고 문자에는 080 무료수신거부 번호가 있어야 합니다. 고객사 관리자가 회사 설정의 ‘080 수신거부 번호’에 등록한 뒤 다시 시도해 주세요.'
        : `080 수신거부 번호(${given})가 올바르지 않습니다. 회사 설정의 ‘080 수신거부 번호’를 080으로 시작하는 10자리로 고쳐 주세요.`,
    details: { setting: 'company.optOut080Number', given },
  }),
  mmsImageRequired: (): MessageError => ({
    code: 'mms_image_required',
    message: 'MMS는 JPG 이미지를 1장 이상 첨부해야 합니다. 이미지가 없으면 LMS로 보내 주세요.',
  }),
  mmsTooManyImages: (count: number, max: number): MessageError => ({
    code: 'mms_too_many_images',
    message: `MMS 이미지는 ${max}장까지 첨부할 수 있습니다(현재 ${count}장).`,
    details: { count, max },
  }),
  mmsImageType: (slot: number, name: string): MessageError => ({
    code: 'mms_image_type',
    message: `${slot}번째 이미지(${name})는 JPG가 아닙니다. MMS 이미지는 JPG만 보낼 수 있습니다.`,
    details: { slot, name },
  }),
  mmsImageTooLarge: (slot: number, name: string, sizeBytes: number, max: number): MessageError => ({
    code: 'mms_image_too_large',
    message: `${slot}번째 이미지(${name})가 ${Math.ceil(sizeBytes / 1024)}KB입니다. 이미지 한 장은 ${max / 1024}KB 이하여야 합니다.`,
    details: { slot, name, sizeBytes, max },
  }),
  imagesNotAllowed: (type: MessageType): MessageError => ({
    code: 'images_not_allowed',
    message: `${type}에는 이미지를 첨부할 수 없습니다. 이미지를 보내려면 MMS를 선택해 주세요.`,
    details: { type },
  }),
};

export const messageWarnings = {
  extendedHangul: (field: Field, chars: ExtendedHangulChar[]): MessageWarning => ({
    code: 'extended_hangul',
    message: `${FIELD_LABEL[field]}에 일부 휴대폰·통신사에서 깨지거나 거부될 수 있는 확장 한글이 있습니다: ${charList(chars)}.`,
    details: { field, chars },
  }),
  fitsSms: (smsBytes: number): MessageWarning => ({
    code: 'fits_sms',
    message: `이 내용은 SMS(90바이트 이하, ${smsBytes}바이트)로 보낼 수 있습니다. SMS가 더 저렴합니다.`,
    details: { smsBytes },
  }),
  variablesNotApplied: (names: string[]): MessageWarning => ({
    code: 'variables_not_applied',
    message: '변수에 실제 값을 넣지 않은 상태의 글자 수입니다. 발송 대상의 가장 긴 값으로 다시 확인합니다.',
    details: { names },
  }),
  subjectIgnored: (): MessageWarning => ({ code: 'subject_ignored', message: 'SMS에는 제목이 없어 제목은 보내지 않습니다.' }),
  adMarkerWithoutAd: (): MessageWarning => ({
    code: 'ad_marker_without_ad',
    message: '본문이 (광고)로 시작합니다. 광고 문자라면 ‘광고’를 선택해야 수신거부 문구가 붙습니다.',
  }),
  optOutNumberReplaced: (written: string, configured: string): MessageWarning => ({
    code: 'opt_out_number_replaced',
    message: `본문의 수신거부 번호(${written})를 회사에 등록된 번호(${configured})로 바꿨습니다.`,
    details: { written, configured },
  }),
};
