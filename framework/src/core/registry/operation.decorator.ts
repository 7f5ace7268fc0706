// The @operation class decorator: records an operation in the registry and makes it constructible with its parameters.
import { inject, injectable } from 'tsyringe';
import type { ParamSpecs, ParamsOf } from '../../operations/parameters';
import { OPERATION_PARAMS } from '../tokens';
import type { OperationClass, OperationMeta } from './operation-meta';
import { operationRegistry } from './operation-registry';

/** tsyringe's record of the tokens declared with @inject, per constructor argument. */
const INJECTION_TOKENS = 'injectionTokens';

/**
 * Declares an operation. The decorator only records the class and its metadata; the registry validates them,
 * and a per-run child container constructs the class, passing the resolved parameters (typed from
 * `params`: `ParamsOf<typeof params>`) as the constructor's first argument: no injection token to write.
 */
export function operation<const P extends ParamSpecs = Record<never, never>>(
  meta: OperationMeta<P>,
): <C extends OperationClass<ParamsOf<P>>>(ctor: C) => C {
  return <C extends OperationClass<ParamsOf<P>>>(ctor: C): C => {
    const declared = Reflect.getOwnMetadata(INJECTION_TOKENS, ctor) as Record<number, unknown> | undefined;
    if (declared?.[0] === undefined) inject(OPERATION_PARAMS)(ctor, undefined, 0);
    injectable()(ctor);
    operationRegistry().register(ctor, meta);
    return ctor;
  };
}
