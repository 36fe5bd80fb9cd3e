import type { Migration } from 'kysely';
import * as createTenancyCore from './2026_11_29_2000_create_tenancy_core.js';
import * as createCustomers from './2026_11_29_2010_create_customers.js';

/** Append-only, in order. The key is the migration's name in `kysely_migration`. */
export const migrations: Record<string, Migration> = {
  '2026_11_29_2000_create_tenancy_core': createTenancyCore,
  '2026_11_29_2010_create_customers': createCustomers,
};
