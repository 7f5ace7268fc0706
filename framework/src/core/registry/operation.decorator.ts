// The @operation class decorator: records an operation in the registry and makes it constructible.
import { injectable } from 'tsyringe';
import type { OperationClass, OperationMeta } from './operation-meta';
import { operationRegistry } from './operation-registry';

/**
 * Declares an operation. The decorator only records the class and its metadata; the registry validates
 * them and a per-run child container constructs the class with its parameters (OPERATION_PARAMS).
 */
export function operation(meta: OperationMeta): <C extends OperationClass>(ctor: C) => C {
  return <C extends OperationClass>(ctor: C): C => {
    injectable()(ctor);
    operationRegistry().register(ctor, meta);
    return ctor;
  };
}
