/** Sync Agents: agents, logs, commands, releases. */
import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp, Timestamp, Json, BigCount } from './columns.js';

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
