// Drives the code-server workbench with playwright-core and Debian's Chromium: the command palette, quick inputs, webviews.
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** How the tests start Debian's Chromium: no sandbox (root in CI), no GPU, nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
    args: CHROMIUM_ARGS,
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

/**
 * Answers the open quick input (an input box, or a pick whose focused row must be `expectRow`) and presses Enter.
 * The previous quick input may still be on screen when this starts (the next one replaces it a moment later), so
 * the text is typed again until it stands in the box and, for a pick, the row Enter would accept is the expected one.
 */
export async function answer(page: Page, text: string, expectRow?: string): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  if (expectRow === undefined) {
    await input.fill(text);
  } else {
    const focusedRow = page.locator('.quick-input-list .monaco-list-row.focused .label-name', {
      hasText: expectRow,
    });
    await waitFor(
      `"${expectRow}" focused in the quick input`,
      async () => {
        if ((await input.inputValue()) !== text) await input.fill(text);
        return (await focusedRow.count()) > 0 && (await input.inputValue()) === text ? true : undefined;
      },
      30_000,
    );
  }
  await page.keyboard.press('Enter');
}

/** Waits for the quick input titled `title` (e.g. a parameter's input box, which replaces the list it was picked from). */
export async function waitForQuickInputTitle(page: Page, title: string): Promise<void> {
  await page
    .locator('.quick-input-widget .quick-input-title', { hasText: title })
    .waitFor({ timeout: 30_000 });
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

/** The texts of every element matching `selector` in the (nested) webview frames. */
export async function webviewTexts(page: Page, selector: string): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of page.frames()) {
    try {
      for (const handle of await frame.$$(selector)) texts.push((await handle.textContent()) ?? '');
    } catch {
      // a frame that navigated away meanwhile
    }
  }
  return texts;
}

/** The row of the Runs view whose text contains `text` (the view is opened first if needed). */
export function runRow(page: Page, text: string) {
  return page
    .locator('.pane:has(.pane-header[aria-label^="Runs"]) .monaco-list-row', { hasText: text })
    .first();
}

/** Opens the Runs view (the Int2Int activity) unless it is shown. */
export async function showRunsView(page: Page): Promise<void> {
  const body = page.locator(`${RUNS_VIEW} .pane-body`);
  const icon = page.locator('.activitybar .action-label[aria-label^="Int2Int"]').first();
  const end = Date.now() + 60_000;
  // A task's terminal opening meanwhile can take the focus from the palette: click the activity's icon, and retry.
  while (!(await body.isVisible())) {
    if (await icon.isVisible()) await icon.click();
    else await runCommand(page, 'View: Show Int2Int');
    try {
      await body.waitFor({ timeout: 5_000 });
    } catch (error) {
      if (Date.now() > end) throw error;
    }
  }
}

/** The Runs view's pane (its header is hidden while it is the only view of the Int2Int activity). */
const RUNS_VIEW = '.pane:has(> .pane-header[aria-label^="Runs"])';

/** Clicks an inline action (shown on hover) of a run's row, e.g. "Stop Run". */
export async function runRowAction(page: Page, text: string, action: string): Promise<void> {
  await showRunsView(page);
  const row = runRow(page, text);
  await row.hover();
  await row.locator(`.action-label[aria-label="${action}"]`).click();
}

/** Ticks or unticks the checkbox of a run's row (compare in the run panel). */
export async function toggleRunCheckbox(page: Page, text: string): Promise<void> {
  await showRunsView(page);
  await runRow(page, text).locator('.custom-view-tree-node-item-checkbox').click();
}

/** The texts of the notifications on screen (toasts). */
export async function notificationText(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
}

/** Clicks `button` of the notification whose text contains `containing`. */
export async function clickNotificationButton(page: Page, containing: string, button: string): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: containing }).first();
  await toast.waitFor({ timeout: 60_000 });
  await toast.locator('.monaco-button', { hasText: button }).first().click();
}

/** The message under the open quick input (an input box's validation message), or ''. */
export async function quickInputMessage(page: Page): Promise<string> {
  const message = page.locator('.quick-input-widget .quick-input-message');
  return (await message.count()) ? ((await message.first().textContent()) ?? '') : '';
}
