// SQL92 property filters (RocketMQ 4.9's filter module) as a library: compile an expression once,
// evaluate it against message properties many times. Depends only on src/common.

export { FilterCompileError, FilterEvaluationError, JavaClass } from './errors.js';
export { CompiledExpression, FilterFactory, filterFactory, type FilterSpi, SqlFilter } from './sql-filter.js';
export { MapContext, RawPropertiesContext } from './context.js';
export type { EvaluationContext } from './evaluator.js';
export { JavaDouble, type JValue } from './java-values.js';
export { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseSelector } from './parser.js';
export { type Expr, exprToString } from './expression.js';
export { BloomFilter, type BloomFilterData, bloomFilterDataEquals } from './bloom-filter.js';
export { ExpressionType, isTagType } from '../common/filter/expression-type.js';
