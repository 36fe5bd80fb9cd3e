import {
  formatKst,
  normalizeMobile,
  phoneSearchDigits,
  PHONE_SEARCH_MIN_DIGITS,
  type AddOptOutBody,
  type AddOptOutResult,
  type CheckOptOutsBody,
  type CheckOptOutsResult,
  type DeleteOptOutBody,
  type DeleteOptOutResult,
  type ListOptOutsQuery,
  type OptOutItem,
  type OptOutList,
  type OptOutUploadResult,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { OptOutSource } from '../../db/schema.js';
import type { DbOrTrx } from '../../db/postgres.js';
import { badRequest, forbidden, notFound, validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/sessions.service.js';
import { getCompany } from '../companies/companies.service.js';
import { companyScopeOf, type CompanyScope } from '../scope/scope.js';
import { toCsv, csvField } from '../uploads/csv-export.js';
import { decodeNumberList, parseNumberList } from './opt-out-file.js';
import {
  deleteOptOutRow,
  findOptedOut,
  findOptOutRow,
  insertOptOuts,
  listOptOutPage,
  listOptOutRows,
  type OptOutFilter,
  type OptOutRow,
} from './opt-outs.repo.js';

export { findOptedOut };

/**
 * The one way onto a company's opt-out list (080 callback, manual, upload, sync, customer DB).
 * Idempotent: phones already listed keep their original source and time. Pass a transaction so
 * the opt-out commits with the change that caused it.
 */
export async function addOptOuts(
  db: DbOrTrx,
  actor: Actor,
  companyId: string,
  phones: readonly string[],
  source: OptOutSource,
  opts: { storeCode?: string | null; note?: string | null } = {},
): Promise<{ added: string[]; alreadyListed: number }> {
  const unique = [...new Set(phones)];
  const added = await insertOptOuts(db, companyId, unique, source, {
    createdBy: actor.type === 'user' || actor.type === 'super_admin' ? actor.id : null,
    storeCode: opts.storeCode ?? null,
    note: opts.note ?? null,
  });
  if (added.length > 0) {
    await recordAudit(db, actor, {
      action: 'opt_out.added',
      companyId,
      details: { source, count: added.length, sample: added.slice(0, 5) },
    });
  }
  return { added, alreadyListed: unique.length - added.length };
}

const INVALID_LINES_SHOWN = 1000;

function toItem(r: OptOutRow): OptOutItem {
  return {
    phone: r.phone,
    source: r.source,
    storeCode: r.store_code,
    note: r.note,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
  };
}

function mobileOrThrow(input: string): string {
  const phone = normalizeMobile(input);
  if (!phone) throw validationFailed(`휴대폰 번호가 올바르지 않습니다: ${input}`, { fields: [{ path: 'phone', message: '휴대폰 번호가 아닙니다.' }] });
  return phone;
}

/**
 * The store an entry added by this caller is managed under: store-limited users add under one of
 * their stores (their only one by default); everyone else may name any store or none. Exclusion
 * never depends on it.
 */
function storeCodeFor(scope: CompanyScope, requested: string | undefined): string | null {
  if (scope.storeCodes === null) return requested ?? null;
  if (requested !== undefined) {
    if (!scope.storeCodes.includes(requested)) throw forbidden(`담당하지 않는 매장코드입니다: ${requested}`);
    return requested;
  }
  const [only, ...rest] = scope.storeCodes;
  if (only !== undefined && rest.length === 0) return only;
  throw badRequest(`매장코드를 지정해 주세요. (담당 매장: ${scope.storeCodes.join(', ')})`);
}

function phoneFilterOf(q: string | undefined): OptOutFilter['phone'] {
  if (!q) return undefined;
  const digits = phoneSearchDigits(q);
  if (digits?.length === PHONE_SEARCH_MIN_DIGITS) return { digits, mode: 'suffix' };
  const phone = normalizeMobile(q);
  if (phone) return { digits: phone, mode: 'exact' };
  throw validationFailed('전화번호 전체 또는 끝 4자리로 검색해 주세요.', { fields: [{ path: 'q', message: '전화번호 전체 또는 끝 4자리' }] });
}

export async function listOptOuts(deps: AppDeps, scope: CompanyScope, query: ListOptOutsQuery): Promise<OptOutList> {
  const filter: OptOutFilter = { storeCodes: scope.storeCodes, source: query.source, phone: phoneFilterOf(query.q) };
  const { rows, total } = await listOptOutRows(deps.db, scope.companyId, filter, query.pageSize, (query.page - 1) * query.pageSize);
  return { items: rows.map(toItem), total, page: query.page, pageSize: query.pageSize };
}

/** Adds one number by hand (source `manual`); an already listed number is not an error. */
export async function addOptOut(deps: AppDeps, scope: CompanyScope, actor: Actor, body: AddOptOutBody): Promise<AddOptOutResult> {
  const phone = mobileOrThrow(body.phone);
  const storeCode = storeCodeFor(scope, body.storeCode);
  const { added } = await addOptOuts(deps.db, actor, scope.companyId, [phone], 'manual', { storeCode, note: body.note ?? null });
  const row = await findOptOutRow(deps.db, scope.companyId, phone);
  if (!row) throw notFound('수신거부 번호'); // deleted between the two statements
  return { phone, alreadyListed: added.length === 0, item: toItem(row) };
}

/** A CSV/TXT list of numbers (source `upload`), counted as added / duplicate / invalid. */
export async function uploadOptOuts(
  deps: AppDeps,
  scope: CompanyScope,
  actor: Actor,
  bytes: Buffer,
  requestedStoreCode: string | undefined,
): Promise<OptOutUploadResult> {
  if (bytes.includes(0)) throw badRequest('텍스트(CSV/TXT) 파일만 올릴 수 있습니다.');
  const storeCode = storeCodeFor(scope, requestedStoreCode);
  const parsed = parseNumberList(decodeNumberList(bytes));
  const { added } = await deps.db.transaction().execute((trx) =>
    addOptOuts(trx, actor, scope.companyId, parsed.phones, 'upload', { storeCode }));
  return {
    total: parsed.total,
    added: added.length,
    duplicate: parsed.phones.length - added.length,
    invalid: parsed.invalidLines.length,
    invalidLines: parsed.invalidLines.slice(0, INVALID_LINES_SHOWN),
  };
}

/**
 * Removes a number from the list — only when the person asked for it (the body says so and gives
 * a reason), audited in the same transaction. Customers' own consent flags stay as they are:
 * deleting an opt-out re-consents nobody.
 */
export async function deleteOptOut(
  deps: AppDeps,
  scope: CompanyScope,
  actor: Actor,
  rawPhone: string,
  body: DeleteOptOutBody,
): Promise<DeleteOptOutResult> {
  const phone = mobileOrThrow(rawPhone);
  return deps.db.transaction().execute(async (trx) => {
    const existing = await findOptOutRow(trx, scope.companyId, phone);
    const manages = existing && (scope.storeCodes === null || (existing.store_code !== null && scope.storeCodes.includes(existing.store_code)));
    if (!manages) throw notFound('수신거부 번호');
    const deleted = await deleteOptOutRow(trx, scope.companyId, phone);
    if (!deleted) throw notFound('수신거부 번호');
    await recordAudit(trx, actor, {
      action: 'opt_out.deleted',
      companyId: scope.companyId,
      targetType: 'opt_out',
      targetId: phone,
      details: {
        reason: body.reason,
        customerRequested: body.customerRequested,
        source: deleted.source,
        storeCode: deleted.store_code,
        listedAt: deleted.created_at.toISOString(),
      },
    });
    return { phone, deleted: true };
  });
}

/** Which of the given numbers are on the company's list (company-wide, like the exclusion). */
export async function checkOptOuts(deps: AppDeps, scope: CompanyScope, body: CheckOptOutsBody): Promise<CheckOptOutsResult> {
  const invalid: string[] = [];
  const phones: string[] = [];
  for (const input of body.phones) {
    const phone = normalizeMobile(input);
    if (phone) phones.push(phone);
    else invalid.push(input);
  }
  const listed = await findOptedOut(deps.db, scope.companyId, phones);
  return { optedOut: [...new Set(phones.filter((p) => listed.has(p)))], invalid, checked: body.phones.length };
}

const SOURCE_LABELS: Record<OptOutSource, string> = {
  '080': '080 수신거부',
  manual: '직접 등록',
  upload: '파일 업로드',
  sync: '고객 동기화',
  customer: '고객DB 수신거부',
};
const EXPORT_PAGE = 5000;

/** The caller's entries as CSV (UTF-8 BOM, formula-safe), streamed page by page to `write`. */
export async function exportOptOutsCsv(deps: AppDeps, scope: CompanyScope, write: (chunk: string) => Promise<void>): Promise<void> {
  await write(toCsv(['전화번호', '출처', '매장코드', '메모', '등록일시(KST)'], []));
  let after = '';
  for (;;) {
    const rows = await listOptOutPage(deps.db, scope.companyId, scope.storeCodes, after, EXPORT_PAGE);
    if (rows.length === 0) return;
    const cells = rows.map((r) => [r.phone, SOURCE_LABELS[r.source], r.store_code, r.note, formatKst(r.created_at)]);
    await write(cells.map((c) => `${c.map(csvField).join(',')}\r\n`).join(''));
    after = rows[rows.length - 1]!.phone;
    if (rows.length < EXPORT_PAGE) return;
  }
}

/** A super admin's scope over one company's whole list; an unknown company is a 404. */
export async function adminOptOutScope(deps: AppDeps, auth: AuthContext, companyId: string): Promise<CompanyScope> {
  const scope = companyScopeOf(auth, companyId);
  await getCompany(deps, companyId);
  return scope;
}
