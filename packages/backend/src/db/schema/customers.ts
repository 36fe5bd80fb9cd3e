/** Customers, custom field labels, purchases, opt-outs, uploads. */
import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp, Numeric, PlainDate, Timestamp, Json, BigCount } from './columns.js';

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
