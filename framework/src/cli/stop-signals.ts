// Ctrl-C, SIGTERM and SIGUSR1 (Slurm's warning before a time limit) during a run: the first asks the run to stop
// cleanly, with a checkpoint of where it stands; a second SIGINT or SIGTERM quits at once.
import { constants } from 'node:os';
import type { RunLogger } from '../reporting/run-logger';

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGUSR1'];

export class StopSignals {
  private received: NodeJS.Signals | undefined;
  private stoppable = false;

  constructor(
    private readonly logger: RunLogger,
    /** What a clean stop does, for the message: `after the current step, with a checkpoint ...`. */
    private readonly cleanStop: string,
  ) {}

  install(): void {
    for (const signal of STOP_SIGNALS) process.on(signal, this.onSignal);
  }

  uninstall(): void {
    for (const signal of STOP_SIGNALS) process.off(signal, this.onSignal);
  }

  /** From now on (the run folder is written) a signal asks for a clean stop; before, it quits at once. */
  enableCleanStop(): void {
    this.stoppable = true;
  }

  /** Whether a stop was asked for. */
  get requested(): boolean {
    return this.received !== undefined;
  }

  get signal(): NodeJS.Signals | undefined {
    return this.received;
  }

  /** The shell's exit code for a process ended by the signal received: 128 + its number (130 for SIGINT). */
  exitCode(signal = this.received): number {
    return 128 + (signal ? constants.signals[signal] : 0);
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (!this.stoppable) {
      process.stderr.write(`Received ${signal} before the run started: nothing was written.\n`);
      process.exit(this.exitCode(signal));
    }
    if (this.received === undefined) {
      this.received = signal;
      this.logger.warn(`Received ${signal}: stopping ${this.cleanStop}. Press Ctrl-C again to quit at once.`);
      return;
    }
    if (signal === 'SIGUSR1') return;
    try {
      this.logger.warn(
        `Received ${signal} again: quitting now, without saving what was done since the last checkpoint.`,
      );
      this.logger.event({
        type: 'run_end',
        status: 'stopped',
        signal,
        message: 'quit at once, without saving',
      });
    } finally {
      process.exit(this.exitCode(signal));
    }
  };
}
