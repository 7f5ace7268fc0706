// The modular_add operation: (a + b) mod modulus for two integers drawn from [minint, maxint] (Int2Int's `modular_add`).
import { operation, type ParamsOf } from 'int2int';
import { MODULAR_PARAMS, ModularOperation } from './modular-operation';

@operation({
  name: 'modular_add',
  summary: 'Sum of two integers from minint to maxint, modulo modulus',
  params: MODULAR_PARAMS,
})
export class ModularAddOperation extends ModularOperation {
  constructor(params: ParamsOf<typeof MODULAR_PARAMS>) {
    super(params, 'modular_add', '+');
  }

  protected combine(a: number, b: number): number {
    return a + b;
  }
}
