// The fraction_product operation: product of two fractions a/b * c/d, in lowest terms (Int2Int's `fraction_product`).
import { operation, type ParamsOf } from 'int2int';
import { FRACTION_PAIR_PARAMS, FractionPairOperation } from './fraction-pair-operation';
import { reduceFraction } from './integers';

@operation({
  name: 'fraction_product',
  summary: 'Product of two fractions a/b * c/d, in lowest terms',
  params: FRACTION_PAIR_PARAMS,
})
export class FractionProductOperation extends FractionPairOperation {
  constructor(params: ParamsOf<typeof FRACTION_PAIR_PARAMS>) {
    super(params, 'fraction_product', 1, '*');
  }

  /** a/b * c/d = ac/bd in lowest terms. */
  solve([a, b, c, d]: number[]): number[] | undefined {
    return reduceFraction(a * c, b * d);
  }
}
