/** Campaigns, runs, recipients, test contacts, templates, address books, 080 callback logs, spam tests. */
import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp, Numeric, Timestamp } from './columns.js';

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

export interface Callback080LogsTable {
  id: Generated<string>;
  company_id: string | null;
  fr: string;
  cid_masked: string;
  result: 'stored' | 'already_listed' | 'refused' | 'failed';
  reason: 'ip_not_allowed' | 'bad_token' | 'missing_params' | 'unknown_number' | 'invalid_cid' | 'error' | null;
  ip: string | null;
  created_at: GeneratedTimestamp;
}

export interface SpamTestDevicesTable {
  id: Generated<string>;
  carrier: 'SKT' | 'KT' | 'LGU';
  phone: string;
  device_id: string;
  app_version: string | null;
  last_seen_at: Timestamp;
  registered_at: GeneratedTimestamp;
  active: Generated<boolean>;
}

export type SpamTestStatus = 'queued' | 'running' | 'completed' | 'failed';
export type SpamVerdictValue = 'pending' | 'received' | 'blocked' | 'failed' | 'timeout' | 'inconclusive';

export interface SpamTestsTable {
  company_id: string;
  id: Generated<string>;
  status: Generated<SpamTestStatus>;
  callback_number: string;
  sms_text: string | null;
  lms_subject: string | null;
  lms_text: string | null;
  price_sms: string;
  price_lms: string;
  tables: Generated<string[]>;
  excluded_opt_out: Generated<number>;
  failure_reason: string | null;
  reserved_at: Timestamp | null;
  sent_at: Timestamp | null;
  settled_at: Timestamp | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface SpamTestResultsTable {
  company_id: string;
  test_id: string;
  device_id: string;
  phone: string;
  carrier: 'SKT' | 'KT' | 'LGU';
  message_type: 'S' | 'L';
  verdict: Generated<SpamVerdictValue>;
  status_code: number | null;
  status_label: string | null;
  delivered_at: Timestamp | null;
  reported_at: Timestamp | null;
  decided_at: Timestamp | null;
}

export interface SpamReportsTable {
  id: Generated<string>;
  device_id: string | null;
  sender_number: string;
  content: string;
  message_type: string;
  received_at: GeneratedTimestamp;
  matched_company_id: string | null;
  matched_test_id: string | null;
}

export interface MessageTemplatesTable {
  company_id: string;
  id: Generated<string>;
  /** null = shared with the company. */
  user_id: string | null;
  name: string;
  msg_type: MessageKind;
  subject: string | null;
  /** Pure body: the ad wrap is applied only by the message builder. */
  body: string;
  is_ad: Generated<boolean>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AddressBooksTable {
  company_id: string;
  id: Generated<string>;
  /** null = shared with the company. */
  user_id: string | null;
  name: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface AddressBookEntriesTable {
  company_id: string;
  book_id: string;
  /** Normalised mobile, digits only. */
  phone: string;
  name: string | null;
  etc1: string | null;
  etc2: string | null;
  etc3: string | null;
}
