// Drives the code-server workbench with playwright-core and Debian's Chromium: the command palette, quick inputs, webviews.
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export async function openWorkbench(
  url: string,
  workspace: string,
  home: string,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
    },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return { browser, page };
}

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/**
 * Runs a command from the palette. Early keystrokes are lost while the workbench restores, and an extension's
 * command appears only once it is registered: the whole F1 / type / wait-for-row sequence is retried.
 */
export async function runCommand(page: Page, title: string, deadlineMs = 60_000): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const end = Date.now() + deadlineMs;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 2000 });
      await input.fill('>' + title);
      await row.waitFor({ state: 'visible', timeout: 3000 });
      if ((await input.inputValue()) === '>' + title) break;
    } catch (error) {
      if (Date.now() > end) throw error;
    }
  }
  await page.keyboard.press('Enter');
}

/** Answers the open quick input (an input box, or a pick whose row `expectRow` must show first) and presses Enter. */
export async function answer(page: Page, text: string, expectRow?: string): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(text);
  if (expectRow) {
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: expectRow })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
  }
  await page.keyboard.press('Enter');
}

/** The text of `selector` in whichever (nested) webview frame holds it, or undefined. */
export async function webviewText(page: Page, selector: string): Promise<string | undefined> {
  for (const frame of page.frames()) {
    try {
      const handle = await frame.$(selector);
      if (handle) return (await handle.textContent()) ?? undefined;
    } catch {
      // a frame that navigated away meanwhile
    }
  }
  return undefined;
}

/** Polls `probe` every 250 ms until it returns a value other than undefined; throws `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
