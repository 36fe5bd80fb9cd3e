import {
  BODY_BYTE_LIMITS,
  analyzeText,
  buildMessage,
  findMergeField,
  formatMergeValue,
  type MergeFieldKind,
  type MergeValue,
  type MessageType,
  type MessageVariant,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { validationFailed } from '../../errors.js';
import type { AiCompanyContext } from './ai-context.js';
import { findLongestValue } from './ai.repo.js';
import { guardVariant, type CopyGuardContext } from './copy-guard.js';
import { writeTemplateCopy, type CopyDraft } from './offline/copy-templates.js';
import { parsePurpose } from './offline/parse-purpose.js';
import type { CopyPromptInput } from './ai-prompts.js';

/** Placeholder 080 for the size check when the company has none yet: every 080 number is 10 digits. */
const PLACEHOLDER_080 = '0800000000';
/** Safe maximums when the company has no value yet for a variable. */
const DEFAULT_LONGEST: Record<MergeFieldKind, MergeValue> = { text: '가나다라마바', number: 9_999_999, date: '2026-12-31', phone: '01012345678' };

export interface CopySetup {
  guard: CopyGuardContext;
  prompt: CopyPromptInput;
  /** Names as the catalog spells them. */
  variables: string[];
}

/** Checks the variables and measures their longest real values in the company's data. */
export async function setupCopy(deps: Pick<AppDeps, 'db'>, ctx: AiCompanyContext, input: { prompt: string; channel: MessageType; isAd: boolean; variables: string[] }): Promise<CopySetup> {
  const unknown = input.variables.filter((v) => !findMergeField(ctx.mergeCatalog, v));
  if (unknown.length > 0) throw validationFailed(`알 수 없는 변수입니다: ${unknown.map((v) => `%${v}%`).join(', ')}. 변수 목록에서 선택해 주세요.`, { unknown });
  const fields = [...new Set(input.variables.map((v) => findMergeField(ctx.mergeCatalog, v)!))];
  const longestValues: Record<string, MergeValue> = {};
  for (const field of fields) {
    const column = ctx.mergeCatalog.find((f) => f.name === field.name)?.column;
    const found = column && ctx.mergeCatalog.find((f) => f.name === field.name)?.source === 'customer' ? await findLongestValue(deps.db, ctx.scope.companyId, column) : null;
    longestValues[field.name] = found ?? DEFAULT_LONGEST[field.kind];
  }
  const guard: CopyGuardContext = {
    channel: input.channel,
    isAd: input.isAd,
    optOut080: ctx.optOut080 ?? PLACEHOLDER_080,
    catalog: ctx.mergeCatalog,
    longestValues,
    allowedVariables: fields.map((f) => f.name),
    prompt: input.prompt,
  };
  const wrap = buildMessage({ type: input.channel, subject: 'x', body: 'x', isAd: input.isAd, optOut080: guard.optOut080, catalog: [] }).bytes - 1;
  const longest = Object.fromEntries(fields.map((f) => [f.name, analyzeText(formatMergeValue(longestValues[f.name], f.kind)).bytes]));
  return {
    guard,
    variables: fields.map((f) => f.name),
    prompt: { prompt: input.prompt, channel: input.channel, isAd: input.isAd, variables: fields.map((f) => f.name), bodyBudget: BODY_BYTE_LIMITS[input.channel] - wrap, longest },
  };
}

function toVariant(draft: CopyDraft, guard: CopyGuardContext): MessageVariant | null {
  const checked = guardVariant(draft, guard);
  if (!checked.ok) return null;
  return { name: draft.name, concept: draft.concept, ...checked.variant };
}

/** The checked variants of an LLM answer, or the problems that earn a retry. */
export function checkLlmVariants(drafts: Array<{ name: string; concept: string; subject?: string | null | undefined; body: string }>, guard: CopyGuardContext): { ok: true; data: MessageVariant[] } | { ok: false; problems: string[] } {
  const variants: MessageVariant[] = [];
  const problems: string[] = [];
  for (const d of drafts) {
    const checked = guardVariant({ body: d.body, ...(d.subject ? { subject: d.subject } : {}) }, guard);
    if (checked.ok) variants.push({ name: d.name, concept: d.concept, ...checked.variant });
    else problems.push(...checked.problems.map((p) => `${d.name}: ${p}`));
  }
  return problems.length === 0 ? { ok: true, data: variants } : { ok: false, problems };
}

/** Offline copy: templates in three tones, each the richest candidate the guard accepts. */
export function writeOfflineVariants(setup: CopySetup): MessageVariant[] {
  const purpose = parsePurpose(setup.guard.prompt);
  const drafts = writeTemplateCopy({ channel: setup.guard.channel, isAd: setup.guard.isAd, purpose, variables: setup.variables }, (d) => guardVariant(d, setup.guard).ok);
  return drafts.map((d) => toVariant(d, setup.guard)).filter((v): v is MessageVariant => v !== null);
}
