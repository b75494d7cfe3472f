// The runtime seam's UTF-8 writer, the fast one and the documented fallback, on every runtime: the
// bytes Buffer.from gives, the count of bytes written, and a limit that never splits a character.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Utf8Writer, writeUtf8, writeUtf8Portable } from '../../../src/common/runtime.js';

const SAMPLES = [
  '',
  'KEYS\u0001k1 k2\u0002TAGS\u0001TagA\u0002WAIT\u0001true',
  'caf\u00e9 \u00fcber',
  '\u4e2d\u6587\u6d88\u606f',
  'emoji \u{1F600}\u{1F680} end',
  'x'.repeat(5000),
];

for (const [name, write] of [['writeUtf8', writeUtf8], ['writeUtf8Portable', writeUtf8Portable]] as Array<[string, Utf8Writer]>) {
  test(`${name} writes what Buffer.from encodes, at the offset, leaving the rest alone`, () => {
    for (const s of SAMPLES) {
      const want = Buffer.from(s, 'utf8');
      const buf = Buffer.alloc(want.length + 10, 0xee);
      const n = write(buf, s, 3, buf.length - 3);
      assert.equal(n, want.length, s);
      assert.deepEqual(buf.subarray(3, 3 + n), want);
      assert.ok(buf.subarray(0, 3).every((b) => b === 0xee));
      assert.ok(buf.subarray(3 + n).every((b) => b === 0xee));
    }
  });

  test(`${name} stops before a character that does not fit`, () => {
    const s = 'ab\u00e9\u4e2d\u{1F600}';
    // a b | c3 a9 | e4 b8 ad | f0 9f 98 80
    for (const [limit, expected] of [[1, 1], [3, 2], [4, 4], [6, 4], [7, 7], [10, 7], [11, 11]] as const) {
      const buf = Buffer.alloc(16, 0);
      assert.equal(write(buf, s, 0, limit), expected, `limit ${limit}`);
      assert.deepEqual(buf.subarray(0, expected), Buffer.from(s, 'utf8').subarray(0, expected));
      assert.ok(buf.subarray(expected).every((b) => b === 0), `nothing past ${expected} with limit ${limit}`);
    }
  });
}
