import type { Company, CompanySummary, UpdateCompanyBody } from '@hanjullo/shared';
import type { CompaniesTable } from '../../db/schema.js';
import type { CompanyDetailRow, CompanyRow } from './companies.repo.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function toCompany(row: CompanyDetailRow): Company {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    businessNumber: row.business_number,
    ceoName: row.ceo_name,
    businessType: row.business_type,
    businessItem: row.business_item,
    address: row.address,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    status: row.status,
    planId: row.plan_id,
    plan:
      row.plan_id && row.plan_code !== null
        ? {
            id: row.plan_id,
            code: row.plan_code,
            name: row.plan_name ?? '',
            maxCustomers: row.plan_max_customers ?? 0,
            isActive: row.plan_is_active ?? false,
          }
        : null,
    maxUsers: row.max_users,
    userCount: Number(row.user_count),
    sessionTimeoutMinutes: row.session_timeout_minutes,
    optOut080Number: row.opt_out_080_number,
    sendStartHour: row.send_start_hour,
    sendEndHour: row.send_end_hour,
    priceSms: row.price_sms,
    priceLms: row.price_lms,
    priceMms: row.price_mms,
    priceKakao: row.price_kakao,
    billingType: row.billing_type,
    balance: row.balance,
    syncApiKey: row.sync_api_key,
    useDbSync: row.use_db_sync,
    syncBatchLimit: row.sync_batch_limit,
    lineGroupId: row.line_group_id,
    storeCodes: row.store_codes,
    enabledFilterFields: row.enabled_filter_fields,
    allowCallbackSelfRegister: row.allow_callback_self_register,
    duplicatePreventionDays: row.duplicate_prevention_days,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    terminatedAt: row.terminated_at ? iso(row.terminated_at) : null,
  };
}

export function toCompanySummary(row: CompanyDetailRow): CompanySummary {
  const c = toCompany(row);
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    status: c.status,
    plan: c.plan,
    maxUsers: c.maxUsers,
    userCount: c.userCount,
    billingType: c.billingType,
    balance: c.balance,
    createdAt: c.createdAt,
    terminatedAt: c.terminatedAt,
  };
}

export type CompanyField = keyof UpdateCompanyBody;
type Column = keyof CompaniesTable & keyof CompanyRow;

/** API field → column. The one place the camelCase body meets the table. */
export const FIELD_COLUMNS = {
  code: 'code',
  name: 'name',
  nameEn: 'name_en',
  businessNumber: 'business_number',
  ceoName: 'ceo_name',
  businessType: 'business_type',
  businessItem: 'business_item',
  address: 'address',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  contactEmail: 'contact_email',
  status: 'status',
  planId: 'plan_id',
  maxUsers: 'max_users',
  sessionTimeoutMinutes: 'session_timeout_minutes',
  optOut080Number: 'opt_out_080_number',
  sendStartHour: 'send_start_hour',
  sendEndHour: 'send_end_hour',
  priceSms: 'price_sms',
  priceLms: 'price_lms',
  priceMms: 'price_mms',
  priceKakao: 'price_kakao',
  billingType: 'billing_type',
  useDbSync: 'use_db_sync',
  syncBatchLimit: 'sync_batch_limit',
  lineGroupId: 'line_group_id',
  storeCodes: 'store_codes',
  enabledFilterFields: 'enabled_filter_fields',
  allowCallbackSelfRegister: 'allow_callback_self_register',
  duplicatePreventionDays: 'duplicate_prevention_days',
} as const satisfies Record<CompanyField, Column>;

const MONEY_FIELDS = new Set<CompanyField>(['priceSms', 'priceLms', 'priceMms', 'priceKakao']);

/** Money compares by value ("10" equals "10.00"); arrays by content. */
function sameValue(field: CompanyField, before: unknown, after: unknown): boolean {
  if (MONEY_FIELDS.has(field) && before !== null && after !== null) return Number(before) === Number(after);
  return JSON.stringify(before) === JSON.stringify(after);
}

export interface FieldChange {
  field: CompanyField;
  before: unknown;
  after: unknown;
}

/** The fields of the body whose value differs from the row (fields not sent are not changes). */
export function diffCompany(row: CompanyRow, body: UpdateCompanyBody): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(FIELD_COLUMNS) as CompanyField[]) {
    const after = body[field];
    if (after === undefined) continue;
    const before = row[FIELD_COLUMNS[field]];
    if (!sameValue(field, before, after)) changes.push({ field, before, after });
  }
  return changes;
}

/**
 * Audit actions by kind of change, so commercial changes are searchable on their own:
 * prices, billing type, status and plan get their own action; the rest is `company.update`.
 * (The balance is not changed here: it moves only through the billing ledger.)
 */
const ACTION_OF: Partial<Record<CompanyField, string>> = {
  priceSms: 'company.prices_changed',
  priceLms: 'company.prices_changed',
  priceMms: 'company.prices_changed',
  priceKakao: 'company.prices_changed',
  billingType: 'company.billing_changed',
  status: 'company.status_changed',
  planId: 'company.plan_changed',
};

export function groupChangesByAction(changes: FieldChange[]): Map<string, { before: Record<string, unknown>; after: Record<string, unknown> }> {
  const groups = new Map<string, { before: Record<string, unknown>; after: Record<string, unknown> }>();
  for (const change of changes) {
    const action = ACTION_OF[change.field] ?? 'company.update';
    const group = groups.get(action) ?? { before: {}, after: {} };
    group.before[change.field] = change.before;
    group.after[change.field] = change.after;
    groups.set(action, group);
  }
  return groups;
}
