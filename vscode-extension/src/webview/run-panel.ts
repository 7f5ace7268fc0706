// The run panel: one webview (strict CSP with a nonce, local resources only) showing one run, or several compared,
// each named by what distinguishes it and drawn in its own colour; each event is sent to the webview once.
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ParamValue } from '../../../framework/src/operations/parameters';
import { EventsReader } from '../../../framework/src/reporting/events-reader';
import type { RunInfo } from '../../../framework/src/results/run-discovery';
import { distinguishingSettings, runLabel } from '../../../framework/src/results/run-names';
import { isWebviewMessage, type HostMessage, type PanelRun } from './protocol';

/** Distinct colours for up to ten runs (the editor's chart colours first). */
const COLORS = [
  '#3794ff',
  '#f14c4c',
  '#89d185',
  '#cca700',
  '#b180d7',
  '#4ec9b0',
  '#ce9178',
  '#d670d6',
  '#6796e6',
  '#a1a1a1',
];

export interface PanelSources {
  extensionUri: vscode.Uri;
  /** What the runs view knows of a run folder (undefined before the run has written anything). */
  find: (dir: string) => RunInfo | undefined;
  /** The default of every parameter of a run: the core's and its operation's. */
  defaults: (run: RunInfo | undefined) => Promise<Record<string, ParamValue>>;
}

export class RunPanel {
  private static current: RunPanel | undefined;
  private dirs: string[] = [];
  private readers = new Map<string, EventsReader>();
  private readonly colors = new Map<string, string>();
  private ready = false;
  private shownRuns = '';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer = setInterval(() => void this.poll(), 500);

  /** Shows `dirs` (the first as the main run), opening the panel if needed. */
  static show(sources: PanelSources, dirs: readonly string[]): void {
    if (!RunPanel.current) {
      const panel = vscode.window.createWebviewPanel('int2int.run', 'Int2Int run', vscode.ViewColumn.One, {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(sources.extensionUri, 'dist', 'webview')],
      });
      RunPanel.current = new RunPanel(panel, sources);
    }
    RunPanel.current.setRuns(dirs);
    RunPanel.current.panel.reveal(undefined, true);
  }

  /** The runs the panel shows, main run first; empty when it is closed. */
  static shown(): readonly string[] {
    return RunPanel.current?.dirs ?? [];
  }

  /** Shows a message about a run shown in the panel (a launch the CLI refused). */
  static warn(dir: string, message: string): void {
    if (RunPanel.current?.dirs.includes(dir)) RunPanel.current.post({ type: 'warning', message });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly sources: PanelSources,
  ) {
    panel.webview.html = html(panel.webview, vscode.Uri.joinPath(sources.extensionUri, 'dist', 'webview'));
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage(
      (message: unknown) => {
        if (!isWebviewMessage(message)) return;
        // a (re)loaded webview holds nothing yet: every event is sent to it from the start
        this.ready = true;
        this.readers = new Map(this.dirs.map((dir) => [dir, reader(dir)]));
        this.shownRuns = '';
        void this.poll();
      },
      undefined,
      this.disposables,
    );
  }

  private setRuns(dirs: readonly string[]): void {
    this.dirs = [...new Set(dirs)];
    for (const dir of this.colors.keys()) if (!this.dirs.includes(dir)) this.colors.delete(dir);
    for (const dir of this.dirs) {
      if (!this.colors.has(dir)) {
        const used = new Set(this.colors.values());
        this.colors.set(
          dir,
          COLORS.find((color) => !used.has(color)) ?? COLORS[this.colors.size % COLORS.length],
        );
      }
    }
    // a run that stays keeps its reader (its events were sent); a new one is read from the start
    this.readers = new Map(this.dirs.map((dir) => [dir, this.readers.get(dir) ?? reader(dir)]));
    void this.poll();
  }

  private async poll(): Promise<void> {
    if (!this.ready) return;
    const runs = await this.panelRuns();
    const shown = JSON.stringify(runs);
    if (shown !== this.shownRuns) {
      this.shownRuns = shown;
      this.panel.title =
        runs.length === 1 ? `Int2Int: ${runs[0].label}` : `Int2Int: ${runs.length} runs compared`;
      this.post({ type: 'runs', runs });
    }
    for (const [runId, reader] of this.readers) {
      const { events, malformed } = reader.read();
      if (events.length > 0) this.post({ type: 'events', runId, events });
      for (const bad of malformed)
        this.post({ type: 'warning', message: `${runId}: line ${bad.line}: ${bad.error}` });
    }
  }

  private async panelRuns(): Promise<PanelRun[]> {
    const infos = this.dirs.map((dir) => ({ dir, info: this.sources.find(dir) }));
    const settings = distinguishingSettings(
      infos.map(({ dir, info }) => ({ dir, params: info?.params ?? {} })),
    );
    return Promise.all(
      infos.map(async ({ dir, info }) => ({
        id: dir,
        label: runLabel(info ?? namesOf(dir), settings.get(dir)),
        color: this.colors.get(dir) ?? COLORS[0],
        defaults: await this.sources.defaults(info),
      })),
    );
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

function reader(dir: string): EventsReader {
  return new EventsReader(path.join(dir, 'events.jsonl'));
}

/** The names of a run folder that has written nothing yet. */
function namesOf(dir: string): { expName: string; expId: string } {
  return { expName: path.basename(path.dirname(dir)), expId: path.basename(dir) };
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
<body><script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
}
