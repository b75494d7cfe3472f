// The selector's expression tree and the rules Java applies while building it (ComparisonExpression,
// LogicExpression, UnaryExpression, ConstantExpression factories): which operands a comparison
// accepts, BETWEEN's constant bounds, IN only on a property, and the boolean cast of a bare
// property. A rule broken raises the Java exception's message. `toString` prints a node the way
// Java does, since some messages quote it. Evaluation lives in evaluator.ts.

import { FilterCompileError, FilterEvaluationError, JavaClass } from './errors.js';
import { compareValues, JavaDouble, javaString, type JValue } from './java-values.js';

export type CompareOp = '==' | '>' | '>=' | '<' | '<=';
export type LogicOp = '||' | '&&';

/** A literal; `bool` marks TRUE, FALSE and NULL, which are boolean expressions in Java. */
export interface ConstNode {
  t: 'const';
  value: JValue;
  bool: boolean;
  depth: 1;
}
export interface PropNode {
  t: 'prop';
  name: string;
  depth: 1;
}
export interface NegateNode {
  t: 'neg';
  operand: Expr;
  depth: number;
}
export interface NotNode {
  t: 'not';
  operand: Expr;
  depth: number;
}
/** A bare property where a boolean is needed: TRUE only if the value is a Boolean (never a string). */
export interface CastNode {
  t: 'cast';
  operand: PropNode;
  depth: number;
}
export interface CompareNode {
  t: 'cmp';
  op: CompareOp;
  left: Expr;
  right: Expr;
  depth: number;
}
export interface LogicNode {
  t: 'logic';
  op: LogicOp;
  left: Expr;
  right: Expr;
  depth: number;
}
export interface InNode {
  t: 'in';
  operand: PropNode;
  values: string[];
  not: boolean;
  depth: number;
}

export type Expr = ConstNode | PropNode | NegateNode | NotNode | CastNode | CompareNode | LogicNode | InNode;

export const NULL_CONST: ConstNode = { t: 'const', value: null, bool: true, depth: 1 };
export const TRUE_CONST: ConstNode = { t: 'const', value: true, bool: true, depth: 1 };
export const FALSE_CONST: ConstNode = { t: 'const', value: false, bool: true, depth: 1 };

const runtime = (message: string): FilterCompileError => new FilterCompileError(JavaClass.RUNTIME, message);

/** Whether Java's node implements BooleanExpression. */
export function isBooleanExpr(e: Expr): boolean {
  return e.t === 'const' ? e.bool : e.t !== 'prop' && e.t !== 'neg';
}

/** A logic chain's depth: the chain evaluates as one flat list, so its length does not count. */
function logicDepth(op: LogicOp, left: Expr, right: Expr): number {
  const l = left.t === 'logic' && left.op === op ? left.depth : left.depth + 1;
  const r = right.t === 'logic' && right.op === op ? right.depth : right.depth + 1;
  return Math.max(l, r);
}

export function constant(value: JValue): ConstNode {
  return { t: 'const', value, bool: false, depth: 1 };
}

export function property(name: string): PropNode {
  return { t: 'prop', name, depth: 1 };
}

/** ConstantExpression.createFromDecimal: an L suffix is dropped; int range gives an Integer. */
export function decimalLiteral(text: string): ConstNode {
  const digits = /[lL]$/.test(text) ? text.slice(0, -1) : text;
  const v = BigInt(digits);
  if (v > 2n ** 63n - 1n) throw new FilterCompileError(JavaClass.NUMBER_FORMAT, `For input string: "${digits}"`);
  return constant(v <= 2147483647n ? Number(v) : v);
}

/** ConstantExpression.createFloat: a literal that overflows, or rounds to zero, is refused. */
export function floatLiteral(text: string): ConstNode {
  const v = Number(text);
  if (v === Infinity) throw runtime(`${text} is greater than 1.7976931348623157E308`);
  if (v < Number.MIN_VALUE) throw runtime(`${text} is less than 4.9E-324`);
  return constant(new JavaDouble(v));
}

export function asBooleanExpr(e: Expr): Expr {
  if (isBooleanExpr(e)) return e;
  if (e.t === 'prop') return { t: 'cast', operand: e, depth: 2 };
  throw new FilterCompileError(JavaClass.PARSE, `Expression will not result in a boolean value: ${exprToString(e)}`);
}

export function logic(op: LogicOp, left: Expr, right: Expr): LogicNode {
  return { t: 'logic', op, left: asBooleanExpr(left), right: asBooleanExpr(right), depth: logicDepth(op, left, right) };
}

