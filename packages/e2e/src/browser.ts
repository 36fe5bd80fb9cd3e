import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WatchedPage {
  page: Page;
  /** Messages of any window.alert/confirm/prompt the page opened (the apps must never do that). */
  dialogs: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: string[];
}

export interface BrowserSession {
  context: BrowserContext;
  openPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

async function chromiumPath(): Promise<string> {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new Error(`Chromium not found at ${path}. Install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
  return path;
}

/** System Chromium with a fresh, throw-away profile; Korean locale and Korea time like our users. */
export async function launchBrowser(): Promise<BrowserSession> {
  const executablePath = await chromiumPath();
  const userDataDir = await mkdtemp(join(tmpdir(), 'hanjullo-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async openPage() {
      const page = await context.newPage();
      const watched: WatchedPage = { page, dialogs: [], pageErrors: [] };
      page.on('dialog', (dialog) => {
        watched.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => watched.pageErrors.push(error.message));
      return watched;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
