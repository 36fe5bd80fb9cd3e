/**
 * The only way to name a QTmsg queue or log table. Table names end up inside SQL as identifiers
 * (they cannot be bound as parameters), so every name is checked against the configured agent list
 * and a strict pattern before use.
 */

/** Every QTmsg queue table name: `SMSQ_SEND` (single local agent) or `SMSQ_SEND_<n>`. */
export const SEND_TABLE_PATTERN = /^SMSQ_SEND(?:_[1-9][0-9]{0,2})?$/;
const YYYYMM_PATTERN = /^(\d{4})(0[1-9]|1[0-2])$/;

export const DEFAULT_SMS_TABLES: readonly string[] = Object.freeze(['SMSQ_SEND']);

export class SmsTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsTableError';
  }
}

/** Parses the comma-separated `SMS_TABLES` value; unset or blank means the single local agent. */
export function parseSmsTables(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_SMS_TABLES];
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const bad = names.filter((n) => !SEND_TABLE_PATTERN.test(n));
  if (bad.length > 0) {
    throw new SmsTableError(`SMS_TABLES has invalid table names: ${bad.join(', ')}`);
  }
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length > 0) throw new SmsTableError(`SMS_TABLES lists a table twice: ${dupes.join(', ')}`);
  return names;
}

/** `SMSQ_SEND_1..11` style list, as the production fleet and the demo use. */
export function numberedSmsTables(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `SMSQ_SEND_${i + 1}`);
}

export function isValidYyyymm(yyyymm: string): boolean {
  return YYYYMM_PATTERN.test(yyyymm);
}

export interface SmsTableGuard {
  /** Every configured queue table, in configuration order. */
  readonly tables: readonly string[];
  /** A configured queue table by name (`SMSQ_SEND_3`) or agent number (`3`). Throws otherwise. */
  sendTable(nameOrNumber: string | number): string;
  /** The monthly log table of a configured queue table, e.g. `SMSQ_SEND_3_202611`. */
  logTable(nameOrNumber: string | number, yyyymm: string): string;
  isConfigured(name: string): boolean;
}

export function createSmsTableGuard(tables: readonly string[]): SmsTableGuard {
  const configured = Object.freeze([...tables]);
  const set = new Set(configured);
  const sendTable = (nameOrNumber: string | number): string => {
    const name = typeof nameOrNumber === 'number' ? `SMSQ_SEND_${nameOrNumber}` : nameOrNumber;
    if (!SEND_TABLE_PATTERN.test(name) || !set.has(name)) {
      throw new SmsTableError(`QTmsg table is not configured: ${JSON.stringify(String(nameOrNumber))}`);
    }
    return name;
  };
  return {
    tables: configured,
    sendTable,
    logTable(nameOrNumber, yyyymm) {
      const base = sendTable(nameOrNumber);
      if (!isValidYyyymm(yyyymm)) throw new SmsTableError(`invalid log month: ${JSON.stringify(yyyymm)}`);
      return `${base}_${yyyymm}`;
    },
    isConfigured: (name) => set.has(name),
  };
}

/** Backtick-quotes an identifier that already passed the guard. */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new SmsTableError(`refusing to quote identifier ${JSON.stringify(name)}`);
  return `\`${name}\``;
}
