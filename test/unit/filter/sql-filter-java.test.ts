// Java's own SQL92 filter (rocketmq-filter, run by test/java/client's SqlFilterEval) against the
// case table of sql-cases.ts and the bloom filter positions: the table's expectations are Java's,
// so our library, which passes the same table, behaves as Java's does. Skipped without Java.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { encodeProperties } from '../../../src/common/message/properties.js';
import { BloomFilter } from '../../../src/filter/index.js';
import { requireReferees, runJavaClient } from '../../harness/java.js';
import { tmpDir } from '../../harness/tmp.js';
import { BLOOM_CASES, SQL_CASES } from './sql-cases.js';

const b64 = (s: string): string => '=' + Buffer.from(s, 'utf8').toString('base64');

test("Java's evaluator gives every result of the table, and the same bloom positions", async (t) => {
  if (!requireReferees(t, 'client')) return;
  const dir = tmpDir('mq-sql-java-', t);
  const input = path.join(dir, 'cases.txt');
  const lines = SQL_CASES.map(([expr, props]) => `E ${b64(expr)} ${props ? b64(encodeProperties(props)) : '-'}`);
  for (const [f, n, text] of BLOOM_CASES) lines.push(`B ${f} ${n} ${b64(text)}`);
  fs.writeFileSync(input, lines.join('\n') + '\n');
  const run = await runJavaClient('mqtest.SqlFilterEval', [input]);
  assert.equal(run.code, 0, run.stderr);
  const out = run.stdout.split('\n').filter((l) => l.length > 0);
  assert.equal(out.length, lines.length);
  const failures: string[] = [];
  SQL_CASES.forEach(([expr, props, expected], i) => {
    const line = out[i]!;
    const java = line.startsWith('PARSE ')
      ? `P:${Buffer.from(line.slice(6), 'base64').toString('utf8')}`
      : line.startsWith('ERROR ')
      ? `E:${line.slice(6)}`
      : line === 'TRUE'
      ? 'T'
      : line === 'FALSE'
      ? 'F'
      : line === 'NULL'
      ? 'N'
      : line;
    const ok = expected.startsWith('P~') ? java.startsWith(`P:${expected.slice(2)}`) : java === expected;
    if (!ok) {
      failures.push(
        `${JSON.stringify(expr)} ${JSON.stringify(props)}: Java gave ${JSON.stringify(java)}, table says ${JSON.stringify(expected)}`,
      );
    }
  });
  BLOOM_CASES.forEach(([f, n, text], i) => {
    const bloom = new BloomFilter(f, n);
    const ours = `BLOOM ${bloom.m} ${bloom.calcBitPositions(text).join(',')}`;
    if (out[SQL_CASES.length + i] !== ours) {
      failures.push(`bloom ${f} ${n} ${JSON.stringify(text)}: Java ${out[SQL_CASES.length + i]}, ours ${ours}`);
    }
  });
  assert.deepEqual(failures, []);
});
