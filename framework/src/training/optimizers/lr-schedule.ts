// Learning-rate schedules of Int2Int's Adam variants (src/optim.py get_lr_for_step), by number of updates.
import type { OptimizerSpec } from './parse-optimizer';

/** Warm-up, then cosine annealing with restarts (AdamCosineWithWarmup; smooth: a full cosine period). */
function cosine(p: Record<string, number>, t: number, smooth: boolean): number {
  const period = p.init_period;
  const mult = p.period_mult;
  let pid: number;
  let tI: number;
  let tCurr: number;
  if (mult === 1) {
    pid = Math.floor(smooth ? t / period - 0.5 : t / period);
    tI = period;
    tCurr = t - period * pid;
  } else {
    pid = Math.floor(Math.log(1 - (t / period) * (1 - mult)) / Math.log(mult));
    tI = period * mult ** pid;
    tCurr = t - ((1 - mult ** pid) / (1 - mult)) * period;
  }
  const minLr = p.min_lr * p.lr_shrink_min ** pid;
  const maxLr = Math.max(p.lr * p.lr_shrink ** pid, minLr);
  return minLr + 0.5 * (maxLr - minLr) * (1 + Math.cos(((smooth ? 2 : 1) * Math.PI * tCurr) / tI));
}

/**
 * The learning rate used by the update that follows numUpdates updates: Int2Int sets the group lr to
 * get_lr_for_step(num_updates) after each step, starting from warmup_init_lr.
 */
export function learningRateAt({ name, params: p }: OptimizerSpec, numUpdates: number): number {
  if (!['adam_warmup', 'adam_inverse_sqrt', 'adam_cosine', 'adam_smooth_cosine'].includes(name)) return p.lr;
  const warmup = p.warmup_updates;
  if (numUpdates < warmup) return p.warmup_init_lr + (numUpdates * (p.lr - p.warmup_init_lr)) / warmup;
  switch (name) {
    case 'adam_inverse_sqrt':
      // Int2Int divides by zero when warmup_updates is 0; the first update then uses lr
      return p.lr * warmup ** p.exp_factor * Math.max(numUpdates, 1) ** -p.exp_factor;
    case 'adam_cosine':
      return cosine(p, numUpdates - warmup, false);
    case 'adam_smooth_cosine':
      return cosine(p, numUpdates - warmup, true);
    default:
      return p.lr;
  }
}
