/** Plans, line groups, companies, users, super admins, sessions, audit, callback numbers. */
import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp, Numeric, Timestamp } from './columns.js';

export interface PlansTable {
  id: Generated<string>;
  code: string;
  name: string;
  max_customers: number;
  monthly_price: Numeric;
  is_active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type LineGroupType = 'bulk' | 'test' | 'auth';

export interface SmsLineGroupsTable {
  id: Generated<string>;
  name: string;
  type: LineGroupType;
  tables: string[];
  is_active: Generated<boolean>;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type CompanyStatus = 'trial' | 'active' | 'suspended' | 'terminated';

export interface CompaniesTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string | null;
  business_number: string | null;
  ceo_name: string | null;
  business_type: string | null;
  business_item: string | null;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  status: Generated<CompanyStatus>;
  plan_id: string | null;
  max_users: Generated<number>;
  session_timeout_minutes: Generated<number>;
  opt_out_080_number: string | null;
  send_start_hour: Generated<number>;
  send_end_hour: Generated<number>;
  price_sms: Numeric;
  price_lms: Numeric;
  price_mms: Numeric;
  price_kakao: Numeric;
  billing_type: Generated<'postpaid' | 'prepaid'>;
  balance: Numeric;
  sync_api_key: string | null;
  sync_secret_hash: string | null;
  use_db_sync: Generated<boolean>;
  sync_batch_limit: Generated<number>;
  line_group_id: string | null;
  store_codes: Generated<string[]>;
  enabled_filter_fields: Generated<string[]>;
  allow_callback_self_register: Generated<boolean>;
  duplicate_prevention_days: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  terminated_at: Timestamp | null;
}

export interface UsersTable {
  company_id: string;
  id: Generated<string>;
  login_id: string;
  password_hash: string;
  name: string;
  email: string | null;
  phone: string | null;
  user_type: Generated<'admin' | 'user'>;
  status: Generated<'active' | 'locked' | 'dormant'>;
  must_change_password: Generated<boolean>;
  store_codes: Generated<string[]>;
  line_group_id: string | null;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** Soft delete: the login id is renamed to free it, sessions end, the row stays for history. */
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SuperAdminsTable {
  id: Generated<string>;
  login_id: string;
  password_hash: string;
  name: string;
  phone: string;
  email: string | null;
  status: Generated<'active' | 'locked'>;
  must_change_password: Generated<boolean>;
  last_login_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type Surface = 'service' | 'company-admin' | 'super-admin';

export interface UserSessionsTable {
  id: Generated<string>;
  company_id: string | null;
  user_id: string | null;
  super_admin_id: string | null;
  surface: Surface;
  idle_timeout_minutes: number;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: 'logout' | 'replaced' | 'expired' | 'admin' | 'password_changed' | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogsTable {
  id: Generated<string>;
  company_id: string | null;
  actor_type: 'user' | 'super_admin' | 'system' | 'sync_agent' | 'anonymous';
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: ColumnType<unknown, string | undefined, string>;
  ip: string | null;
  created_at: GeneratedTimestamp;
}

/** Restricts a user to some of the company's callback numbers (no rows = unrestricted). */
export interface UserCallbackNumbersTable {
  company_id: string;
  user_id: string;
  callback_number_id: string;
  created_at: GeneratedTimestamp;
}

export interface CallbackNumbersTable {
  company_id: string;
  id: Generated<string>;
  number: string;
  label: string | null;
  is_default: Generated<boolean>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
