// int2int-elliptic: elliptic-curve operations for int2int, registered with int2int when this entry point is imported.
export { EllipticRankOperation } from './elliptic_rank.operation';
export { EllipticTorsionOperation } from './elliptic_torsion.operation';
export { EllipticApOperation } from './elliptic_ap.operation';
export { EllipticEulerOperation } from './elliptic_euler.operation';
export { apList, firstPrimes } from './ap';
export { IntTuple } from './int-tuple';
export { describeCurve, invariantsOf, type Coefficients } from './weierstrass';
