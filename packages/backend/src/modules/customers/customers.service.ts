import {
  CUSTOM_FIELD_KEYS,
  CUSTOMER_INPUT_COLUMNS,
  kstDate,
  normalizeCustomerRecord,
  phoneSearchDigits,
  PHONE_SEARCH_MIN_DIGITS,
  type CreateCustomerBody,
  type CustomerDetail,
  type CustomerDetailQuery,
  type CustomerList,
  type CustomerSummary,
  type ListCustomersQuery,
  type NormalizedCustomer,
  type UpdateCustomerBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { badRequest, conflict, notFound, validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { upsertCustomers } from './customer-writer.js';
import {
  clearCustomerColumns,
  deleteAllCustomerRows,
  deleteCustomerRows,
  findCompanyName,
  findCustomerIdByKey,
  findCustomerRow,
  findFieldLabels,
  listCustomerRows,
  listPurchaseRows,
  type CustomerFilter,
  type CustomerRow,
  type SortColumn,
} from './customers.repo.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (id: string) => UUID.test(id);

/** `YYYY-MM-DD` minus whole years/days, by calendar arithmetic (29 Feb → 28 Feb). No time zones. */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
export function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/**
 * A store-limited user (LESSONS 22) writes only customers of their stores: no store code → their
 * single store code (or refused when they have several); another store code → refused.
 */
export function applyStoreScope(scope: CompanyScope, c: NormalizedCustomer): { ok: true; value: NormalizedCustomer } | { ok: false; reason: string } {
  if (scope.storeCodes === null) return { ok: true, value: c };
  if (c.store_code === undefined) {
    const [only, ...rest] = scope.storeCodes;
    if (only !== undefined && rest.length === 0) return { ok: true, value: { ...c, store_code: only } };
    return { ok: false, reason: `매장코드가 없습니다. 담당 매장(${scope.storeCodes.join(', ')}) 중 하나를 지정해 주세요.` };
  }
  if (!scope.storeCodes.includes(c.store_code)) return { ok: false, reason: `담당하지 않는 매장코드입니다: ${c.store_code}` };
  return { ok: true, value: c };
}

const SORT_COLUMNS: Record<ListCustomersQuery['sort'], SortColumn> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  name: 'name',
  recentPurchaseDate: 'recent_purchase_date',
  totalPurchaseAmount: 'total_purchase_amount',
  purchaseCount: 'purchase_count',
};

function filterOf(query: ListCustomersQuery, today: string): CustomerFilter {
  const f: CustomerFilter = {
    gender: query.gender,
    grade: query.grade,
    region: query.region,
    storeCode: query.storeCode,
    smsOptIn: query.smsOptIn,
  };
  if (query.q) {
    const digits = phoneSearchDigits(query.q);
    if (digits === null) f.nameContains = query.q;
    else if (digits.length === PHONE_SEARCH_MIN_DIGITS) f.phoneSuffix = digits;
    else f.phoneDigits = digits;
  }
  if (query.ageBand) {
    const lower = Number(query.ageBand);
    f.bornOnOrBefore = yearsBefore(today, lower);
    if (lower < 60) f.bornAfter = yearsBefore(today, lower + 10);
  }
  if (query.recentPurchaseDays !== undefined) f.purchasedOnOrAfter = daysBefore(today, query.recentPurchaseDays);
  return f;
}

function summaryOf(r: CustomerRow): CustomerSummary {
  return {
    id: r.id,
    phone: r.phone,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    age: r.age,
    region: r.region,
    grade: r.grade,
    points: r.points,
    storeCode: r.store_code,
    storeName: r.store_name,
    smsOptIn: r.sms_opt_in,
    optedOut: r.opted_out,
    recentPurchaseDate: r.recent_purchase_date,
    totalPurchaseAmount: r.total_purchase_amount,
    purchaseCount: r.purchase_count,
    source: r.source,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listCustomers(deps: AppDeps, scope: CompanyScope, query: ListCustomersQuery): Promise<CustomerList> {
  const today = kstDate(deps.now());
  const { rows, total } = await listCustomerRows(deps.db, scope, filterOf(query, today), {
    sort: SORT_COLUMNS[query.sort],
    order: query.order,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
    today,
  });
  return { items: rows.map(summaryOf), total, page: query.page, pageSize: query.pageSize };
}

async function getCustomerRow(deps: AppDeps, scope: CompanyScope, id: string): Promise<CustomerRow> {
  const row = isUuid(id) ? await findCustomerRow(deps.db, scope, id, kstDate(deps.now())) : undefined;
  if (!row) throw notFound('고객');
  return row;
}

export async function getCustomer(deps: AppDeps, scope: CompanyScope, id: string, query: CustomerDetailQuery = { purchasesPage: 1, purchasesPageSize: 20 }): Promise<CustomerDetail> {
  const r = await getCustomerRow(deps, scope, id);
  const [labels, purchases] = await Promise.all([
    findFieldLabels(deps.db, scope.companyId),
    listPurchaseRows(deps.db, scope.companyId, r.id, query.purchasesPageSize, (query.purchasesPage - 1) * query.purchasesPageSize),
  ]);
  return {
    ...summaryOf(r),
    birthYear: r.birth_year,
    birthMonthDay: r.birth_month_day,
    email: r.email,
    address: r.address,
    storePhone: r.store_phone,
    registeredStore: r.registered_store,
    registrationType: r.registration_type,
    registeredAt: r.registered_at,
    recentPurchaseAmount: r.recent_purchase_amount,
    recentPurchaseStore: r.recent_purchase_store,
    customFields: CUSTOM_FIELD_KEYS.map((key) => ({ key, label: labels.get(key) ?? null, value: r[key] })).filter((f) => f.label !== null || f.value !== null),
    purchases: {
      items: purchases.rows.map((p) => ({
        id: p.id,
        purchaseDate: p.purchase_date,
        storeCode: p.store_code,
        storeName: p.store_name,
        productCode: p.product_code,
        productName: p.product_name,
        quantity: p.quantity,
        unitPrice: p.unit_price,
        totalAmount: p.total_amount,
      })),
      total: purchases.total,
      page: query.purchasesPage,
      pageSize: query.purchasesPageSize,
    },
  };
}

/** API fields → a raw record for the normaliser, and the columns the request clears (null). */
function rawOf(body: UpdateCustomerBody | CreateCustomerBody): { raw: Record<string, unknown>; cleared: string[] } {
  const raw: Record<string, unknown> = {};
  const cleared: string[] = [];
  for (const [field, column] of Object.entries(CUSTOMER_INPUT_COLUMNS)) {
    const v = body[field as keyof typeof CUSTOMER_INPUT_COLUMNS];
    if (v === null) cleared.push(column);
    else if (v !== undefined) raw[column] = v;
  }
  const custom: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(body.customFields ?? {})) {
    if (v === null) cleared.push(key);
    else if (v !== undefined) custom[key] = v;
  }
  if (Object.keys(custom).length > 0) raw.custom_fields = custom;
  if (body.smsOptIn !== undefined) raw.sms_opt_in = body.smsOptIn;
  return { raw, cleared };
}

/** Manual input must be readable as a whole: a value the normaliser would drop is a 400. */
function normalizeManual(raw: Record<string, unknown>, today: string): NormalizedCustomer {
  const n = normalizeCustomerRecord(raw, { today });
  if (!n.ok) throw validationFailed(n.reason);
  if (n.warnings.length > 0) throw validationFailed(`입력값을 확인해 주세요. (${n.warnings.join(', ')})`, { warnings: n.warnings });
  return n.value;
}

async function writeManual(deps: AppDeps, actor: Actor, companyId: string, customer: NormalizedCustomer): Promise<void> {
  const result = await upsertCustomers(deps, actor, companyId, [customer], { source: 'manual' });
  const [failure] = result.failed;
  if (failure) throw badRequest(failure.reason);
}

export async function createCustomer(deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateCustomerBody): Promise<CustomerDetail> {
  const today = kstDate(deps.now());
  const { raw } = rawOf(body);
  raw.phone = body.phone;
  if (body.storeCode) raw.store_code = body.storeCode;
  const scoped = applyStoreScope(scope, normalizeManual(raw, today));
  if (!scoped.ok) throw badRequest(scoped.reason);
  const customer = scoped.value;
  const key = [deps.db, scope.companyId, customer.store_code ?? null, customer.phone] as const;
  if ((await findCustomerIdByKey(...key)) !== undefined) {
    throw conflict('이미 등록된 고객입니다(같은 매장코드와 휴대폰 번호). 기존 고객을 수정해 주세요.');
  }
  await writeManual(deps, actor, scope.companyId, customer);
  const id = await findCustomerIdByKey(...key);
  if (id === undefined) throw notFound('고객');
  await recordAudit(deps.db, actor, { action: 'customer.created', companyId: scope.companyId, targetType: 'customer', targetId: id });
  return getCustomer(deps, scope, id);
}

/**
 * Manual edit: only the fields sent change (null clears). May change consent; `smsOptIn: false`
 * ("수신거부") also puts the phone on the opt-out list (source `customer`, via the writer).
 */
export async function updateCustomer(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, body: UpdateCustomerBody): Promise<CustomerDetail> {
  const existing = await getCustomerRow(deps, scope, id);
  const { raw, cleared } = rawOf(body);
  raw.phone = existing.phone;
  if (existing.store_code !== null) raw.store_code = existing.store_code;
  const customer = normalizeManual(raw, kstDate(deps.now()));
  await writeManual(deps, actor, scope.companyId, customer);
  await clearCustomerColumns(deps.db, scope.companyId, existing.id, cleared);
  const fields = [...Object.keys(raw).filter((k) => k !== 'phone' && k !== 'store_code'), ...cleared];
  await recordAudit(deps.db, actor, { action: 'customer.updated', companyId: scope.companyId, targetType: 'customer', targetId: existing.id, details: { fields } });
  return getCustomer(deps, scope, existing.id);
}

export async function deleteCustomer(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('고객');
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await deleteCustomerRows(trx, scope, [id]);
    if (deleted === 0) throw notFound('고객');
    await recordAudit(trx, actor, { action: 'customer.deleted', companyId: scope.companyId, targetType: 'customer', targetId: id, details: { count: 1 } });
  });
}

