// The modular_mul operation: (a * b) mod modulus for two integers drawn from [minint, maxint] (Int2Int's `modular_mul`).
import { operation, type ParamsOf } from 'int2int';
import { largestOperand } from './integers';
import { MODULAR_PARAMS, ModularOperation } from './modular-operation';

@operation({
  name: 'modular_mul',
  summary: 'Product of two integers from minint to maxint, modulo modulus',
  params: MODULAR_PARAMS,
})
export class ModularMulOperation extends ModularOperation {
  constructor(params: ParamsOf<typeof MODULAR_PARAMS>) {
    super(params, 'modular_mul', '*');
    if (this.modulus - 1 > largestOperand(1)) {
      throw new Error(`--modulus ${this.modulus} is too large: (modulus - 1)^2 must be a safe integer`);
    }
  }

  protected combine(a: number, b: number): number {
    return a * b;
  }
}
