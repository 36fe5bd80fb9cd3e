/**
 * Deterministic demo customers: realistic Korean names, regions, grades and purchases from a fixed
 * seed, so every fresh `pnpm start` shows the same data. Phones are in 010-9000-0000..9999, a range
 * the demo reserves (the simulator delivers them as ordinary successes).
 */

import { mulberry32 } from '@hanjullo/shared';


const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const FEMALE = ['서연', '지우', '하은', '민서', '수아', '지민', '예은', '유진', '채원', '다은', '지현', '수빈', '은지', '혜진', '미경', '영희', '정숙', '소영', '나연', '가은'];
const MALE = ['민준', '서준', '도윤', '예준', '시우', '하준', '주원', '지호', '준서', '건우', '현우', '우진', '성민', '동현', '재훈', '영수', '정호', '상철', '태윤', '승현'];
const REGIONS: Array<[string, number]> = [
  ['서울', 30], ['경기', 26], ['인천', 6], ['부산', 7], ['대구', 5], ['광주', 3], ['대전', 3], ['울산', 2],
  ['세종', 1], ['강원', 3], ['충북', 3], ['충남', 4], ['전북', 3], ['전남', 3], ['경북', 4], ['경남', 6], ['제주', 1],
];
const GRADES: Array<[string, number]> = [['VIP', 8], ['골드', 17], ['실버', 30], ['일반', 45]];
export const DEMO_STORES = [
  { code: 'GN01', name: '강남점', phone: '0234561001' },
  { code: 'HD02', name: '홍대점', phone: '0234561002' },
  { code: 'PG03', name: '판교점', phone: '0317891003' },
  { code: 'HU04', name: '해운대점', phone: '0517891004' },
] as const;
const PRODUCTS = [
  ['P100', '봄 니트 가디건', 59000], ['P101', '린넨 셔츠', 45000], ['P102', '데님 팬츠', 69000],
  ['P103', '트렌치 코트', 189000], ['P104', '가죽 스니커즈', 129000], ['P105', '캔버스 토트백', 39000],
  ['P106', '실크 스카프', 49000], ['P107', '울 슬랙스', 79000], ['P108', '경량 패딩', 149000],
  ['P109', '스트라이프 티셔츠', 29000],
] as const;

function weighted<T>(rand: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return items[items.length - 1]![0];
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A plain date `YYYY-MM-DD` `daysAgo` days before `today` (both plain dates, no time zones). */
export function plainDateMinusDays(today: string, daysAgo: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d) - daysAgo * 86_400_000;
  const dt = new Date(t);
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

export interface DemoPurchase {
  purchase_date: string;
  store_code: string;
  store_name: string;
  product_code: string;
  product_name: string;
  quantity: number;
  unit_price: number;
  total_amount: number;
}

export interface DemoCustomer {
  phone: string;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  birth_year: number;
  birth_month_day: string;
  email: string | null;
  region: string;
  address: string;
  grade: string;
  points: number;
  store_code: string;
  store_name: string;
  store_phone: string;
  registered_at: string;
  sms_opt_in: boolean;
  custom_1: string | null;
  purchases: DemoPurchase[];
}

export function generateDemoCustomers(count: number, today: string, seed = 20261129): DemoCustomer[] {
  const rand = mulberry32(seed);
  const out: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const gender = rand() < 0.56 ? 'F' : 'M';
    const name = pick(rand, SURNAMES) + pick(rand, gender === 'F' ? FEMALE : MALE);
    const age = 19 + Math.floor(rand() * rand() * 55) + Math.floor(rand() * 8);
    const birthYear = Number(today.slice(0, 4)) - age;
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const store = pick(rand, DEMO_STORES);
    const region = weighted(rand, REGIONS);
    const purchases: DemoPurchase[] = [];
    const purchaseCount = Math.floor(rand() * rand() * 9);
    for (let p = 0; p < purchaseCount; p++) {
      const [code, pname, price] = pick(rand, PRODUCTS);
      const quantity = rand() < 0.85 ? 1 : 2;
      purchases.push({
        purchase_date: plainDateMinusDays(today, Math.floor(rand() * 540)),
        store_code: store.code,
        store_name: store.name,
        product_code: code,
        product_name: pname,
        quantity,
        unit_price: price,
        total_amount: price * quantity,
      });
    }
    out.push({
      phone: `0109000${pad(i, 4)}`,
      name,
      gender,
      birth_date: `${birthYear}-${pad(month)}-${pad(day)}`,
      birth_year: birthYear,
      birth_month_day: `${pad(month)}-${pad(day)}`,
      email: rand() < 0.6 ? `demo${pad(i, 4)}@example.com` : null,
      region,
      address: `${region} 데모구 샘플로 ${1 + Math.floor(rand() * 300)}`,
      grade: weighted(rand, GRADES),
      points: Math.floor(rand() * 500) * 100,
      store_code: store.code,
      store_name: store.name,
      store_phone: store.phone,
      registered_at: plainDateMinusDays(today, 30 + Math.floor(rand() * 1500)),
      sms_opt_in: rand() >= 0.08,
      custom_1: rand() < 0.3 ? pick(rand, ['온라인', '매장', '앱']) : null,
      purchases,
    });
  }
  return out;
}
