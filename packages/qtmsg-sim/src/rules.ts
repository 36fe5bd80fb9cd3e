import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Deterministic outcomes (QTMSG.md §4). Rules are evaluated in order: the user's rules, the magic
 * range `0100000CCCC` → code CCCC, then the built-in defaults (never-report range `0100002xxxx`,
 * unregistered callbacks → 9008, spam words → 52); no decision = success. Each aspect of the
 * outcome — result (code / class / never report), delay, carrier — is decided by the first matching
 * rule that sets it, so a rule that only sets a delay does not hide the magic ranges behind it.
 */

export const OUTCOME_CLASSES = {
  success: { S: 6, LM: 1000 },
  invalid_number: { S: 7, LM: 2008 },
  power_off: { S: 8, LM: 3004 },
  no_coverage: { S: 9, LM: 3005 },
  storage_full: { S: 10, LM: 3001 },
  mms_unsupported: { S: 3000, LM: 3000 },
  timeout: { S: 4, LM: 3002 },
  network: { S: 11, LM: 3006 },
  spam_carrier: { S: 16, LM: 16 },
  spam_relay_word: { S: 52, LM: 52 },
  balance: { S: 55, LM: 5005 },
  unregistered_callback: { S: 9008, LM: 9008 },
  sender_rule_violation: { S: 9009, LM: 9009 },
  forbidden_time: { S: 71, LM: 9012 },
} as const satisfies Record<string, { S: number; LM: number }>;

export type OutcomeClass = keyof typeof OUTCOME_CLASSES;

const classNames = Object.keys(OUTCOME_CLASSES) as [OutcomeClass, ...OutcomeClass[]];
const oneOrMany = z.union([z.string(), z.array(z.string()).min(1)]);

export const RuleMatch = z.strictObject({
  destExact: oneOrMany.optional(),
  destPrefix: z.string().optional(),
  destSuffix: z.string().optional(),
  destRegex: z.string().refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'invalid regular expression').optional(),
  callBack: oneOrMany.optional(),
  msgType: oneOrMany.optional(),
  contentContains: z.string().min(1).optional(),
  appEtc1: z.string().optional(),
  /** Fires on the N-th, 2N-th, … message that matches the rest of the rule. */
  everyNth: z.number().int().min(1).optional(),
});
export type RuleMatch = z.infer<typeof RuleMatch>;

export const RuleAction = z.strictObject({
  code: z.number().int().optional(),
  class: z.enum(classNames).optional(),
  neverReport: z.boolean().optional(),
  delayMs: z.number().int().min(0).optional(),
  carrier: z.string().max(10).optional(),
});
export type RuleAction = z.infer<typeof RuleAction>;

export const Rule = z.strictObject({ name: z.string().optional(), match: RuleMatch, action: RuleAction });
export type Rule = z.infer<typeof Rule>;

/** The JSON of `SIM_RULES_FILE` and of `POST /rules`. */
export const RulesInput = z.strictObject({
  rules: z.array(Rule).default([]),
  /** dest_no → carrier code written on success. */
  carriers: z.record(z.string(), z.string().max(10)).default({}),
  unregisteredCallbacks: z.array(z.string()).optional(),
  spamWords: z.array(z.string().min(1)).optional(),
});
export type RulesInput = z.input<typeof RulesInput>;

export interface RuleMessage {
  readonly seqno: number;
  readonly destNo: string;
  readonly callBack: string;
  readonly msgType: string;
  readonly content: string;
  readonly appEtc1: string | null;
}

export interface Outcome {
  /** Final code, or null = never reported (the row stays at rsv1 3). */
  readonly code: number | null;
  readonly delayMs: number | undefined;
  readonly carrier: string | undefined;
  readonly ruleName: string | undefined;
}

export function codeForClass(cls: OutcomeClass, msgType: string): number {
  const codes = OUTCOME_CLASSES[cls];
  return msgType === 'S' ? codes.S : codes.LM;
}

const MAGIC_CODE = /^0100000(\d{4})$/;
const NEVER_REPORT = /^0100002\d{4}$/;

export function defaultRules(unregisteredCallbacks: readonly string[], spamWords: readonly string[]): Rule[] {
  const rules: Rule[] = [
    { name: 'never-report range 0100002xxxx', match: { destRegex: NEVER_REPORT.source }, action: { neverReport: true } },
  ];
  if (unregisteredCallbacks.length > 0) {
    rules.push({
      name: 'unregistered callback',
      match: { callBack: [...unregisteredCallbacks] },
      action: { class: 'unregistered_callback' },
    });
  }
  for (const word of spamWords) {
    rules.push({ name: `spam word ${word}`, match: { contentContains: word }, action: { class: 'spam_relay_word' } });
  }
  return rules;
}

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

