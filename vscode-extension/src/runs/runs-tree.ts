// The runs view: experiments (exp_name) and their runs (exp_id) under the dump path, with state, loss and accuracy.
import * as vscode from 'vscode';
import { RunIndex, type RunInfo } from '../core/run-discovery';
import { describeRun } from '../core/run-summary';

type Node = { kind: 'experiment'; name: string } | { kind: 'run'; run: RunInfo };

const ICONS = {
  running: 'sync~spin',
  finished: 'pass',
  failed: 'error',
  diverged: 'warning',
  stopped: 'debug-pause',
} as const;

export class RunsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private index: RunIndex;
  private runs: RunInfo[] = [];
  private signature = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    dumpPath: string,
    private readonly activeRuns: () => ReadonlySet<string>,
  ) {
    this.index = new RunIndex(dumpPath);
    this.timer = setInterval(() => this.refresh(), 1000);
  }

  setDumpPath(dumpPath: string): void {
    this.index = new RunIndex(dumpPath);
    this.refresh(true);
  }

  /** Rescans the dump path; the view is redrawn only when something it shows changed. */
  refresh(force = false): void {
    this.runs = this.index.scan(this.activeRuns());
    const signature = JSON.stringify(this.runs.map((r) => [r.dir, r.state, r.summary]));
    if (force || signature !== this.signature) this.changed.fire();
    this.signature = signature;
  }

  allRuns(): readonly RunInfo[] {
    return this.runs;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const names = [...new Set(this.runs.map((run) => run.expName))];
      return names.map((name) => ({ kind: 'experiment', name }));
    }
    return node.kind === 'experiment'
      ? this.runs.filter((run) => run.expName === node.name).map((run) => ({ kind: 'run', run }))
      : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${node.name}`;
      item.iconPath = new vscode.ThemeIcon('folder');
      return item;
    }
    const { run } = node;
    const item = new vscode.TreeItem(run.expId, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${run.dir}`;
    item.description = describeRun(run.state, run.summary);
    item.tooltip = `${run.dir}\n${run.summary.operation ?? ''}`;
    item.contextValue = `run-${run.state}`;
    item.iconPath = new vscode.ThemeIcon(ICONS[run.state]);
    item.command = { command: 'int2int.openRun', title: 'Open Run', arguments: [run] };
    return item;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
  }
}
