// The fraction_add operation: sum of two fractions a/b + c/d, in lowest terms (Int2Int's `fraction_add`).
import { operation, type ParamsOf } from 'int2int';
import { FRACTION_PAIR_PARAMS, FractionPairOperation } from './fraction-pair-operation';
import { reduceFraction } from './integers';

@operation({
  name: 'fraction_add',
  summary: 'Sum of two fractions a/b + c/d, in lowest terms',
  params: FRACTION_PAIR_PARAMS,
})
export class FractionAddOperation extends FractionPairOperation {
  constructor(params: ParamsOf<typeof FRACTION_PAIR_PARAMS>) {
    super(params, 'fraction_add', 2, '+');
  }

  /** a/b + c/d = (ad + bc)/bd in lowest terms. */
  solve([a, b, c, d]: number[]): number[] | undefined {
    return reduceFraction(a * d + b * c, b * d);
  }
}
