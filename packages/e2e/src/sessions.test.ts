import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession, type WatchedPage } from './browser.js';
import { appUrl, DEMO_PASSWORD, meStatus, signInThroughApi, tokenOf, withPostgres } from './real-stack.js';
import { saveScreenshot } from './screenshots.js';

// Sessions end for real: replaced by another login, idle, logged out; forced password change first.
let browser: BrowserSession;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function newPage(session = browser): Promise<Page> {
  const watched = await session.openPage();
  opened.push(watched);
  return watched.page;
}

const isPath = (path: string) => (res: { url(): string }) => new URL(res.url()).pathname === path;

describe('session lifecycle', () => {
  it('ends the first tab when the same account signs in from a second browser, and says why', async () => {
    const first = await newPage();
    await signInThroughApi(first, 'company-admin', 'demo-admin');
    await first.getByRole('heading', { name: '데모 관리자님, 환영합니다' }).waitFor();
    const firstToken = await tokenOf(first);

    const other = await launchBrowser();
    try {
      const second = await newPage(other);
      await second.goto(appUrl('company-admin'));
      await second.getByLabel('아이디', { exact: true }).fill('demo-admin');
      await second.getByLabel('비밀번호', { exact: true }).fill(DEMO_PASSWORD);
      await second.getByRole('button', { name: '로그인' }).click();
      await second.getByRole('heading', { name: '데모 관리자님, 환영합니다' }).waitFor();
    } finally {
      await other.close();
    }

    const [me] = await Promise.all([first.waitForResponse(isPath('/api/auth/me')), first.reload()]);
    expect(me.status()).toBe(401);
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('session_replaced');
    const notice = first.getByRole('status').filter({ hasText: '다른 곳에서 로그인하여 로그아웃되었습니다' });
    await notice.waitFor();
    expect(new URL(first.url()).pathname).toBe('/login');
    expect(await tokenOf(first)).toBeNull();
    expect(await meStatus(firstToken!)).toEqual({ status: 401, code: 'session_replaced' });
    await saveScreenshot(first, 'company-admin-session-replaced');
  });

  it('warns 5 minutes before the idle timeout, extends on 연장, and signs out at the deadline', async () => {
    const page = await newPage();
    await page.clock.install();
    await signInThroughApi(page, 'service', 'demo-user');
    await page.getByRole('heading', { name: '데모 마케터님, 환영합니다' }).waitFor();
    const dialog = page.getByRole('dialog', { name: '곧 자동 로그아웃됩니다' });

    // The demo company keeps the default 30-minute idle timeout.
    await page.clock.fastForward('25:30');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/[45]분 \d{2}초 후 자동으로 로그아웃됩니다/);
    await saveScreenshot(page, 'service-idle-warning');

    const [extended] = await Promise.all([
      page.waitForResponse(isPath('/api/auth/extend-session')),
      dialog.getByRole('button', { name: '연장' }).click(),
    ]);
    expect(extended.status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('로그인 시간이 연장되었습니다.').waitFor();

    await page.clock.fastForward('25:30');
    await dialog.waitFor();
    await page.clock.fastForward('05:00');
    await page.getByRole('status').filter({ hasText: '장시간 미사용으로 로그아웃되었습니다' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await tokenOf(page)).toBeNull();
    await saveScreenshot(page, 'service-idle-expired');
  });

  it('makes a user flagged must_change_password set a new password before anything else', async () => {
    await withPostgres((db) =>
      db.query(
        `INSERT INTO users (company_id, login_id, password_hash, name, user_type, must_change_password)
         SELECT company_id, 'e2e-newcomer', password_hash, '신입 마케터', 'user', true FROM users WHERE login_id = 'demo-user'`,
      ),
    );
    const page = await newPage();
    await signInThroughApi(page, 'service', 'e2e-newcomer');
    await page.getByRole('heading', { name: '비밀번호를 변경해 주세요' }).waitFor();
    expect(await page.getByRole('heading', { name: '신입 마케터님, 환영합니다' }).count()).toBe(0);
    await page.getByLabel('현재 비밀번호', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel('새 비밀번호', { exact: true }).fill('short');
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await page.getByText('비밀번호는 8자 이상이어야 합니다.').waitFor();
    await saveScreenshot(page, 'service-forced-password-change');

    await page.getByLabel('새 비밀번호', { exact: true }).fill('Newcomer2026');
    await page.getByLabel('새 비밀번호 확인', { exact: true }).fill('Newcomer2026');
    const [changed] = await Promise.all([
      page.waitForResponse(isPath('/api/auth/change-password')),
      page.getByRole('button', { name: '비밀번호 변경' }).click(),
    ]);
    expect(changed.status()).toBe(204);
    await page.getByRole('heading', { name: '신입 마케터님, 환영합니다' }).waitFor();
    const row = await withPostgres(async (db) => {
      const result = await db.query<{ must_change_password: boolean; password_changed_at: Date | null }>(
        "SELECT must_change_password, password_changed_at FROM users WHERE login_id = 'e2e-newcomer'",
      );
      return result.rows[0];
    });
    expect(row).toMatchObject({ must_change_password: false, password_changed_at: expect.any(Date) });
  });

  it('logs out to the login page and the old token stops working', async () => {
    const page = await newPage();
    const token = await signInThroughApi(page, 'service', 'demo-user');
    await page.getByRole('heading', { name: '데모 마케터님, 환영합니다' }).waitFor();
    const [logout] = await Promise.all([
      page.waitForResponse(isPath('/api/auth/logout')),
      page.getByRole('button', { name: '로그아웃' }).click(),
    ]);
    expect(logout.status()).toBe(204);
    await page.getByRole('button', { name: '로그인' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByText('로그아웃되었습니다.').waitFor();
    // A normal logout is not an incident: no notice on the login page.
    expect(await page.locator('.notice').count()).toBe(0);
    expect(await tokenOf(page)).toBeNull();
    expect((await meStatus(token)).status).toBe(401);
    await saveScreenshot(page, 'service-logged-out');
  });

  it('threw no uncaught errors and opened no dialogs on any page', () => {
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.flatMap((watched) => [...watched.pageErrors, ...watched.dialogs])).toEqual([]);
  });
});
