import { AGE_BANDS, CUSTOMER_FIELDS, kstDate, type CustomerStats, type FieldCatalog } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { CompanyScope } from '../scope/scope.js';
import { columnsWithData, countOptOutList, customerBuckets, customerStatsRow, findFieldLabels } from './customers.repo.js';
import { yearsBefore } from './customers.service.js';

/** Dashboard numbers and the field catalog of the customer DB, in the caller's scope. */
export async function getCustomerStats(deps: AppDeps, scope: CompanyScope): Promise<CustomerStats> {
  const today = kstDate(deps.now());
  const upper = [10, 20, 30, 40, 50, 60].map((age) => yearsBefore(today, age));
  const [s, grades, regions, listSize] = await Promise.all([
    customerStatsRow(deps.db, scope, upper),
    customerBuckets(deps.db, scope, 'grade'),
    customerBuckets(deps.db, scope, 'region'),
    scope.storeCodes === null ? countOptOutList(deps.db, scope.companyId) : Promise.resolve(null),
  ]);
  const n = (k: string) => s[k] ?? 0;
  const bands = AGE_BANDS.map((band, i) => ({ band, count: n(`b${i}`) }));
  return {
    total: n('total'),
    optedIn: n('opted_in'),
    optedOut: n('opted_out'),
    optOutListSize: listSize,
    gender: { M: n('male'), F: n('female'), unknown: n('total') - n('male') - n('female') },
    ageBands: { bands, unknown: n('total') - bands.reduce((sum, b) => sum + b.count, 0) },
    grades,
    regions,
  };
}

export async function getFieldCatalog(deps: AppDeps, scope: CompanyScope): Promise<FieldCatalog> {
  const columnOf = (fieldKey: string) => (fieldKey === 'age' ? 'birth_date' : fieldKey);
  const [labels, withData] = await Promise.all([
    findFieldLabels(deps.db, scope.companyId),
    columnsWithData(deps.db, scope, [...new Set(CUSTOMER_FIELDS.map((f) => columnOf(f.fieldKey)))]),
  ]);
  const fields = CUSTOMER_FIELDS.map((f) => {
    const isCustom = f.category === 'custom';
    return {
      fieldKey: f.fieldKey,
      label: (isCustom ? labels.get(f.fieldKey) : undefined) ?? f.displayName,
      category: f.category,
      dataType: f.dataType,
      isCustom,
      hasData: withData.has(columnOf(f.fieldKey)),
      hasLabel: labels.has(f.fieldKey),
    };
  });
  return { fields: fields.filter((f) => !f.isCustom || f.hasLabel || f.hasData).map(({ hasLabel: _, ...f }) => f) };
}
