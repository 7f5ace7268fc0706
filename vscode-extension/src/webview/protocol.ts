// The typed messages between the extension and the run panel's webview (both sides import this file).
import type { ParamValue } from '../../../framework/src/operations/parameters';
import type { RunEvent } from '../../../framework/src/reporting/events';

/** A run shown in the panel; the first one is the main run (parameters, report, mistakes), the others are overlaid. */
export interface PanelRun {
  /** The run folder. */
  id: string;
  /**
   * How legends and titles name the run: `exp_name/exp_id`, then the settings in which it differs from the other
   * runs shown (`gcd/20261202-081200 · base=10, enc_emb_dim=64`).
   */
  label: string;
  /** Its colour in every chart, kept as long as the run stays in the panel. */
  color: string;
  /** The default of each of its parameters (core and operation), so that the panel shows the changed ones first. */
  defaults: Record<string, ParamValue>;
}

/** Extension → webview. Each event of a run is sent once while the run stays in the panel. */
export type HostMessage =
  | { type: 'runs'; runs: PanelRun[] }
  | { type: 'events'; runId: string; events: RunEvent[] }
  | { type: 'warning'; message: string };

/** Webview → extension. */
export type WebviewMessage = { type: 'ready' };

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ready';
}