export function not(operand: Expr): NotNode {
  const e = asBooleanExpr(operand);
  return { t: 'not', operand: e, depth: e.depth + 1 };
}

export function negate(operand: Expr): NegateNode {
  return { t: 'neg', operand, depth: operand.depth + 1 };
}

function compareNode(op: CompareOp, left: Expr, right: Expr): CompareNode {
  return { t: 'cmp', op, left, right, depth: Math.max(left.depth, right.depth) + 1 };
}

// checkEqualOperand: NULL is compared only through IS [NOT] NULL.
function checkEqualOperand(e: Expr): void {
  if (e.t === 'const' && e.value === null) throw runtime(`'${exprToString(e)}' cannot be compared.`);
}

// checkLessThanOperand: only numbers are ordered; a constant string or boolean, or a boolean
// expression, is refused (a property may still hold anything).
function checkLessThanOperand(e: Expr): void {
  if (e.t === 'const') {
    const v = e.value;
    if (typeof v === 'number' || typeof v === 'bigint' || v instanceof JavaDouble) return;
    throw runtime(`Value '${exprToString(e)}' cannot be compared.`);
  }
  if (isBooleanExpr(e)) throw runtime(`Value '${exprToString(e)}' cannot be compared.`);
}

export function equal(left: Expr, right: Expr): CompareNode {
  checkEqualOperand(left);
  checkEqualOperand(right);
  if (left.t === 'const' && right.t === 'const' && left.bool && !right.bool) {
    throw runtime(`'${exprToString(left)}' cannot be compared with '${exprToString(right)}'`);
  }
  return compareNode('==', left, right);
}

export function notEqual(left: Expr, right: Expr): NotNode {
  return not(equal(left, right));
}

export function isNull(operand: Expr): CompareNode {
  return compareNode('==', operand, NULL_CONST);
}

export function isNotNull(operand: Expr): NotNode {
  return not(isNull(operand));
}

export function ordered(op: Exclude<CompareOp, '=='>, left: Expr, right: Expr): CompareNode {
  checkLessThanOperand(left);
  checkLessThanOperand(right);
  return compareNode(op, left, right);
}

export function between(value: Expr, low: Expr, high: Expr): LogicNode {
  if (low.t === 'const' && high.t === 'const') {
    const lv = low.value;
    const hv = high.value;
    if (lv === null || hv === null) throw runtime('Illegal values of between, values can not be null!');
    let order: number;
    try {
      order = compareValues(hv, lv);
    } catch (err) {
      if (err instanceof FilterEvaluationError) throw new FilterCompileError(err.javaClass, err.message);
      throw err;
    }
    if (order < 0) {
      throw runtime(`Illegal values of between, left value(${javaString(lv)}) must less than or equal to right value(${javaString(hv)})`);
    }
  }
  return logic('&&', ordered('>=', value, low), ordered('<=', value, high));
}

export function notBetween(value: Expr, low: Expr, high: Expr): LogicNode {
  return logic('||', ordered('<', value, low), ordered('>', value, high));
}

export function inList(operand: Expr, values: string[], negated: boolean): InNode {
  if (operand.t !== 'prop') throw runtime(`Expected a property for In expression, got: ${exprToString(operand)}`);
  return { t: 'in', operand, values, not: negated, depth: 2 };
}

function constToString(v: JValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  return javaString(v);
}

/**
 * Java's toString of a node. A logic chain is printed without recursing along it, so a long
 * "a OR b OR ..." cannot exhaust the stack. (Java prints an IN list of five or more values in
 * HashSet order; this prints them as written.)
 */
export function exprToString(e: Expr): string {
  switch (e.t) {
    case 'const':
      return constToString(e.value);
    case 'prop':
      return e.name;
    case 'neg':
      return `(- ${exprToString(e.operand)})`;
    case 'not':
      return `(NOT ${exprToString(e.operand)})`;
    case 'cast':
      return e.operand.name;
    case 'cmp':
      return `(${exprToString(e.left)} ${e.op} ${exprToString(e.right)})`;
    case 'in':
      return `${e.operand.name} ${e.not ? 'NOT IN' : 'IN'} ( ${e.values.join(', ')} )`;
    case 'logic': {
      const rights: Expr[] = [];
      let node: Expr = e;
      while (node.t === 'logic' && node.op === e.op) {
        rights.push(node.right);
        node = node.left;
      }
      let out = '('.repeat(rights.length) + exprToString(node);
      for (let i = rights.length - 1; i >= 0; i--) out += ` ${e.op} ${exprToString(rights[i]!)})`;
      return out;
    }
  }
}