/** Deletes the listed customers the caller may see; ids of other companies/stores are skipped. */
export async function bulkDeleteCustomers(deps: AppDeps, scope: CompanyScope, actor: Actor, ids: readonly string[]): Promise<{ deleted: number }> {
  const valid = [...new Set(ids.filter(isUuid))];
  return deps.db.transaction().execute(async (trx) => {
    const deleted = await deleteCustomerRows(trx, scope, valid);
    await recordAudit(trx, actor, { action: 'customer.bulk_deleted', companyId: scope.companyId, details: { count: deleted, requested: ids.length } });
    return { deleted };
  });
}

/** Company admins only (route): every customer of the company, after the typed company name. */
export async function deleteAllCustomers(deps: AppDeps, scope: CompanyScope, actor: Actor, confirm: string): Promise<{ deleted: number }> {
  const name = await findCompanyName(deps.db, scope.companyId);
  if (name === undefined) throw notFound('고객사');
  if (confirm !== name) throw badRequest('확인 문구가 고객사 이름과 정확히 일치하지 않습니다.');
  return deps.db.transaction().execute(async (trx) => {
    const deleted = await deleteAllCustomerRows(trx, scope.companyId);
    await recordAudit(trx, actor, { action: 'customer.all_deleted', companyId: scope.companyId, details: { count: deleted } });
    return { deleted };
  });
}
