// The typed messages between the extension and the run panel's webview (both sides import this file).
import type { RunEvent } from '../../../framework/src/reporting/events';

/** A run shown in the panel; the first one is the main run (parameters, report, mistakes), the others are overlaid. */
export interface PanelRun {
  /** The run folder. */
  id: string;
  label: string;
}

/** Extension → webview. */
export type HostMessage =
  | { type: 'runs'; runs: PanelRun[] }
  | { type: 'events'; runId: string; events: RunEvent[] }
  | { type: 'warning'; message: string };

/** Webview → extension. */
export type WebviewMessage = { type: 'ready' };

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ready';
}
