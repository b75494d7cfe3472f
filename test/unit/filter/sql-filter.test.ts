// The SQL92 filter library against the case table (sql-cases.ts, whose expectations Java confirms
// in sql-filter-java.test.ts): every case through a property map and through the raw properties
// string the broker hands over; plus the compile cache, the limits and the evaluation API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties, encodeProperties } from '../../../src/common/message/properties.js';
import {
  type CompiledExpression,
  type EvaluationContext,
  FilterCompileError,
  FilterEvaluationError,
  filterFactory,
  MapContext,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  RawPropertiesContext,
  SqlFilter,
} from '../../../src/filter/index.js';
import { type Props, SQL_CASES } from './sql-cases.js';

function outcome(expr: string, ctx: EvaluationContext): string {
  let compiled: CompiledExpression;
  try {
    compiled = filterFactory.compile('SQL92', expr);
  } catch (err) {
    if (err instanceof FilterCompileError) return `P:${err.remark}`;
    throw err;
  }
  try {
    const v = compiled.evaluate(ctx);
    return v === true ? 'T' : v === false ? 'F' : v === null ? 'N' : `OTHER ${String(v)}`;
  } catch (err) {
    if (err instanceof FilterEvaluationError) return `E:${err.javaClass}`;
    throw err;
  }
}

export function agrees(actual: string, expected: string): boolean {
  return expected.startsWith('P~') ? actual.startsWith(`P:${expected.slice(2)}`) : actual === expected;
}

const raw = (props: Props): string => (props ? encodeProperties(props) : '');
// The map a message's properties decode to (Java's string2messageProperties drops empty values).
const messageMap = (props: Props): Map<string, string> | null => (props ? decodeProperties(raw(props)) : null);

test('every case of the table, from a map and from the raw properties string', () => {
  const failures: string[] = [];
  const rawCtx = new RawPropertiesContext();
  for (const [expr, props, expected] of SQL_CASES) {
    const viaMap = outcome(expr, new MapContext(messageMap(props)));
    const viaRaw = outcome(expr, rawCtx.reset(raw(props)));
    if (!agrees(viaMap, expected)) {
      failures.push(
        `${JSON.stringify(expr)} ${JSON.stringify(props)}: map gave ${JSON.stringify(viaMap)}, want ${JSON.stringify(expected)}`,
      );
    }
    if (viaRaw !== viaMap) {
      failures.push(`${JSON.stringify(expr)} ${JSON.stringify(props)}: raw gave ${JSON.stringify(viaRaw)}, map ${JSON.stringify(viaMap)}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(SQL_CASES.length > 200);
});

test('matches() is true only for TRUE; unknown and evaluation errors do not match', () => {
  const c = filterFactory.compile('SQL92', 'a > 3');
  assert.equal(c.matches(new MapContext({ a: '4' })), true);
  assert.equal(c.matches(new MapContext({ a: '2' })), false);
  assert.equal(c.matches(new MapContext({})), false);
  assert.equal(c.matches(new MapContext({ a: 'x' })), false);
  assert.throws(() => c.evaluate(new MapContext({ a: 'x' })), FilterEvaluationError);
});

test('raw properties follow Java: the last of repeated names, empty values skipped', () => {
  const c = filterFactory.compile('SQL92', "a = 'second' AND b IS NULL");
  const ctx = new RawPropertiesContext();
  assert.equal(c.evaluate(ctx.reset('a\u0001first\u0002b\u0001\u0002a\u0001second')), true);
  assert.equal(c.evaluate(ctx.reset('')), null);
  // A lookup is remembered for the message, and forgotten at the next reset.
  assert.equal(filterFactory.compile('SQL92', 'x BETWEEN 1 AND 2').evaluate(ctx.reset('x\u00012')), true);
  assert.equal(filterFactory.compile('SQL92', 'x BETWEEN 1 AND 2').evaluate(ctx.reset('x\u00013')), false);
});

test('a compiled expression prints as Java prints it', () => {
  assert.equal(
    filterFactory.compile('SQL92', "a BETWEEN 1 AND 2.5 OR NOT b = 'x''y' AND c IS NOT NULL").toString(),
    "(((a >= 1) && (a <= 2.5)) || (((NOT b) == 'x''y') && (NOT (c == NULL))))",
  );
  assert.equal(filterFactory.compile('SQL92', 'a = 1e10 OR a = -0.001 OR a').toString(), '(((a == 1.0E10) || (a == (- 0.001))) || a)');
});

test('compiles are cached, errors too, for the last 100 texts', () => {
  const f = new SqlFilter();
  const a = f.compile('a = 1');
  assert.equal(f.compile('a = 1'), a);
  let first: unknown;
  try {
    f.compile('a ==');
  } catch (err) {
    first = err;
  }
  assert.ok(first instanceof FilterCompileError);
  assert.throws(() => f.compile('a =='), (err) => err === first);
  for (let i = 0; i < 100; i++) f.compile(`b = ${i}`);
  assert.notEqual(f.compile('a = 1'), a);
});

test('an unknown filter type is a compile error', () => {
  assert.throws(
    () => filterFactory.compile('GROOVY', 'a = 1'),
    (err) => err instanceof FilterCompileError && /Unsupported filter type: GROOVY/.test(err.message),
  );
  assert.throws(() => filterFactory.register(new SqlFilter()), /already exist/);
});

test('hostile input is refused within the limits, not by exhausting the stack', () => {
  const deepParens = '('.repeat(MAX_EXPRESSION_DEPTH + 1) + 'a = 1' + ')'.repeat(MAX_EXPRESSION_DEPTH + 1);
  const deepNot = 'NOT '.repeat(MAX_EXPRESSION_DEPTH + 5) + 'a';
  const deepPlus = 'a = ' + '+ '.repeat(MAX_EXPRESSION_DEPTH + 5) + '1';
  const deepEquality = 'a' + ' = 1'.repeat(MAX_EXPRESSION_DEPTH + 5);
  for (const expr of [deepParens, deepNot, deepPlus, deepEquality, '('.repeat(50_000)]) {
    assert.throws(
      () => filterFactory.compile('SQL92', expr),
      (err) => err instanceof FilterCompileError && err.remark.startsWith('java.lang.StackOverflowError: Expression nests deeper than'),
    );
  }
  assert.throws(
    () => filterFactory.compile('SQL92', `a = '${'x'.repeat(MAX_EXPRESSION_LENGTH)}'`),
    (err) => err instanceof FilterCompileError && /longer than/.test(err.message),
  );
  // Just inside the limits works, and a long flat chain costs no depth.
  const ok = '('.repeat(MAX_EXPRESSION_DEPTH - 10) + 'a = 1' + ')'.repeat(MAX_EXPRESSION_DEPTH - 10);
  assert.equal(filterFactory.compile('SQL92', ok).evaluate(new MapContext({ a: '1' })), true);
  const chain = Array.from({ length: 5000 }, (_, i) => `a = ${i}`).join(' OR ');
  assert.ok(chain.length < MAX_EXPRESSION_LENGTH);
  const compiled = filterFactory.compile('SQL92', chain);
  assert.equal(compiled.evaluate(new MapContext({ a: '4999' })), true);
  assert.equal(compiled.evaluate(new MapContext({ a: '5000' })), false);
  assert.ok(compiled.toString().startsWith('(((('));
  const wrapped = `NOT (${chain}) > 1`;
  assert.throws(
    () => filterFactory.compile('SQL92', wrapped),
    (err) => err instanceof FilterCompileError && err.remark.startsWith("java.lang.RuntimeException: Value '(NOT"),
  );
});
