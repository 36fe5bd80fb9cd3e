import { sql, type Kysely } from 'kysely';

// Sync Agent bookkeeping (SYNC-AGENT.md): agents per company, a log row per batch and per agent
// report, commands with acknowledgement, and released agent versions (global, not per tenant).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sync_agents (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agent_name text NOT NULL,
      agent_version text,
      os_info text,
      db_type text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'inactive', 'error')),
      last_heartbeat_at timestamptz,
      last_sync_at timestamptz,
      -- rows the server accepted from this agent; the agent's own count is reported_customers_synced
      total_customers_synced bigint NOT NULL DEFAULT 0,
      total_purchases_synced bigint NOT NULL DEFAULT 0,
      reported_customers_synced bigint,
      queued_items integer NOT NULL DEFAULT 0,
      uptime bigint NOT NULL DEFAULT 0,
      sync_interval_customers integer NOT NULL DEFAULT 60 CHECK (sync_interval_customers BETWEEN 5 AND 1440),
      sync_interval_purchases integer NOT NULL DEFAULT 60 CHECK (sync_interval_purchases BETWEEN 5 AND 1440),
      heartbeat_interval integer NOT NULL DEFAULT 60 CHECK (heartbeat_interval BETWEEN 5 AND 1440),
      mapping jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, id),
      UNIQUE (company_id, agent_name)
    );
    -- super-admin paths address an agent by id alone
    CREATE UNIQUE INDEX sync_agents_id ON sync_agents (id);

    CREATE TABLE sync_logs (
      company_id uuid NOT NULL REFERENCES companies(id),
      id bigint GENERATED ALWAYS AS IDENTITY,
      agent_id uuid,
      source text NOT NULL CHECK (source IN ('batch', 'agent_log')),
      sync_type text NOT NULL CHECK (sync_type IN ('customers', 'purchases')),
      sync_mode text,
      batch_index integer,
      total_batches integer,
      total_count integer NOT NULL DEFAULT 0,
      success_count integer NOT NULL DEFAULT 0,
      fail_count integer NOT NULL DEFAULT 0,
      -- the first 100 failures: [{ phone, reason }]
      failures jsonb NOT NULL DEFAULT '[]',
      duration_ms integer,
      error_message text,
      started_at timestamptz NOT NULL,
      completed_at timestamptz,
      PRIMARY KEY (company_id, id),
      FOREIGN KEY (company_id, agent_id) REFERENCES sync_agents(company_id, id) ON DELETE SET NULL (agent_id)
    );
    CREATE INDEX sync_logs_company_agent_started ON sync_logs (company_id, agent_id, started_at DESC);

    CREATE TABLE sync_commands (
      company_id uuid NOT NULL REFERENCES companies(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agent_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('full_sync', 'restart', 'update_config', 'pause', 'resume')),
      payload jsonb,
      issued_by uuid,
      issued_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      delivery_count integer NOT NULL DEFAULT 0,
      acknowledged_at timestamptz,
      PRIMARY KEY (company_id, id),
      FOREIGN KEY (company_id, agent_id) REFERENCES sync_agents(company_id, id) ON DELETE CASCADE
    );
    CREATE INDEX sync_commands_pending ON sync_commands (company_id, agent_id, issued_at) WHERE acknowledged_at IS NULL;

    CREATE TABLE sync_releases (
      version text PRIMARY KEY CHECK (version ~ '^[0-9]+\\.[0-9]+\\.[0-9]+$'),
      download_url text NOT NULL,
      checksum text NOT NULL,
      release_notes text,
      force_update boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE sync_releases, sync_commands, sync_logs, sync_agents`.execute(db);
}
