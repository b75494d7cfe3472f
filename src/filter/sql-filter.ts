// Compiling filter expressions (Java's FilterFactory, FilterSpi and SqlFilter): the SQL92 filter
// is registered under its expression type, and compiled expressions, or the error an expression
// gives, are cached for the last 100 distinct texts (SelectorParser's cache), since a pull that
// carries its subscription compiles it again.

import { ExpressionType } from '../common/filter/expression-type.js';
import { FilterCompileError, FilterEvaluationError, JavaClass } from './errors.js';
import { compile, type EvaluationContext, type Evaluator } from './evaluator.js';
import { type Expr, exprToString } from './expression.js';
import type { JValue } from './java-values.js';
import { parseSelector } from './parser.js';

/** A compiled expression, safe to share: evaluation keeps no state. */
export class CompiledExpression {
  private readonly run: Evaluator;
  constructor(readonly text: string, readonly tree: Expr) {
    this.run = compile(tree);
  }

  /** TRUE, FALSE or null (unknown); throws FilterEvaluationError where Java's evaluator throws. */
  evaluate(ctx: EvaluationContext): JValue {
    return this.run(ctx);
  }

  /** Whether a message matches: only a TRUE result does; an evaluation error does not. */
  matches(ctx: EvaluationContext): boolean {
    try {
      return this.run(ctx) === true;
    } catch (err) {
      if (err instanceof FilterEvaluationError) return false;
      throw err;
    }
  }

  toString(): string {
    return exprToString(this.tree);
  }
}

export interface FilterSpi {
  readonly type: string;
  compile(expression: string): CompiledExpression;
}

const CACHE_SIZE = 100;

export class SqlFilter implements FilterSpi {
  readonly type = ExpressionType.SQL92;
  private readonly cache = new Map<string, CompiledExpression | FilterCompileError>();

  compile(expression: string): CompiledExpression {
    let hit = this.cache.get(expression);
    if (hit === undefined) {
      try {
        hit = new CompiledExpression(expression, parseSelector(expression));
      } catch (err) {
        if (!(err instanceof FilterCompileError)) throw err;
        hit = err;
      }
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(expression, hit);
    } else {
      // Most recently used last.
      this.cache.delete(expression);
      this.cache.set(expression, hit);
    }
    if (hit instanceof FilterCompileError) throw hit;
    return hit;
  }
}

export class FilterFactory {
  private readonly filters = new Map<string, FilterSpi>();

  register(spi: FilterSpi): void {
    if (this.filters.has(spi.type)) throw new Error(`Filter spi type(${spi.type}) already exist!`);
    this.filters.set(spi.type, spi);
  }

  unregister(type: string): FilterSpi | undefined {
    const spi = this.filters.get(type);
    this.filters.delete(type);
    return spi;
  }

  get(type: string): FilterSpi | undefined {
    return this.filters.get(type);
  }

  /** Compiles with the filter of `type`; an unknown type is a compile error. */
  compile(type: string, expression: string): CompiledExpression {
    const spi = this.filters.get(type);
    if (!spi) throw new FilterCompileError(JavaClass.RUNTIME, `Unsupported filter type: ${type}`);
    return spi.compile(expression);
  }
}

/** The process-wide factory with the SQL92 filter registered (FilterFactory.INSTANCE). */
export const filterFactory = new FilterFactory();
filterFactory.register(new SqlFilter());
