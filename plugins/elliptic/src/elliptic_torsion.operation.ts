// The elliptic_torsion operation: the order of the torsion subgroup of E(Q) from the coefficients, read from files.
import { operation, type ParamsOf } from 'int2int';
import { CURVE_INVARIANT_PARAMS, CurveInvariantOperation } from './curve-invariant';

/** By Mazur's theorem the torsion order is 1..10, 12 or 16. */
export const MAX_TORSION = 16;

@operation({
  name: 'elliptic_torsion',
  summary:
    'Torsion order #E(Q)_tors of an elliptic curve from [a1, a2, a3, a4, a6] (files: torsion.train/test)',
  params: CURVE_INVARIANT_PARAMS,
  generates: false,
})
export class EllipticTorsionOperation extends CurveInvariantOperation {
  constructor(params: ParamsOf<typeof CURVE_INVARIANT_PARAMS>) {
    super(params, 'elliptic_torsion', 'torsion', [1, MAX_TORSION]);
  }
}
