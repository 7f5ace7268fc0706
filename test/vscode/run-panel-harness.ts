// Serves the run panel's webview bundle in a page like the extension's (same CSP, a fake acquireVsCodeApi) for Chromium tests.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { HostMessage } from '../../vscode-extension/src/webview/protocol';

const WEBVIEW_ENTRY = path.join(__dirname, '..', '..', 'vscode-extension', 'src', 'webview-ui', 'main.ts');
const NONCE = 'cnVuLXBhbmVsLXRlc3Q=';

/** Bundles the webview as vscode-extension/esbuild.mjs does (main.js and main.css), into `folder`. */
export async function bundleWebview(folder: string): Promise<void> {
  await esbuild.build({
    entryPoints: [WEBVIEW_ENTRY],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    outfile: path.join(folder, 'main.js'),
    logLevel: 'warning',
  });
}

/**
 * Serves `folder` (the bundle) with the harness page at `/`: the extension's CSP (scripts by nonce only, styles
 * from the page's origin only), VS Code's dark theme variables, and an acquireVsCodeApi that records messages.
 */
export async function servePanel(folder: string): Promise<{ url: string; close: () => Promise<void> }> {
  const files: Record<string, string> = {
    'fake-vscode-api.js': `window.sentToHost = [];
window.panelErrors = [];
let savedState;
window.acquireVsCodeApi = () => ({
  postMessage: (message) => window.sentToHost.push(message),
  getState: () => savedState,
  setState: (state) => { savedState = state; },
});
document.addEventListener('securitypolicyviolation', (event) =>
  window.panelErrors.push('CSP: ' + event.violatedDirective + ' ' + event.blockedURI));`,
    'theme.css': `html {
  --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-font-size: 13px;
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif; --vscode-editor-font-family: monospace;
  --vscode-errorForeground: #f85149; --vscode-panel-border: #2b2b2b; --vscode-dropdown-background: #313131;
  --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c; --vscode-button-background: #0078d4;
}`,
  };
  const server = http.createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0].slice(1);
    const origin = `http://${request.headers.host}`;
    const types: Record<string, string> = { js: 'text/javascript', css: 'text/css', html: 'text/html' };
    let body: string | Buffer | undefined = files[name];
    if (name === '') body = page(origin);
    else if (body === undefined && /^main\.(js|css)$/.test(name))
      body = fs.readFileSync(path.join(folder, name));
    if (name === 'favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': types[name.split('.').pop() || 'html'] ?? 'text/html' })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function page(origin: string): string {
  const csp = `default-src 'none'; img-src ${origin} data:; style-src ${origin}; script-src 'nonce-${NONCE}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/main.css"><title>Int2Int run</title></head>
<body class="vscode-dark"><script nonce="${NONCE}" src="/fake-vscode-api.js"></script>
<script nonce="${NONCE}" src="/main.js"></script></body></html>`;
}

/** Loads the panel afresh and waits for its `ready` message. */
export async function openPanel(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() =>
    (globalThis as unknown as { sentToHost: Array<{ type: string }> }).sentToHost.some(
      (m) => m.type === 'ready',
    ),
  );
}

/** Posts messages to the panel as the extension does. */
export async function post(page: Page, ...messages: HostMessage[]): Promise<void> {
  for (const message of messages) {
    await page.evaluate(
      (data) =>
        (globalThis as unknown as { postMessage(data: unknown, origin: string): void }).postMessage(
          data,
          '*',
        ),
      message,
    );
  }
}

/** The CSP violations of the page since it loaded. */
export function panelErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { panelErrors: string[] }).panelErrors);
}
