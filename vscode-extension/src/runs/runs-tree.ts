// The runs view: experiments (exp_name), their runs (exp_id, named by the settings that differ from their siblings,
// with state and latest metrics, a checkbox to compare them in the run panel) and each run's evaluations.
import * as vscode from 'vscode';
import { RunIndex, type RunInfo } from '../../../framework/src/results/run-discovery';
import { distinguishingSettings } from '../../../framework/src/results/run-names';
import { accuracyOf } from '../../../framework/src/reporting/run-series';
import { describeRun, type RunState } from '../../../framework/src/results/run-summary';

/** A launch the CLI refused before writing anything: shown in its experiment until it is started again. */
export interface FailedLaunch {
  dir: string;
  expName: string;
  expId: string;
  message: string;
}

/** The side bar is narrow: a run's label names two of the settings that distinguish it (the tooltip has the rest). */
const SETTINGS_IN_LABEL = 2;

export type RunNode =
  | { kind: 'experiment'; name: string }
  | { kind: 'run'; run: RunInfo; settings: string }
  | { kind: 'evaluation'; run: RunInfo; of: RunInfo }
  | { kind: 'failed-launch'; launch: FailedLaunch };

const ICONS: Record<RunState, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('sync~spin'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  diverged: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  stopped: new vscode.ThemeIcon('debug-pause'),
};

