// int2int-arithmetic: the arithmetic operations of Int2Int, registered with int2int when this entry point is imported.
export { GcdOperation } from './gcd.operation';
export { ModularAddOperation } from './modular_add.operation';
export { ModularMulOperation } from './modular_mul.operation';
export { FractionAddOperation } from './fraction_add.operation';
export { FractionProductOperation } from './fraction_product.operation';
export { FractionSimplifyOperation } from './fraction_simplify.operation';
export { FractionCompareOperation } from './fraction_compare.operation';
export { FractionDeterminantOperation } from './fraction_determinant.operation';
export { FractionRoundOperation } from './fraction_round.operation';
export { MatrixRankOperation } from './matrix_rank.operation';
