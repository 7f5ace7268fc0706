// The run panel: one webview (strict CSP with a nonce, local resources only) fed with the events of one or more runs.
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EventsReader } from '../core/events-reader';
import { isWebviewMessage, type HostMessage, type PanelRun } from './protocol';

export class RunPanel {
  private static current: RunPanel | undefined;
  private readers = new Map<string, EventsReader>();
  private runs: PanelRun[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer = setInterval(() => this.poll(), 500);

  /** Shows `runDir` as the main run (replacing the others), or adds it as an overlay when `overlay` is set. */
  static show(extensionUri: vscode.Uri, runDir: string, overlay = false): void {
    if (!RunPanel.current) {
      const panel = vscode.window.createWebviewPanel('int2int.run', 'Int2Int run', vscode.ViewColumn.One, {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
      });
      RunPanel.current = new RunPanel(panel, extensionUri);
    }
    RunPanel.current.setRuns(overlay ? [...RunPanel.current.runs.map((r) => r.id), runDir] : [runDir]);
    RunPanel.current.panel.reveal();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    panel.webview.html = html(panel.webview, vscode.Uri.joinPath(extensionUri, 'dist', 'webview'));
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage(
      (message: unknown) => {
        if (isWebviewMessage(message)) this.setRuns(this.runs.map((run) => run.id));
      },
      undefined,
      this.disposables,
    );
  }

  private setRuns(dirs: string[]): void {
    this.runs = [...new Set(dirs)].map((dir) => ({
      id: dir,
      label: `${path.basename(path.dirname(dir))}/${path.basename(dir)}`,
    }));
    this.readers = new Map(
      this.runs.map((run) => [run.id, new EventsReader(path.join(run.id, 'events.jsonl'))]),
    );
    this.panel.title = `Int2Int: ${this.runs.map((run) => run.label).join(', ')}`;
    this.post({ type: 'runs', runs: this.runs });
    this.poll();
  }

  private poll(): void {
    for (const [runId, reader] of this.readers) {
      const { events, malformed } = reader.read();
      if (events.length > 0) this.post({ type: 'events', runId, events });
      for (const bad of malformed)
        this.post({ type: 'warning', message: `${runId}: line ${bad.line}: ${bad.error}` });
    }
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    RunPanel.current = undefined;
    clearInterval(this.timer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function html(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css'));
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}"><title>Int2Int run</title></head>
<body><h2 id="title"></h2>
<p>loss points: <span id="loss-points">0</span> · last loss: <span id="last-loss">–</span> <span id="warning"></span></p>
<div class="charts"><div id="chart-loss"></div><div id="chart-accuracy"></div><div id="chart-classes"></div><div id="chart-lr"></div></div>
<div class="tables"><section id="report"></section><section><h3>Parameters</h3><div id="params"></div></section></div>
<script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
}
