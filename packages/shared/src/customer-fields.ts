import { CUSTOM_FIELD_KEYS } from './normalize/customer.js';
import { lookupKey } from './normalize/result.js';

/**
 * The customer (and purchase) field catalog: the one dictionary behind upload column mapping,
 * the sync agent's `/field-map` and the alias answer of `/ai-mapping`. `fieldKey` is the column
 * name in `customers` / `purchases` (custom fields live in `custom_1..15`).
 */
export type FieldCategory = 'basic' | 'contact' | 'store' | 'purchase' | 'marketing' | 'custom';
export type FieldDataType = 'string' | 'number' | 'date' | 'boolean';

export interface FieldDefinition {
  fieldKey: string;
  category: FieldCategory;
  displayName: string;
  aliases: readonly string[];
  dataType: FieldDataType;
  storageType: 'column' | 'custom_fields';
  columnName: string;
  /** The shared normaliser applied to this field (`normalize/`), or null for plain text. */
  normalizeFunction: string | null;
  sortOrder: number;
}

export const FIELD_CATEGORY_LABELS: Record<FieldCategory, string> = {
  basic: '기본 정보',
  contact: '연락처·주소',
  store: '매장',
  purchase: '구매',
  marketing: '마케팅',
  custom: '사용자 정의',
};

/** Bumped whenever the catalog changes (agents cache `/field-map` by it). */
export const FIELD_MAP_VERSION = '2026.11.29';

type Def = [fieldKey: string, category: FieldCategory, displayName: string, dataType: FieldDataType, normalize: string | null, aliases: string[]];

const CUSTOMER_DEFS: Def[] = [
  ['phone', 'basic', '휴대폰번호', 'string', 'normalizeMobile', ['휴대폰', '휴대폰번호', '핸드폰', '핸드폰번호', '휴대전화', '휴대전화번호', '연락처', '전화번호', '전화', '모바일', '고객연락처', '고객전화번호', 'hp', 'mobile', 'mobileno', 'phone', 'phoneno', 'phonenumber', 'cellphone', 'cell', 'tel', 'telno', 'hpno']],
  ['name', 'basic', '이름', 'string', null, ['이름', '성명', '고객명', '회원명', '고객이름', '회원이름', 'name', 'customername', 'custname', 'membername', 'username']],
  ['gender', 'basic', '성별', 'string', 'normalizeGender', ['성별', '성', 'gender', 'sex']],
  ['birth_date', 'basic', '생년월일', 'date', 'normalizeBirth', ['생년월일', '생일', '출생일', 'birth', 'birthday', 'birthdate', 'dob', 'dateofbirth']],
  ['birth_year', 'basic', '출생연도', 'number', null, ['출생연도', '출생년도', '생년', 'birthyear']],
  ['birth_month_day', 'basic', '생일(월-일)', 'string', 'normalizeBirth', ['생일월일', '월일', 'birthmonthday']],
  ['age', 'basic', '나이', 'number', null, ['나이', '연령', 'age']],
  ['email', 'contact', '이메일', 'string', null, ['이메일', '이메일주소', '메일', 'email', 'emailaddress', 'mail']],
  ['address', 'contact', '주소', 'string', null, ['주소', '집주소', '거주지', 'address', 'addr']],
  ['region', 'contact', '지역', 'string', 'normalizeRegion', ['지역', '시도', '시/도', '거주지역', '지역명', 'region', 'province', 'area', 'sido']],
  ['grade', 'marketing', '등급', 'string', 'normalizeGrade', ['등급', '회원등급', '고객등급', '멤버십등급', '멤버십', 'grade', 'level', 'tier', 'membership', 'memberlevel']],
  ['points', 'marketing', '포인트', 'number', 'normalizeAmount', ['포인트', '적립금', '잔여포인트', '보유포인트', 'point', 'points', 'mileage']],
  ['sms_opt_in', 'marketing', '수신동의', 'boolean', 'normalizeConsent', ['수신동의', '수신동의여부', 'sms수신', 'sms수신동의', '문자수신', '문자수신동의', '마케팅동의', '마케팅수신동의', '광고수신동의', 'smsoptin', 'smsyn', 'smsagree', 'optin', 'marketingagree']],
  ['store_code', 'store', '매장코드', 'string', null, ['매장코드', '지점코드', '점포코드', '브랜드코드', 'storecode', 'storecd', 'shopcode', 'branchcode']],
  ['store_name', 'store', '매장명', 'string', null, ['매장명', '매장', '지점명', '지점', '점포명', '브랜드', 'storename', 'store', 'shopname', 'branchname']],
  ['store_phone', 'store', '매장전화번호', 'string', null, ['매장전화번호', '매장전화', '매장연락처', '지점전화번호', 'storephone', 'storetel']],
  ['registered_store', 'store', '가입매장', 'string', null, ['가입매장', '가입지점', '등록매장', 'registeredstore', 'joinstore']],
  ['registration_type', 'store', '가입유형', 'string', null, ['가입유형', '가입경로', '가입구분', '등록유형', 'registrationtype', 'jointype', 'joinpath']],
  ['registered_at', 'store', '가입일', 'date', 'normalizeDate', ['가입일', '가입일자', '등록일', '등록일자', '회원가입일', 'registeredat', 'regdate', 'joindate', 'joinedat', 'createdat']],
  ['recent_purchase_date', 'purchase', '최근구매일', 'date', 'normalizeDate', ['최근구매일', '최근구매일자', '최종구매일', '마지막구매일', 'recentpurchasedate', 'lastpurchasedate', 'lastorderdate']],
  ['recent_purchase_amount', 'purchase', '최근구매금액', 'number', 'normalizeAmount', ['최근구매금액', '최종구매금액', 'recentpurchaseamount', 'lastpurchaseamount']],
  ['recent_purchase_store', 'purchase', '최근구매매장', 'string', null, ['최근구매매장', '최종구매매장', 'recentpurchasestore', 'lastpurchasestore']],
  ['total_purchase_amount', 'purchase', '총구매금액', 'number', 'normalizeAmount', ['총구매금액', '누적구매금액', '구매총액', '총구매액', '누적금액', 'totalpurchaseamount', 'totalamount', 'totalsales']],
  ['purchase_count', 'purchase', '구매횟수', 'number', 'normalizeAmount', ['구매횟수', '구매건수', '총구매횟수', '누적구매횟수', 'purchasecount', 'ordercount', 'buycount']],
];

