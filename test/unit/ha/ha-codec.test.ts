// The HA wire format: 8-byte offset reports and 12-byte frame headers, cut anywhere by TCP.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeReport,
  FRAME_HEADER_SIZE,
  FrameDecoder,
  MAX_FRAME_BODY,
  ReportDecoder,
  writeFrameHeader,
} from '../../../src/ha/ha-codec.js';

test('reports decode in order however the stream is cut', () => {
  const offsets = [0, 1, 0x1_0000_0000 + 7, 2 ** 40 + 12345];
  const stream = Buffer.concat(offsets.map(encodeReport));
  assert.deepEqual([...encodeReport(0x0102030405)], [0, 0, 0, 1, 2, 3, 4, 5]);
  for (let cut = 1; cut < 9; cut++) {
    const d = new ReportDecoder();
    const got: number[] = [];
    for (let p = 0; p < stream.length; p += cut) d.push(stream.subarray(p, p + cut), (o) => (got.push(o), true));
    assert.deepEqual(got, offsets, `cut ${cut}`);
  }
  // A refused report stops decoding.
  const got: number[] = [];
  assert.equal(new ReportDecoder().push(stream, (o) => (got.push(o), got.length < 2)), false);
  assert.equal(got.length, 2);
});

test('frames: header then body, split anywhere; heartbeats are empty frames', () => {
  const bodyA = Buffer.from('commit-log bytes A');
  const bodyB = Buffer.alloc(1000, 7);
  const h = Buffer.alloc(FRAME_HEADER_SIZE * 3);
  writeFrameHeader(h, 0, 4096, bodyA.length);
  writeFrameHeader(h, 12, 4096 + bodyA.length, 0);
  writeFrameHeader(h, 24, 4096 + bodyA.length, bodyB.length);
  assert.deepEqual([...h.subarray(0, 12)], [0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, bodyA.length]);
  const stream = Buffer.concat([h.subarray(0, 12), bodyA, h.subarray(12, 24), h.subarray(24), bodyB]);
  for (const cut of [1, 5, 12, 13, 100, stream.length]) {
    const heads: Array<[number, number]> = [];
    const bodies: Buffer[] = [];
    const d = new FrameDecoder();
    for (let p = 0; p < stream.length; p += cut) {
      assert.equal(
        d.push(stream.subarray(p, p + cut), {
          header: (o, s) => (heads.push([o, s]), true),
          body: (b) => void bodies.push(Buffer.from(b)),
        }),
        true,
      );
    }
    assert.deepEqual(heads, [[4096, bodyA.length], [4096 + bodyA.length, 0], [4096 + bodyA.length, bodyB.length]], `cut ${cut}`);
    assert.deepEqual(Buffer.concat(bodies), Buffer.concat([bodyA, bodyB]));
  }
});

test('frames that cannot be right are refused', () => {
  const sink = { header: () => true, body: () => undefined };
  const bad = (offset: number, size: number) => {
    const h = Buffer.alloc(FRAME_HEADER_SIZE);
    writeFrameHeader(h, 0, offset, size);
    return new FrameDecoder().push(h, sink);
  };
  assert.equal(bad(0, -1), false, 'negative size');
  assert.equal(bad(0, MAX_FRAME_BODY + 1), false, 'larger than a Java slave can take');
  assert.equal(bad(-5, 0), false, 'negative offset');
  assert.equal(bad(10, MAX_FRAME_BODY), true);
  assert.equal(new FrameDecoder().push(Buffer.alloc(12), { header: () => false, body: () => undefined }), false, 'refused by the sink');
});
