import type { Migration } from 'kysely';
import * as createTenancyCore from './2026_11_29_2000_create_tenancy_core.js';
import * as createCustomers from './2026_11_29_2010_create_customers.js';
import * as createOptOuts from './2026_11_29_2020_create_opt_outs.js';
import * as createUserCallbackNumbers from './2026_11_29_2110_create_user_callback_numbers.js';
import * as addUsersDeletedAt from './2026_11_29_2111_add_users_deleted_at.js';
import * as createSyncAgents from './2026_11_29_2200_create_sync_agents.js';
import * as createUploadJobs from './2026_11_29_2300_create_upload_jobs.js';
import * as addCustomerFilterIndexes from './2026_11_29_2310_add_customer_filter_indexes.js';
import * as createBalanceTransactions from './2026_11_29_2320_create_balance_transactions.js';
import * as createCampaigns from './2026_11_29_2340_create_campaigns.js';
import * as createNaraeCallbackLogs from './2026_11_29_2400_create_narae_callback_logs.js';
import * as createSpamTests from './2026_11_29_2410_create_spam_tests.js';
import * as createTemplatesAndAddressBooks from './2026_11_29_2430_create_templates_and_address_books.js';
import * as widenRunBatchSize from './2026_11_30_0010_widen_run_batch_size.js';

/** Append-only, in order. The key is the migration's name in `kysely_migration`. */
export const migrations: Record<string, Migration> = {
  '2026_11_29_2000_create_tenancy_core': createTenancyCore,
  '2026_11_29_2010_create_customers': createCustomers,
  '2026_11_29_2020_create_opt_outs': createOptOuts,
  '2026_11_29_2110_create_user_callback_numbers': createUserCallbackNumbers,
  '2026_11_29_2111_add_users_deleted_at': addUsersDeletedAt,
  '2026_11_29_2200_create_sync_agents': createSyncAgents,
  '2026_11_29_2300_create_upload_jobs': createUploadJobs,
  '2026_11_29_2310_add_customer_filter_indexes': addCustomerFilterIndexes,
  '2026_11_29_2320_create_balance_transactions': createBalanceTransactions,
  '2026_11_29_2340_create_campaigns': createCampaigns,
  '2026_11_29_2400_create_narae_callback_logs': createNaraeCallbackLogs,
  '2026_11_29_2410_create_spam_tests': createSpamTests,
  '2026_11_29_2430_create_templates_and_address_books': createTemplatesAndAddressBooks,
  '2026_11_30_0010_widen_run_batch_size': widenRunBatchSize,
};