const PURCHASE_DEFS: Def[] = [
  ['customer_phone', 'basic', '휴대폰번호', 'string', 'normalizeMobile', ['휴대폰', '휴대폰번호', '핸드폰', '핸드폰번호', '휴대전화', '연락처', '전화번호', '고객연락처', 'hp', 'mobile', 'phone', 'tel', 'customerphone']],
  ['purchase_date', 'purchase', '구매일', 'date', 'normalizeDate', ['구매일', '구매일자', '구매일시', '판매일', '판매일자', '주문일', '주문일자', '거래일', '거래일자', 'purchasedate', 'orderdate', 'saledate', 'salesdate']],
  ['total_amount', 'purchase', '구매금액', 'number', 'normalizeAmount', ['구매금액', '결제금액', '판매금액', '주문금액', '금액', '합계', '합계금액', 'totalamount', 'amount', 'total', 'price', 'saleamount']],
  ['store_code', 'store', '매장코드', 'string', null, ['매장코드', '지점코드', '점포코드', 'storecode', 'shopcode', 'branchcode']],
  ['store_name', 'store', '매장명', 'string', null, ['매장명', '매장', '지점명', '점포명', 'storename', 'store', 'shopname']],
  ['product_code', 'purchase', '상품코드', 'string', null, ['상품코드', '제품코드', '품목코드', '품번', 'productcode', 'itemcode', 'sku', 'goodscode']],
  ['product_name', 'purchase', '상품명', 'string', null, ['상품명', '제품명', '품목명', '품명', 'productname', 'itemname', 'goodsname', 'product', 'item']],
  ['quantity', 'purchase', '수량', 'number', 'normalizeAmount', ['수량', '구매수량', '판매수량', 'quantity', 'qty', 'count']],
  ['unit_price', 'purchase', '단가', 'number', 'normalizeAmount', ['단가', '판매단가', '개당가격', 'unitprice', 'unitcost']],
];

function build(defs: Def[]): FieldDefinition[] {
  return defs.map(([fieldKey, category, displayName, dataType, normalizeFunction, aliases], i) => ({
    fieldKey,
    category,
    displayName,
    aliases,
    dataType,
    storageType: 'column',
    columnName: fieldKey,
    normalizeFunction,
    sortOrder: (i + 1) * 10,
  }));
}

/** Standard customer fields followed by custom_1..15 (labels per company in customer_field_labels). */
export const CUSTOMER_FIELDS: readonly FieldDefinition[] = [
  ...build(CUSTOMER_DEFS),
  ...CUSTOM_FIELD_KEYS.map((key, i) => ({
    fieldKey: key,
    category: 'custom' as const,
    displayName: `사용자 정의 ${i + 1}`,
    aliases: [key, `custom${i + 1}`, `사용자정의${i + 1}`, `추가항목${i + 1}`],
    dataType: 'string' as const,
    storageType: 'custom_fields' as const,
    columnName: key,
    normalizeFunction: null,
    sortOrder: 1000 + (i + 1) * 10,
  })),
];

export const PURCHASE_FIELDS: readonly FieldDefinition[] = build(PURCHASE_DEFS);

export type MappingTarget = 'customers' | 'purchases';

function aliasIndex(fields: readonly FieldDefinition[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const f of fields) {
    for (const name of [f.fieldKey, f.displayName, ...f.aliases]) {
      const key = lookupKey(name);
      if (!index.has(key)) index.set(key, f.fieldKey);
    }
  }
  return index;
}
const INDEX: Record<MappingTarget, Map<string, string>> = {
  customers: aliasIndex(CUSTOMER_FIELDS),
  purchases: aliasIndex(PURCHASE_FIELDS),
};

/**
 * Column names → field keys from the alias dictionary, ignoring case, spaces, underscores, hyphens
 * and dots (`Phone_No`, `휴대폰 번호`, `HP` all → phone). A field is given to the first column that
 * matches it; later columns matching the same field and unknown columns map to null.
 */
export function suggestMapping(columns: readonly string[], target: MappingTarget = 'customers'): Record<string, string | null> {
  const index = INDEX[target];
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const column of columns) {
    const field = index.get(lookupKey(column)) ?? null;
    mapping[column] = field !== null && !taken.has(field) ? field : null;
    if (field !== null) taken.add(field);
  }
  return mapping;
}
