import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession, type WatchedPage } from './browser.js';
import { appUrl, DEMO_PASSWORD, latestTwoFactorMessage, meStatus, tokenOf } from './real-stack.js';
import { saveScreenshot } from './screenshots.js';

// Against the real API (global-setup.ts): the demo accounts sign in through the login forms.
let browser: BrowserSession;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function open(url: string): Promise<Page> {
  const watched = await browser.openPage();
  opened.push(watched);
  await watched.page.goto(url);
  return watched.page;
}

async function fillLogin(page: Page, loginId: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('아이디', { exact: true }).fill(loginId);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
}

async function accountFact(page: Page, term: string): Promise<string | null> {
  return page.locator('.facts__row', { has: page.getByText(term, { exact: true }) }).locator('dd').textContent();
}

describe('signing in on each surface', () => {
  it('signs demo-user in on hanjul.localhost through the form and shows the home with 데모상사', async () => {
    const page = await open(appUrl('service'));
    await page.getByRole('button', { name: '로그인' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await fillLogin(page, 'demo-user');
    await page.getByRole('heading', { name: '데모 마케터님, 환영합니다' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await accountFact(page, '고객사')).toBe('데모상사');
    expect(await accountFact(page, '역할')).toBe('마케터');
    expect(await page.locator('.app-header__user').textContent()).toBe('데모 마케터님 마케터');
    // The token the page keeps is a live session on the service surface.
    const token = await tokenOf(page);
    expect(token).not.toBeNull();
    expect(await meStatus(token!)).toEqual({ status: 200, code: null });
    await saveScreenshot(page, 'service-home');
  });

  it('restores the session from sessionStorage with /api/auth/me after a reload', async () => {
    const page = await open(appUrl('service'));
    await fillLogin(page, 'demo-user');
    await page.getByRole('heading', { name: '데모 마케터님, 환영합니다' }).waitFor();
    const [me] = await Promise.all([
      page.waitForResponse((res) => new URL(res.url()).pathname === '/api/auth/me'),
      page.reload(),
    ]);
    expect(me.status()).toBe(200);
    await page.getByRole('heading', { name: '데모 마케터님, 환영합니다' }).waitFor();
  });

  it('signs demo-admin in on app.localhost and shows the company-admin home and password page', async () => {
    const page = await open(appUrl('company-admin'));
    await fillLogin(page, 'demo-admin');
    await page.getByRole('heading', { name: '데모 관리자님, 환영합니다' }).waitFor();
    expect(await accountFact(page, '고객사')).toBe('데모상사');
    expect(await accountFact(page, '역할')).toBe('고객사 관리자');
    await saveScreenshot(page, 'company-admin-home');

    await page.getByRole('link', { name: '비밀번호 변경' }).click();
    await page.getByRole('heading', { name: '비밀번호 변경' }).waitFor();
    let changeRequests = 0;
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/auth/change-password') changeRequests += 1;
    });
    await page.getByLabel('현재 비밀번호', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel('새 비밀번호', { exact: true }).fill('abcdefgh');
    await page.getByLabel('새 비밀번호 확인', { exact: true }).fill('abcdefgx');
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await page.getByText('비밀번호에는 영문과 숫자가 모두 들어가야 합니다.').waitFor();
    await page.getByText('새 비밀번호가 서로 다릅니다.').waitFor();
    expect(await page.locator('.rule--met').allTextContents()).toEqual([expect.stringContaining('8자 이상 72자 이하')]);
    expect(changeRequests).toBe(0);
    await saveScreenshot(page, 'company-admin-change-password');
  });

  it('refuses demo-user on app.localhost with the wrong-surface message and keeps no session', async () => {
    const page = await open(appUrl('company-admin'));
    const [response] = await Promise.all([
      page.waitForResponse((res) => new URL(res.url()).pathname === '/api/auth/login'),
      fillLogin(page, 'demo-user'),
    ]);
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('wrong_surface');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('고객사 관리자 화면은 관리자 계정만 이용할 수 있습니다');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await tokenOf(page)).toBeNull();
    await saveScreenshot(page, 'company-admin-wrong-surface');
  });

  it('takes superadmin on sys.localhost through the SMS code on the auth line into the console', async () => {
    const page = await open(appUrl('super-admin'));
    const [response] = await Promise.all([
      page.waitForResponse((res) => new URL(res.url()).pathname === '/api/auth/login'),
      fillLogin(page, 'superadmin'),
    ]);
    const challenge = (await response.json()) as { challengeId: string; sentTo: string };
    await page.getByRole('form', { name: '2단계 인증' }).waitFor();
    expect(await page.getByText('(으)로 보낸 인증번호 6자리').textContent()).toContain('010-****-0001');
    expect(await page.getByRole('timer').textContent()).toMatch(/^남은 시간 [45]분 \d{2}초$/);
    expect(await tokenOf(page)).toBeNull();
    await saveScreenshot(page, 'super-admin-2fa');

    const message = await latestTwoFactorMessage();
    expect(message).toMatchObject({ appEtc1: `2fa:${challenge.challengeId}`, destNo: '01090010001' });
    await page.getByLabel('인증번호', { exact: true }).fill(message!.code);
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByRole('heading', { name: '시스템 관리자님, 환영합니다' }).waitFor();
    expect(await accountFact(page, '역할')).toBe('슈퍼관리자');
    expect(await page.locator('.facts__row', { has: page.getByText('고객사', { exact: true }) }).count()).toBe(0);
    expect(await page.title()).toBe('한줄로 시스템 관리');
    await saveScreenshot(page, 'super-admin-home');
  });

  it('shows every service as 정상 on /status with the real API', async () => {
    const page = await open(appUrl('service', '/status'));
    await page.getByText('모든 서비스가 정상입니다.').waitFor();
    expect(await page.locator('.badge--ok').count()).toBe(3);
    await saveScreenshot(page, 'status-ok');
  });

  it('threw no uncaught errors and opened no dialogs on any page', () => {
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.flatMap((watched) => [...watched.pageErrors, ...watched.dialogs])).toEqual([]);
  });
});
