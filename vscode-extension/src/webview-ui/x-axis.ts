// The x axes the run panel's step-based charts offer (step, epoch, examples seen, time), as in TensorBoard and W&B.
import type { TrainingPosition } from '../../../framework/src/reporting/run-series';
import { durationUnit, formatCount, formatTick } from './format';
import type { ChartAxis } from './line-chart';

export const X_AXIS_KINDS = ['step', 'epoch', 'examples', 'time'] as const;
export type XAxisKind = (typeof X_AXIS_KINDS)[number];

export const X_AXIS_NAMES: Record<XAxisKind, string> = {
  step: 'Step',
  epoch: 'Epoch',
  examples: 'Examples seen',
  time: 'Time',
};

export interface XAxis extends ChartAxis {
  /** Where a point of the run lies on this axis. */
  of: (position: TrainingPosition) => number;
}

/** The axis of `kind`; a time axis counts in seconds, minutes or hours depending on `maxSeconds`. */
export function xAxis(kind: XAxisKind, maxSeconds: number): XAxis {
  switch (kind) {
    case 'step':
      return { label: 'step', whole: true, of: (p) => p.step, tick: whole, value: whole };
    case 'epoch':
      return { label: 'epoch', whole: true, of: (p) => p.epoch, tick: whole, value: (v) => v.toFixed(2) };
    case 'examples':
      return { label: 'examples seen', whole: true, of: (p) => p.examples, tick: formatCount, value: whole };
    case 'time': {
      const unit = durationUnit(maxSeconds);
      return {
        label: `time (${unit.name})`,
        of: (p) => p.seconds / unit.seconds,
        tick: formatTick,
        value: (v) => `${v.toFixed(unit.name === 's' ? 1 : 2)} ${unit.name}`,
      };
    }
  }
}

function whole(value: number): string {
  return String(Math.round(value));
}
