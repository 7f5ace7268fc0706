// The elliptic_rank operation: the Mordell-Weil rank of a curve over Q from its coefficients, read from files.
import { operation, type ParamsOf } from 'int2int';
import { CURVE_INVARIANT_PARAMS, CurveInvariantOperation } from './curve-invariant';

/** Ranks 0..28: 28 is the largest rank known (Elkies, 2006); the shared files have ranks 0 to 3. */
export const MAX_RANK = 28;

@operation({
  name: 'elliptic_rank',
  summary: 'Rank of an elliptic curve over Q from [a1, a2, a3, a4, a6] (files: rank.train/test)',
  params: CURVE_INVARIANT_PARAMS,
  generates: false,
})
export class EllipticRankOperation extends CurveInvariantOperation {
  constructor(params: ParamsOf<typeof CURVE_INVARIANT_PARAMS>) {
    super(params, 'elliptic_rank', 'rank', [0, MAX_RANK]);
  }
}
