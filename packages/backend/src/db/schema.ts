import type { ColumnType, Generated } from 'kysely';

/**
 * Hand-written table interfaces, kept next to the migrations (see migrations/). Numeric and
 * bigint columns come back as strings; `date` columns as `YYYY-MM-DD` strings.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (`now()`): optional on insert. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string | number | undefined, string | number>;
type PlainDate = ColumnType<string, string, string>;

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

type CustomFields = {
  [K in `custom_${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`]: string | null;
};

export type RecordSource = 'upload' | 'sync' | 'manual' | 'seed';

export interface CustomersTable extends CustomFields {
  company_id: string;
  id: Generated<string>;
  phone: string;
  name: string | null;
  gender: 'M' | 'F' | null;
  birth_date: PlainDate | null;
  birth_year: number | null;
  birth_month_day: string | null;
  email: string | null;
  address: string | null;
  region: string | null;
  grade: string | null;
  points: number | null;
  store_code: string | null;
  store_name: string | null;
  store_phone: string | null;
  registered_store: string | null;
  registration_type: string | null;
  registered_at: PlainDate | null;
  recent_purchase_date: PlainDate | null;
  recent_purchase_amount: Numeric | null;
  recent_purchase_store: string | null;
  total_purchase_amount: Numeric;
  purchase_count: Generated<number>;
  sms_opt_in: Generated<boolean>;
  source: Generated<RecordSource>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CustomerFieldLabelsTable {
  company_id: string;
  field_key: string;
  label: string;
  field_type: Generated<'string' | 'number' | 'date' | 'boolean'>;
  updated_at: GeneratedTimestamp;
}

export interface PurchasesTable {
  company_id: string;
  id: Generated<string>;
  customer_id: string | null;
  customer_phone: string;
  purchase_date: PlainDate;
  store_code: string | null;
  store_name: string | null;
  product_code: string | null;
  product_name: string | null;
  quantity: Generated<number>;
  unit_price: Numeric | null;
  total_amount: Numeric;
  natural_key: string;
  source: Generated<RecordSource>;
  created_at: GeneratedTimestamp;
}

export type OptOutSource = '080' | 'manual' | 'upload' | 'sync' | 'customer';

export interface OptOutsTable {
  company_id: string;
  phone: string;
  source: OptOutSource;
  store_code: string | null;
  note: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface Database {
  plans: PlansTable;
  sms_line_groups: SmsLineGroupsTable;
  companies: CompaniesTable;
  users: UsersTable;
  super_admins: SuperAdminsTable;
  user_sessions: UserSessionsTable;
  audit_logs: AuditLogsTable;
  callback_numbers: CallbackNumbersTable;
  user_callback_numbers: UserCallbackNumbersTable;
  customers: CustomersTable;
  customer_field_labels: CustomerFieldLabelsTable;
  purchases: PurchasesTable;
  opt_outs: OptOutsTable;
  sync_agents: SyncAgentsTable;
  sync_logs: SyncLogsTable;
  sync_commands: SyncCommandsTable;
  sync_releases: SyncReleasesTable;
  upload_jobs: UploadJobsTable;
  deposit_requests: DepositRequestsTable;
  balance_transactions: BalanceTransactionsTable;
}

type Json = ColumnType<unknown, string | undefined, string>;
type BigCount = ColumnType<string, string | number | undefined, string | number>;

export interface SyncAgentsTable {
  company_id: string;
  id: Generated<string>;
  agent_name: string;
  agent_version: string | null;
  os_info: string | null;
  db_type: string | null;
  status: Generated<'active' | 'paused' | 'inactive' | 'error'>;
  last_heartbeat_at: Timestamp | null;
  last_sync_at: Timestamp | null;
  total_customers_synced: BigCount;
  total_purchases_synced: BigCount;
  reported_customers_synced: BigCount | null;
  queued_items: Generated<number>;
  uptime: BigCount;
  sync_interval_customers: Generated<number>;
  sync_interval_purchases: Generated<number>;
  heartbeat_interval: Generated<number>;
  mapping: Json;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SyncLogsTable {
  company_id: string;
  id: Generated<string>;
  agent_id: string | null;
  source: 'batch' | 'agent_log';
  sync_type: 'customers' | 'purchases';
  sync_mode: string | null;
  batch_index: number | null;
  total_batches: number | null;
  total_count: Generated<number>;
  success_count: Generated<number>;
  fail_count: Generated<number>;
  failures: Json;
  duration_ms: number | null;
  error_message: string | null;
  started_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface SyncCommandsTable {
  company_id: string;
  id: Generated<string>;
  agent_id: string;
  type: 'full_sync' | 'restart' | 'update_config' | 'pause' | 'resume';
  payload: ColumnType<unknown, string | null | undefined, string | null>;
  issued_by: string | null;
  issued_at: GeneratedTimestamp;
  delivered_at: Timestamp | null;
  delivery_count: Generated<number>;
  acknowledged_at: Timestamp | null;
}

export interface SyncReleasesTable {
  version: string;
  download_url: string;
  checksum: string;
  release_notes: string | null;
  force_update: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export type UploadJobStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed' | 'expired';

export interface UploadJobsTable {
  company_id: string;
  id: Generated<string>;
  created_by: string | null;
  original_name: string;
  stored_name: string;
  file_type: 'csv' | 'xlsx' | 'xls';
  size_bytes: BigCount;
  encoding: 'utf-8' | 'cp949' | null;
  sheet_name: string | null;
  headers: Json;
  total_rows: number;
  status: Generated<UploadJobStatus>;
  mapping: ColumnType<unknown, string | null | undefined, string | null>;
  consent: 'all_consented' | 'all_refused' | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error_message: string | null;
  created_at: GeneratedTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  file_deleted_at: Timestamp | null;
}

export type LedgerKind = 'reserve' | 'capture' | 'release' | 'deposit' | 'adjust';

/** One movement of money; `delta` is its signed effect on companies.balance (see the migration). */
export interface BalanceTransactionsTable {
  company_id: string;
  id: Generated<string>;
  kind: LedgerKind;
  amount: Numeric;
  delta: Numeric;
  balance_after: Numeric | null;
  run_id: string | null;
  deposit_request_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export type DepositRequestStatus = 'pending' | 'approved' | 'rejected';

export interface DepositRequestsTable {
  company_id: string;
  id: Generated<string>;
  amount: Numeric;
  depositor_name: string;
  expected_date: PlainDate;
  memo: string | null;
  status: Generated<DepositRequestStatus>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  reject_reason: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export type CampaignStatus =
  | 'draft' | 'scheduled' | 'dispatching' | 'sending' | 'completed' | 'partially_failed' | 'failed' | 'cancelled';
export type RunStatus = Exclude<CampaignStatus, 'draft'>;
export type MessageKind = 'SMS' | 'LMS' | 'MMS';

export interface CampaignsTable {
  company_id: string;
  id: Generated<string>;
  kind: Generated<'target' | 'direct'>;
  name: string;
  target_filter: ColumnType<unknown, string | null | undefined, string | null>;
  direct_recipients: ColumnType<unknown, string | null | undefined, string | null>;
  msg_type: MessageKind;
  subject: string | null;
  /** Pure body: the ad wrap is applied only by the message builder. */
  body: string;
  is_ad: Generated<boolean>;
  callback_mode: 'fixed' | 'individual';
  callback_number: string | null;
  mms_images: ColumnType<unknown, string | undefined, string>;
  excluded_phones: Generated<string[]>;
  scheduled_at: Timestamp | null;
  split_per_minute: number | null;
  status: Generated<CampaignStatus>;
  store_codes: string[] | null;
  created_by: string | null;
  cancel_reason: string | null;
  cancelled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CampaignRunsTable {
  company_id: string;
  id: Generated<string>;
  campaign_id: string;
  kind: 'send' | 'test';
  status: RunStatus;
  tables: Generated<string[]>;
  msg_type: MessageKind;
  unit_price: Numeric;
  billing_type: Generated<'postpaid' | 'prepaid'>;
  is_ad: Generated<boolean>;
  matched: Generated<number>;
  excluded_opt_out: Generated<number>;
  excluded_no_consent: Generated<number>;
  excluded_duplicate: Generated<number>;
  excluded_callback: Generated<number>;
  excluded_frequency: Generated<number>;
  total: Generated<number>;
  queued: Generated<number>;
  success: Generated<number>;
  failed: Generated<number>;
  pending: Generated<number>;
  cancelled: Generated<number>;
  not_cancellable: Generated<number>;
  render_failed: Generated<number>;
  batch_size: Generated<number>;
  batches_per_minute: number | null;
  total_batches: Generated<number>;
  next_batch: Generated<number>;
  paused_until: Timestamp | null;
  split_base_at: Timestamp | null;
  split_base_batch: Generated<number>;
  frozen: Generated<boolean>;
  reserved_at: Timestamp | null;
  idempotency_key: string | null;
  failure_reason: string | null;
  result_summary: ColumnType<unknown, string | null | undefined, string | null>;
  test_sample: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  scheduled_at: Timestamp | null;
  dispatch_started_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  completed_at: Timestamp | null;
  settled_at: Timestamp | null;
  updated_at: GeneratedTimestamp;
}

export interface RunRecipientsTable {
  company_id: string;
  run_id: string;
  seq: number;
  phone: string;
  customer_id: string | null;
  callback: string;
  merge: ColumnType<Record<string, string | null>, string | undefined, string>;
}

export interface TestContactsTable {
  company_id: string;
  id: Generated<string>;
  user_id: string | null;
  name: string;
  phone: string;
  created_at: GeneratedTimestamp;
}

// Declaration merging keeps the campaign tables next to their interfaces above.
export interface Database {
  campaigns: CampaignsTable;
  campaign_runs: CampaignRunsTable;
  run_recipients: RunRecipientsTable;
  test_contacts: TestContactsTable;
}