export interface RuleEngine {
  readonly rules: readonly Rule[];
  decide(msg: RuleMessage): Outcome;
  carrierFor(destNo: string): string;
}

interface CompiledRule {
  readonly rule: Rule;
  readonly regex: RegExp | undefined;
  count: number;
}

function matchesStatic(c: CompiledRule, msg: RuleMessage): boolean {
  const m = c.rule.match;
  if (m.destExact !== undefined && !asList(m.destExact).includes(msg.destNo)) return false;
  if (m.destPrefix !== undefined && !msg.destNo.startsWith(m.destPrefix)) return false;
  if (m.destSuffix !== undefined && !msg.destNo.endsWith(m.destSuffix)) return false;
  if (c.regex && !c.regex.test(msg.destNo)) return false;
  if (m.callBack !== undefined && !asList(m.callBack).includes(msg.callBack)) return false;
  if (m.msgType !== undefined && !asList(m.msgType).includes(msg.msgType)) return false;
  if (m.contentContains !== undefined && !msg.content.includes(m.contentContains)) return false;
  if (m.appEtc1 !== undefined && m.appEtc1 !== msg.appEtc1) return false;
  return true;
}

/** FNV-1a: stable across runs and processes, unlike anything seeded by the host. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const DEFAULT_CARRIERS = ['11', '16', '19'] as const;

/**
 * Builds the engine. `everyNth` counters live in the engine, so a reload starts them afresh;
 * messages are decided in seqno order, which keeps "every N-th" repeatable.
 */
export function createRuleEngine(input: RulesInput, defaults: {
  unregisteredCallbacks: readonly string[];
  spamWords: readonly string[];
}): RuleEngine {
  const parsed = RulesInput.parse(input);
  const compile = (rule: Rule): CompiledRule => ({
    rule,
    regex: rule.match.destRegex === undefined ? undefined : new RegExp(rule.match.destRegex),
    count: 0,
  });
  const userRules = parsed.rules.map(compile);
  const builtIn = defaultRules(
    parsed.unregisteredCallbacks ?? defaults.unregisteredCallbacks,
    parsed.spamWords ?? defaults.spamWords,
  ).map(compile);
  const carriers = parsed.carriers;

  return {
    rules: [...userRules, ...builtIn].map((c) => c.rule),
    carrierFor(destNo) {
      return carriers[destNo] ?? DEFAULT_CARRIERS[hashString(destNo) % 3] ?? '11';
    },
    decide(msg) {
      const acc: Decision = { result: undefined, delayMs: undefined, carrier: undefined };
      applyRules(userRules, msg, acc);
      // The magic range comes right after the user's rules so that it gives exactly its code.
      const magic = MAGIC_CODE.exec(msg.destNo);
      if (acc.result === undefined && magic?.[1] !== undefined) {
        acc.result = { code: Number(magic[1]), ruleName: 'magic 0100000CCCC' };
      }
      applyRules(builtIn, msg, acc);
      const result = acc.result ?? { code: codeForClass('success', msg.msgType), ruleName: undefined };
      return { code: result.code, delayMs: acc.delayMs, carrier: acc.carrier, ruleName: result.ruleName };
    },
  };
}

interface Decision {
  result: { code: number | null; ruleName: string | undefined } | undefined;
  delayMs: number | undefined;
  carrier: string | undefined;
}

function applyRules(list: readonly CompiledRule[], msg: RuleMessage, acc: Decision): void {
  for (const c of list) {
    if (!matchesStatic(c, msg)) continue;
    if (c.rule.match.everyNth !== undefined && ++c.count % c.rule.match.everyNth !== 0) continue;
    const a = c.rule.action;
    if (acc.result === undefined) {
      if (a.code !== undefined) acc.result = { code: a.code, ruleName: c.rule.name };
      else if (a.class !== undefined) acc.result = { code: codeForClass(a.class, msg.msgType), ruleName: c.rule.name };
      else if (a.neverReport) acc.result = { code: null, ruleName: c.rule.name };
    }
    acc.delayMs ??= a.delayMs;
    acc.carrier ??= a.carrier;
  }
}

export async function readRulesFile(path: string): Promise<RulesInput> {
  const text = await readFile(path, 'utf8');
  return RulesInput.parse(JSON.parse(text));
}
