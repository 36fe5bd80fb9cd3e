import {
  analyzeText,
  buildMessage,
  findMergeField,
  findVariableTokens,
  parseVariables,
  splitOptOutFooter,
  stripAdPrefix,
  type MergeField,
  type MergeValues,
  type MessageType,
} from '@hanjullo/shared';
import { statedNumbers } from './offline/korean-numbers.js';

/**
 * Checks (and where safe, repairs) one AI-written variant before anyone sees it: the builder must
 * accept it *after* the ad wrap with the longest variable values; no emoji or other non-CP949
 * characters (removed); no ad label or opt-out/080 text (the builder adds them; removed); only the
 * allowed variables; no number or benefit word the prompt did not state.
 */
export interface CopyGuardContext {
  channel: MessageType;
  isAd: boolean;
  /** The company's 080 number, or a same-length placeholder when it has none (size is what matters here). */
  optOut080: string;
  catalog: readonly MergeField[];
  longestValues: MergeValues;
  allowedVariables: readonly string[];
  prompt: string;
}

export interface GuardedVariant {
  subject?: string;
  body: string;
  bytes: number;
  limit: number;
}

export type GuardResult = { ok: true; variant: GuardedVariant } | { ok: false; problems: string[] };

/** Benefit words an ad must not promise unless the prompt did. */
const BENEFIT_WORDS = ['무료', '반값', '증정', '사은품', '공짜', '경품', '1+1', '2+1', '적립'];
const AD_LABEL = /\(\s*광\s*고\s*\)|\[\s*광\s*고\s*\]/g;
const OPT_OUT_LINE = /^.*(?:수신\s*거부|무료\s*거부|080[-. ]?\d).*$/gm;

function stripUnencodable(text: string): string {
  const bad = new Set(analyzeText(text).unencodable.map((u) => u.char));
  if (bad.size === 0) return text;
  return [...text].filter((c) => !bad.has(c)).join('').replace(/[ \t]{2,}/g, ' ');
}

/** The repairs that cannot change meaning: wrap text, opt-out lines, emoji, stray whitespace. */
export function repairCopy(text: string): string {
  let out = splitOptOutFooter(text.replace(/\r\n?/g, '\n')).body;
  out = stripAdPrefix(out).replace(AD_LABEL, '').replace(OPT_OUT_LINE, '');
  out = stripUnencodable(out);
  return out.split('\n').map((l) => l.trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function contentProblems(text: string, ctx: CopyGuardContext): string[] {
  const problems: string[] = [];
  const names = parseVariables(text);
  const unknown = names.filter((n) => !findMergeField(ctx.catalog, n) || !ctx.allowedVariables.some((a) => findMergeField([{ name: a, kind: 'text' }], n)));
  if (unknown.length > 0) problems.push(`허용되지 않은 변수: ${unknown.map((n) => `%${n}%`).join(', ')}`);
  const withoutTokens = findVariableTokens(text).reduce((t, tok) => t.replace(tok.token, ' '), text);
  const stated = statedNumbers(ctx.prompt);
  const invented = [...statedNumbers(withoutTokens)].filter((n) => !stated.has(n));
  if (invented.length > 0) problems.push(`요청에 없는 숫자(할인·혜택 등): ${invented.join(', ')}`);
  const words = BENEFIT_WORDS.filter((w) => withoutTokens.replace(/\s+/g, '').includes(w) && !ctx.prompt.replace(/\s+/g, '').includes(w));
  if (words.length > 0) problems.push(`요청에 없는 혜택 표현: ${words.join(', ')}`);
  return problems;
}

export function guardVariant(draft: { subject?: string | undefined; body: string }, ctx: CopyGuardContext): GuardResult {
  const body = repairCopy(draft.body);
  const subject = ctx.channel === 'SMS' ? undefined : repairCopy(draft.subject ?? '').replace(/\n/g, ' ');
  const problems = contentProblems(`${subject ?? ''}\n${body}`, ctx);
  const built = buildMessage({
    type: ctx.channel,
    subject: subject ?? null,
    body,
    isAd: ctx.isAd,
    optOut080: ctx.optOut080,
    catalog: ctx.catalog,
    longestValues: ctx.longestValues,
  });
  // images are attached when the campaign is composed; the AI only writes text
  for (const e of built.errors) if (e.code !== 'mms_image_required') problems.push(e.message);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, variant: { ...(subject !== undefined ? { subject } : {}), body, bytes: built.bytes, limit: built.limit } };
}