export class RunsTree implements vscode.TreeDataProvider<RunNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private index: RunIndex;
  private runs: RunInfo[] = [];
  private readonly failedLaunches = new Map<string, FailedLaunch>();
  private signature = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    dumpPath: string,
    private readonly activeRuns: () => ReadonlySet<string>,
    /** Whether a run is shown in the run panel (its checkbox). */
    private readonly compared: (dir: string) => boolean,
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
    for (const dir of this.failedLaunches.keys()) {
      if (this.runs.some((run) => run.dir === dir) || this.activeRuns().has(dir)) this.failedLaunches.delete(dir);
    }
    const signature = JSON.stringify([
      this.runs.map((r) => [r.dir, r.state, r.summary, r.evaluations.map((e) => [e.dir, e.state, e.summary])]),
      [...this.failedLaunches.keys()],
    ]);
    if (force || signature !== this.signature) this.changed.fire();
    this.signature = signature;
  }

  /** Shows a launch the CLI refused (nothing was written, so the run folder does not exist). */
  addFailedLaunch(launch: FailedLaunch): void {
    this.failedLaunches.set(launch.dir, launch);
    this.refresh(true);
  }

  allRuns(): readonly RunInfo[] {
    return this.runs;
  }

  /** A run or an evaluation by its folder. */
  find(dir: string): RunInfo | undefined {
    return this.runs.flatMap((run) => [run, ...run.evaluations]).find((run) => run.dir === dir);
  }

  getChildren(node?: RunNode): RunNode[] {
    if (!node) {
      const names = [...new Set([...this.runs, ...this.failedLaunches.values()].map((run) => run.expName))].sort();
      return names.map((name) => ({ kind: 'experiment', name }));
    }
    if (node.kind === 'experiment') {
      const runs = this.runs.filter((run) => run.expName === node.name);
      const settings = distinguishingSettings(runs, SETTINGS_IN_LABEL);
      const failed = [...this.failedLaunches.values()].filter((launch) => launch.expName === node.name);
      return [
        ...runs.map((run) => ({ kind: 'run' as const, run, settings: settings.get(run.dir) ?? '' })),
        ...failed.map((launch) => ({ kind: 'failed-launch' as const, launch })),
      ];
    }
    if (node.kind === 'run') return node.run.evaluations.map((run) => ({ kind: 'evaluation', run, of: node.run }));
    return [];
  }

  getParent(node: RunNode): RunNode | undefined {
    if (node.kind === 'experiment') return undefined;
    if (node.kind === 'evaluation') return this.nodeOf(node.of.dir);
    return { kind: 'experiment', name: node.kind === 'run' ? node.run.expName : node.launch.expName };
  }

  /** The node of a run or an evaluation folder, as getChildren gives it (for reveal). */
  nodeOf(dir: string): RunNode | undefined {
    for (const experiment of this.getChildren()) {
      for (const node of this.getChildren(experiment)) {
        if (node.kind === 'run' && node.run.dir === dir) return node;
        const evaluation = this.getChildren(node).find((child) => child.kind === 'evaluation' && child.run.dir === dir);
        if (evaluation) return evaluation;
      }
    }
    return undefined;
  }

  getTreeItem(node: RunNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${node.name}`;
      item.iconPath = new vscode.ThemeIcon('folder');
      return item;
    }
    if (node.kind === 'failed-launch') return failedLaunchItem(node.launch);
    const { run } = node;
    const label = node.kind === 'run' ? [run.expId, node.settings].filter(Boolean).join(' · ') : `evaluation ${run.expId}`;
    const state =
      run.evaluations.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(label, state);
    item.id = `run:${run.dir}`;
    item.description = node.kind === 'run' ? describeRun(run.state, run.summary) : describeEvaluation(run);
    item.tooltip = tooltip(run, label, node.kind === 'run' ? this.runs.filter((r) => r.expName === run.expName && r !== run) : []);
    item.contextValue = `${node.kind}-${run.state}`;
    item.iconPath = node.kind === 'evaluation' && run.state === 'finished' ? new vscode.ThemeIcon('beaker') : ICONS[run.state];
    item.command = { command: 'int2int.openRun', title: 'Open Run', arguments: [node] };
    item.checkboxState = this.compared(run.dir)
      ? vscode.TreeItemCheckboxState.Checked
      : vscode.TreeItemCheckboxState.Unchecked;
    return item;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
  }
}

/** The run (or evaluation) a command was given: the runs view passes its node, other callers a RunInfo. */
export function runOf(target: RunNode | RunInfo | undefined): RunInfo {
  if (target && 'kind' in target && (target.kind === 'run' || target.kind === 'evaluation') && 'run' in target) {
    return target.run;
  }
  if (target && 'dir' in target) return target;
  throw new Error('pick a run in the Runs view first');
}

function describeEvaluation(run: RunInfo): string {
  if (run.state !== 'finished') return run.state;
  const evaluation = run.summary.evaluation;
  const accuracy = evaluation && accuracyOf(evaluation);
  return accuracy === undefined ? 'finished' : `acc ${accuracy.toFixed(1)}%`;
}

function tooltip(run: RunInfo, label: string, siblings: readonly RunInfo[]): vscode.MarkdownString {
  const text = new vscode.MarkdownString(undefined, true);
  text.appendMarkdown(`**${run.expName}/${label}** — ${run.state}\n\n`);
  const differing = distinguishingSettings([run, ...siblings], Infinity).get(run.dir);
  if (differing) text.appendMarkdown(`${escape(differing)}\n\n`);
  if (run.summary.message) text.appendMarkdown(`$(error) ${escape(run.summary.message)}\n\n`);
  const progress = [
    run.summary.epoch !== undefined && `epoch ${run.summary.epoch}`,
    run.summary.step !== undefined && `step ${run.summary.step}`,
    run.summary.loss !== undefined && `loss ${run.summary.loss.toFixed(4)}`,
    run.summary.resumes && `resumed ${run.summary.resumes}×`,
  ].filter(Boolean);
  if (progress.length) text.appendMarkdown(`${progress.join(' · ')}\n\n`);
  const evaluation = run.summary.evaluation;
  if (evaluation) {
    text.appendMarkdown(`Evaluation after epoch ${evaluation.epoch}:\n\n| metric | value |\n|---|---|\n`);
    for (const [name, value] of Object.entries(evaluation.metrics).filter(([n]) => !/_acc_\d+$/.test(n))) {
      text.appendMarkdown(`| ${name.replace(/^valid_arithmetic_/, '')} | ${value.toFixed(4)} |\n`);
    }
  }
  if (run.holder) text.appendMarkdown(`\nprocess ${run.holder.pid} since ${run.holder.since}\n`);
  text.appendMarkdown(`\n\`${escape(run.dir)}\``);
  return text;
}

function failedLaunchItem(launch: FailedLaunch): vscode.TreeItem {
  const item = new vscode.TreeItem(launch.expId, vscode.TreeItemCollapsibleState.None);
  item.id = `failed:${launch.dir}`;
  item.description = `failed to start: ${launch.message}`;
  item.tooltip = new vscode.MarkdownString(`$(error) **The run was refused**: ${escape(launch.message)}`, true);
  item.contextValue = 'failed-launch';
  item.iconPath = ICONS.failed;
  return item;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|]/g, '\\$&');
}
