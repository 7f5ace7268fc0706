// Injection tokens of the run container (tsyringe): what a run provides to the components it builds.
import type { InjectionToken } from 'tsyringe';
import type { ParamValues } from '../operations/parameters';

/** The resolved parameters of the operation being built (its declared params only). */
export const OPERATION_PARAMS: InjectionToken<ParamValues> = Symbol.for('int2int.OPERATION_PARAMS');
