import {
  DIRECT_SEND_MERGE_FIELDS,
  buildMergeCatalog,
  buildMessage,
  compileMessage,
  findMergeField,
  parseVariables,
  type BuildResult,
  type BuiltMessageView,
  type MergeField,
  type MergeValues,
  type MessageType,
  type StandardMergeField,
} from '@hanjullo/shared';
import type { QueueRow } from '../qtmsg/queue-writer.js';
import { AppError } from '../../errors.js';

/**
 * The campaign side of the one message builder: which catalog a campaign uses, how a recipient's
 * frozen merge values become the final text, and how builder errors become one Korean 400. Every
 * path (preview, test send, send, direct send) renders through `renderMessage`.
 */

export interface MessageSpec {
  type: MessageType;
  subject: string | null;
  /** Pure body as stored. */
  body: string;
  isAd: boolean;
  images: { name: string; sizeBytes: number; mime?: string | undefined }[];
  optOut080: string | null;
}

export type CampaignKind = 'target' | 'direct';

export function catalogFor(kind: CampaignKind, customLabels: readonly { column: string; label: string }[]): readonly MergeField[] {
  return kind === 'direct' ? DIRECT_SEND_MERGE_FIELDS : buildMergeCatalog(customLabels);
}

/**
 * Customer columns the body's variables read, keyed by the variable's catalog name. Only catalog
 * columns (code constants, never user input) can appear; `회신번호` comes from the send itself.
 */
export function mergeColumnsOf(body: string, catalog: readonly MergeField[]): Array<{ name: string; column: string }> {
  const out: Array<{ name: string; column: string }> = [];
  for (const name of parseVariables(body)) {
    const field = findMergeField(catalog, name) as StandardMergeField | undefined;
    if (!field || field.source !== 'customer') continue;
    if (!/^[a-z][a-z0-9_]*$/.test(field.column)) continue;
    if (!out.some((o) => o.name === field.name)) out.push({ name: field.name, column: field.column });
  }
  return out;
}

function builderInput(spec: MessageSpec, catalog: readonly MergeField[]) {
  return {
    type: spec.type,
    subject: spec.subject,
    body: spec.body,
    isAd: spec.isAd,
    optOut080: spec.optOut080,
    images: spec.images,
    catalog,
  };
}

export type RecipientRenderer = (values: MergeValues, callback?: string) => BuildResult;

const withCallback = (values: MergeValues, callback: string | undefined): MergeValues =>
  callback === undefined ? values : { ...values, 회신번호: values['회신번호'] ?? callback };

/** The exact text one recipient gets. `callback` fills `%회신번호%`. */
export function renderMessage(spec: MessageSpec, catalog: readonly MergeField[], values: MergeValues, callback?: string): BuildResult {
  return buildMessage({ ...builderInput(spec, catalog), values: withCallback(values, callback) });
}

/** `renderMessage` for every recipient of one send: the builder's per-message work is done once. */
export function compileRenderer(spec: MessageSpec, catalog: readonly MergeField[]): RecipientRenderer {
  const render = compileMessage(builderInput(spec, catalog));
  return (values, callback) => render(withCallback(values, callback));
}

/** The size check with the longest real value per variable (or the raw text before a target exists). */
export function checkMessage(spec: MessageSpec, catalog: readonly MergeField[], longestValues?: MergeValues): BuildResult {
  return longestValues
    ? buildMessage({ ...builderInput(spec, catalog), longestValues })
    : buildMessage(builderInput(spec, catalog));
}

/** 400 with the builder's first error as the message and every error in details; writes nothing. */
export function assertMessageOk(result: BuildResult): void {
  if (result.ok) return;
  const first = result.errors[0];
  throw new AppError('validation_failed', 400, first?.message ?? '메시지를 확인해 주세요.', {
    errors: result.errors,
    suggestion: result.suggestion ?? null,
  });
}

export function toBuiltView(result: BuildResult): BuiltMessageView {
  return {
    ok: result.ok,
    type: result.type,
    subject: result.type === 'SMS' ? null : result.subject,
    body: result.body,
    bytes: result.bytes,
    limit: result.limit,
    errors: result.errors.map((e) => ({ code: e.code, message: e.message, details: e.details })),
    warnings: result.warnings.map((w) => ({ code: w.code, message: w.message, details: w.details })),
  };
}

const QTMSG_TYPE: Record<MessageType, QueueRow['msgType']> = { SMS: 'S', LMS: 'L', MMS: 'M' };

/** A rendered message as a queue row for one recipient. */
export function toQueueRow(result: BuildResult, destNo: string, callBack: string): QueueRow {
  const row: QueueRow = { destNo, callBack, body: result.body, msgType: QTMSG_TYPE[result.type] };
  if (result.type !== 'SMS') row.subject = result.subject;
  if (result.type === 'MMS') row.files = result.images.map((i) => i.name);
  return row;
}
