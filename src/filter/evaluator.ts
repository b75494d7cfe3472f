// Evaluation of an expression tree, compiled once into closures. Java's rules: three-valued logic
// (null is "unknown": AND is false if either side is false, OR true if either is true, otherwise
// null if either is null), NOT null is null, a comparison with a null side is null except that
// `x = NULL`-style equality (IS NULL) of two nulls is true, IN on a missing property is null.
// Operands are evaluated left to right, and AND/OR stop at the first deciding operand, which
// matters because a comparison may throw (a string property that is not a number compared with a
// number): the throw ends the whole evaluation. Logic chains run as flat loops, so a long
// "a OR b OR ..." costs no stack.

import { FilterEvaluationError, JavaClass } from './errors.js';
import { compareDouble, compareValues, JavaDouble, javaEquals, type JValue, NumberFormatError, parseJavaDouble } from './java-values.js';
import type { CompareOp, Expr, LogicOp } from './expression.js';

/** Where property values come from (Java's EvaluationContext); undefined or null: absent. */
export interface EvaluationContext {
  get(name: string): JValue | undefined;
}

export type Evaluator = (ctx: EvaluationContext) => JValue;

function negateValue(v: JValue): JValue {
  if (typeof v === 'number') return -v | 0;
  if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
  if (v instanceof JavaDouble) return new JavaDouble(-v.value);
  return null;
}

const TEST: Record<Exclude<CompareOp, '=='>, (order: number) => boolean> = {
  '>': (o) => o > 0,
  '>=': (o) => o >= 0,
  '<': (o) => o < 0,
  '<=': (o) => o <= 0,
};

function orderOfStrings(l: string, r: string): number {
  // Two strings are ordered only as numbers (ComparisonExpression.evaluate).
  try {
    return compareDouble(parseJavaDouble(l), parseJavaDouble(r));
  } catch (err) {
    if (err instanceof NumberFormatError) {
      throw new FilterEvaluationError(JavaClass.RUNTIME, `It's illegal to compare string by '>=', '>', '<', '<='. lv=${l}, rv=${r}`);
    }
    throw err;
  }
}

function compileCompare(op: CompareOp, left: Evaluator, right: Evaluator): Evaluator {
  if (op === '==') {
    return (ctx) => {
      const lv = left(ctx);
      const rv = right(ctx);
      if (lv === null || rv === null) return lv === rv ? true : lv === null ? null : false;
      if (typeof lv === typeof rv && !(lv instanceof JavaDouble) === !(rv instanceof JavaDouble)) return javaEquals(lv, rv);
      return compareValues(lv, rv) === 0;
    };
  }
  const test = TEST[op];
  return (ctx) => {
    const lv = left(ctx);
    if (lv === null) return null;
    const rv = right(ctx);
    if (rv === null) return null;
    if (typeof lv === 'string' && typeof rv === 'string') return test(orderOfStrings(lv, rv));
    return test(compareValues(lv, rv));
  };
}

function compileLogic(op: LogicOp, e: Expr): Evaluator {
  // Flatten the chain (either nesting side) into its operands, in evaluation order.
  const operands: Evaluator[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.t === 'logic' && n.op === op) stack.push(n.right, n.left);
    else operands.push(compile(n));
  }
  const decisive = op === '||';
  return (ctx) => {
    let unknown = false;
    for (let i = 0; i < operands.length; i++) {
      const v = operands[i]!(ctx);
      if (v === decisive) return decisive;
      if (v === null) unknown = true;
    }
    return unknown ? null : !decisive;
  };
}

export function compile(e: Expr): Evaluator {
  switch (e.t) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'prop': {
      const name = e.name;
      return (ctx) => ctx.get(name) ?? null;
    }
    case 'neg': {
      if (e.operand.t === 'const') {
        const v = negateValue(e.operand.value);
        return () => v;
      }
      const x = compile(e.operand);
      return (ctx) => negateValue(x(ctx));
    }
    case 'not': {
      const x = compile(e.operand);
      return (ctx) => {
        const v = x(ctx);
        return v === null ? null : !v;
      };
    }
    case 'cast': {
      const name = e.operand.name;
      return (ctx) => {
        const v = ctx.get(name) ?? null;
        return v === null ? null : v === true;
      };
    }
    case 'in': {
      const name = e.operand.name;
      const values = new Set(e.values);
      const negated = e.not;
      return (ctx) => {
        const v = ctx.get(name) ?? null;
        if (typeof v !== 'string') return null;
        return values.has(v) !== negated;
      };
    }
    case 'cmp':
      return compileCompare(e.op, compile(e.left), compile(e.right));
    case 'logic':
      return compileLogic(e.op, e);
  }
}
