import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession, type WatchedPage } from './browser.js';
import { saveScreenshot } from './screenshots.js';
import { HOSTS, startApps, unreachableApiUrl, type RunningApps } from './servers.js';

// These shells run with no API behind them: every /api and /health call gets "connection refused".
let apps: RunningApps;
let browser: BrowserSession;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  apps = await startApps({ apiUrl: await unreachableApiUrl() });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await apps?.close();
});

async function open(url: string): Promise<WatchedPage> {
  const watched = await browser.openPage();
  opened.push(watched);
  await watched.page.goto(url);
  return watched;
}

async function brandHeading(page: Page): Promise<string | null> {
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  return heading.textContent();
}

async function expectLoginForm(page: Page): Promise<void> {
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.getByLabel('아이디', { exact: true }).waitFor();
  expect(await page.getByLabel('비밀번호', { exact: true }).getAttribute('type')).toBe('password');
  await page.getByRole('button', { name: '로그인' }).waitFor();
}

/** Submits the form and returns the JSON body the browser actually sent to the login endpoint. */
async function submitLogin(page: Page, loginId: string, password: string): Promise<unknown> {
  await page.getByLabel('아이디', { exact: true }).fill(loginId);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  const [request] = await Promise.all([
    page.waitForRequest((req) => new URL(req.url()).pathname === '/api/auth/login' && req.method() === 'POST'),
    page.getByRole('button', { name: '로그인' }).click(),
  ]);
  return request.postDataJSON();
}

describe('app shells without an API', () => {
  it('sends hanjul.localhost to the marketer login, branded 한줄로, with labelled fields', async () => {
    const { page } = await open(apps.frontend.url(HOSTS.service));
    expect(await brandHeading(page)).toBe('한줄로');
    expect(await page.title()).toBe('한줄로');
    await expectLoginForm(page);
    expect(await page.getByText('시스템 상태').getAttribute('href')).toBe('/status');
    await saveScreenshot(page, 'service-login');
  });

  it('brands sys.localhost as the super-admin console', async () => {
    const { page } = await open(apps.frontend.url(HOSTS.superAdmin));
    expect(await brandHeading(page)).toBe('한줄로 시스템 관리');
    expect(await page.title()).toBe('한줄로 시스템 관리');
    await expectLoginForm(page);
    await saveScreenshot(page, 'super-admin-login');
  });

  it('brands app.localhost as the company-admin console', async () => {
    const { page } = await open(apps.companyFrontend.url(HOSTS.companyAdmin));
    expect(await brandHeading(page)).toBe('한줄로 고객사 관리자');
    expect(await page.title()).toBe('한줄로 고객사 관리자');
    await expectLoginForm(page);
    await saveScreenshot(page, 'company-admin-login');
  });

  it('asks for the missing fields in Korean and sends nothing when the form is empty', async () => {
    const { page } = await open(apps.frontend.url(HOSTS.service, '/login'));
    let loginRequests = 0;
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/auth/login') loginRequests += 1;
    });
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByText('아이디를 입력해 주세요.').waitFor();
    await page.getByText('비밀번호를 입력해 주세요.').waitFor();
    expect(await page.getByLabel('아이디', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(loginRequests).toBe(0);
  });

  it('shows "서버에 연결할 수 없습니다" in the page, not in an alert, when the login API is down', async () => {
    const watched = await open(apps.frontend.url(HOSTS.superAdmin));
    const sent = await submitLogin(watched.page, 'sysadmin', 'wrong-password');
    expect(sent).toEqual({ loginId: 'sysadmin', password: 'wrong-password', surface: 'super-admin' });
    const alert = watched.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('서버에 연결할 수 없습니다');
    expect(watched.dialogs).toEqual([]);
    await saveScreenshot(watched.page, 'super-admin-login-api-down');
  });

  it('sends the company-admin surface and shows the same Korean error on app.localhost', async () => {
    const watched = await open(apps.companyFrontend.url(HOSTS.companyAdmin));
    const sent = await submitLogin(watched.page, 'admin01', 'password1234');
    expect(sent).toEqual({ loginId: 'admin01', password: 'password1234', surface: 'company-admin' });
    const alert = watched.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('서버에 연결할 수 없습니다');
    expect(watched.dialogs).toEqual([]);
    await saveScreenshot(watched.page, 'company-admin-login-api-down');
  });

  it('renders an error state with a retry button on /status when the API is down', async () => {
    const { page } = await open(apps.frontend.url(HOSTS.service, '/status'));
    await page.getByRole('heading', { name: '시스템 상태' }).waitFor();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('상태를 불러오지 못했습니다');
    expect(text).toContain('서버에 연결할 수 없습니다');
    await page.getByRole('button', { name: '다시 시도' }).waitFor();
    await saveScreenshot(page, 'status-api-down');
  });

  it('threw no uncaught errors and opened no dialogs on any page', () => {
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.flatMap((watched) => [...watched.pageErrors, ...watched.dialogs])).toEqual([]);
  });
});
