/**
 * Hand-written table interfaces, kept next to the migrations (see migrations/), one file per area
 * under schema/. Numeric and bigint columns come back as strings; `date` columns as `YYYY-MM-DD`.
 */
export type * from './schema/columns.js';
export type * from './schema/tenancy.js';
export type * from './schema/customers.js';
export type * from './schema/sync.js';
export type * from './schema/billing.js';
export type * from './schema/sending.js';
import type { AuditLogsTable, CallbackNumbersTable, CompaniesTable, PlansTable, SmsLineGroupsTable, SuperAdminsTable, UserCallbackNumbersTable, UserSessionsTable, UsersTable } from './schema/tenancy.js';
import type { BalanceTransactionsTable, DepositRequestsTable } from './schema/billing.js';
import type { AddressBookEntriesTable, AddressBooksTable, Callback080LogsTable, CampaignRunsTable, CampaignsTable, MessageTemplatesTable, RunRecipientsTable, SpamReportsTable, SpamTestDevicesTable, SpamTestResultsTable, SpamTestsTable, TestContactsTable } from './schema/sending.js';
import type { CustomerFieldLabelsTable, CustomersTable, OptOutsTable, PurchasesTable, UploadJobsTable } from './schema/customers.js';
import type { SyncAgentsTable, SyncCommandsTable, SyncLogsTable, SyncReleasesTable } from './schema/sync.js';

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
  campaigns: CampaignsTable;
  campaign_runs: CampaignRunsTable;
  run_recipients: RunRecipientsTable;
  test_contacts: TestContactsTable;
  callback_080_logs: Callback080LogsTable;
  spam_test_devices: SpamTestDevicesTable;
  spam_tests: SpamTestsTable;
  spam_test_results: SpamTestResultsTable;
  spam_reports: SpamReportsTable;
  message_templates: MessageTemplatesTable;
  address_books: AddressBooksTable;
  address_book_entries: AddressBookEntriesTable;
}
