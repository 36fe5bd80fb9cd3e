import { LoginResponse, type Surface } from '@hanjullo/shared';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { HOSTS } from './servers.js';

/** Helpers for tests against the stack global-setup.ts started. */
export const e2e = inject('e2e');

export const DEMO_PASSWORD = 'Hanjul!2026';

const SURFACE_APPS: Record<Surface, { host: string; port: number }> = {
  service: { host: HOSTS.service, port: e2e.frontendPort },
  'super-admin': { host: HOSTS.superAdmin, port: e2e.frontendPort },
  'company-admin': { host: HOSTS.companyAdmin, port: e2e.companyFrontendPort },
};

/** Address of a page of the SPA that serves `surface`, by its hostname (like production). */
export function appUrl(surface: Surface, path = '/'): string {
  const { host, port } = SURFACE_APPS[surface];
  return `http://${host}:${port}${path}`;
}

const SESSION_KEY = 'hanjullo.session';

// The page's sessionStorage, typed for code passed to page.evaluate (e2e compiles without the DOM lib).
interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Signs in with the API (no form) and opens the app with that session, as after a login. */
export async function signInThroughApi(page: Page, surface: Surface, loginId: string, path = '/'): Promise<string> {
  const response = await fetch(`${e2e.apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ loginId, password: DEMO_PASSWORD, surface }),
  });
  if (!response.ok) throw new Error(`login of ${loginId} failed: ${response.status} ${await response.text()}`);
  const body = LoginResponse.parse(await response.json());
  if (!('token' in body)) throw new Error(`${loginId} needs the 2FA step; sign in through the form`);
  // Stored before the app's scripts run, once per tab: later reloads see what the app made of it.
  await page.addInitScript(
    ([key, token]) => {
      const storage = (globalThis as unknown as PageGlobals).sessionStorage;
      if (storage.getItem('e2e.signed-in') !== null) return;
      storage.setItem('e2e.signed-in', '1');
      storage.setItem(key, JSON.stringify({ token }));
    },
    [SESSION_KEY, body.token] as const,
  );
  await page.goto(appUrl(surface, path));
  return body.token;
}

export async function tokenOf(page: Page): Promise<string | null> {
  const raw = await page.evaluate((key) => (globalThis as unknown as PageGlobals).sessionStorage.getItem(key), SESSION_KEY);
  return raw === null ? null : ((JSON.parse(raw) as { token: string }).token ?? null);
}

/** The 401 code the API answers today for a token. */
export async function meStatus(token: string): Promise<{ status: number; code: string | null }> {
  const response = await fetch(`${e2e.apiUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: body.error?.code ?? null };
}

export async function withPostgres<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2e.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface AuthLineRow {
  appEtc1: string;
  destNo: string;
  code: string;
}

/**
 * The newest 2FA message on the auth line (SMSQ_SEND_11 in the demo line groups), as the QTmsg
 * agent would pick it up. The code is the six digits in square brackets.
 */
export async function latestTwoFactorMessage(): Promise<AuthLineRow | null> {
  const connection = await mysql.createConnection({ uri: e2e.mysqlUrl });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      "SELECT app_etc1, dest_no, msg_contents FROM SMSQ_SEND_11 WHERE app_etc1 LIKE '2fa:%' ORDER BY seqno DESC LIMIT 1",
    );
    const row = rows[0];
    if (!row) return null;
    const code = /\[(\d{6})\]/.exec(String(row.msg_contents))?.[1];
    if (!code) throw new Error(`no [6 digits] in the 2FA message: ${String(row.msg_contents)}`);
    return { appEtc1: String(row.app_etc1), destNo: String(row.dest_no), code };
  } finally {
    await connection.end();
  }
}
