// The commit-log record format: every field round-trips (IPv4 and IPv6 hosts, compressed bodies),
// concatenated records decode as a PULL_MESSAGE body, v2 records decode, and bad bytes are refused.
// Also the compression codecs, LZ4 frames included, and the SEND_BATCH_MESSAGE body.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { goldenStoreDir, readJson } from '../../harness/fixtures.js';
import {
  bodyCrc,
  decodeMessage,
  decodeMessages,
  type EncodableMessage,
  encodeMessage,
  MessageDecodeError,
  recordLength,
} from '../../../src/common/message/record-codec.js';
import { encodeSocketAddress } from '../../../src/common/message/socket-address.js';
import {
  compressBody,
  compressedSysFlag,
  decompressBody,
  DecompressionError,
  UnsupportedCompressionError,
} from '../../../src/common/message/compression.js';
import { CompressionType, MessageSysFlag } from '../../../src/common/message/sysflag.js';
import { Lz4FormatError, lz4FrameCompress, lz4FrameDecompress, xxh32 } from '../../../src/common/message/lz4.js';
import { decodeBatch, encodeBatch } from '../../../src/common/message/batch-codec.js';
import { createMessageId } from '../../../src/common/message/message-id.js';

function sample(over: Partial<EncodableMessage> = {}): EncodableMessage {
  return {
    topic: 'TopicTest',
    flag: 7,
    body: Buffer.from('héllo wörld ✓ 日本語 🚀'),
    propertiesString: 'KEYS\u0001k1 k2\u0002TAGS\u0001TagA\u0002UNIQ_KEY\u0001C0A8000100002A9F0000000000000001',
    queueId: 3,
    queueOffset: 123456789012,
    commitLogOffset: 2 ** 42 + 17,
    sysFlag: 0,
    bornTimestamp: 1795769752610,
    bornHostBytes: encodeSocketAddress('127.0.0.1', 44926),
    storeTimestamp: 1795769752624,
    storeHostBytes: encodeSocketAddress('127.0.0.1', 11911),
    reconsumeTimes: 2,
    preparedTransactionOffset: 180610,
    ...over,
  };
}

function checkRoundTrip(m: EncodableMessage): void {
  const raw = encodeMessage(m);
  const d = decodeMessage(raw, 0, { decompress: false });
  assert.equal(d.storeSize, raw.length);
  assert.equal(d.topic, m.topic);
  assert.equal(d.flag, m.flag);
  assert.deepEqual(d.body, Buffer.from(m.body));
  assert.equal(d.propertiesString, m.propertiesString);
  assert.equal(d.queueId, m.queueId);
  assert.equal(d.queueOffset, m.queueOffset);
  assert.equal(d.commitLogOffset, m.commitLogOffset);
  assert.equal(d.bornTimestamp, m.bornTimestamp);
  assert.deepEqual(d.bornHostBytes, Buffer.from(m.bornHostBytes));
  assert.equal(d.storeTimestamp, m.storeTimestamp);
  assert.deepEqual(d.storeHostBytes, Buffer.from(m.storeHostBytes));
  assert.equal(d.reconsumeTimes, m.reconsumeTimes);
  assert.equal(d.preparedTransactionOffset, m.preparedTransactionOffset);
  assert.equal(d.bodyCRC, bodyCrc(m.body));
  assert.equal(d.msgId, createMessageId(m.storeHostBytes, m.commitLogOffset));
  assert.equal(d.version, 1);
  assert.deepEqual(encodeMessage({ ...d, body: d.body }), raw);
}

test('every field of a v1 record round-trips, IPv4 hosts', () => {
  const m = sample();
  checkRoundTrip(m);
  const d = decodeMessage(encodeMessage(m));
  assert.equal(d.tags, 'TagA');
  assert.equal(d.keys, 'k1 k2');
  assert.equal(d.bornHostString, '127.0.0.1:44926');
  assert.equal(d.storeHostString, '127.0.0.1:11911');
  assert.equal(d.sysFlag, 0);
});

test('every field of a v1 record round-trips, IPv6 hosts set the V6 sysFlag bits', () => {
  const m = sample({ bornHostBytes: encodeSocketAddress('::1', 53700), storeHostBytes: encodeSocketAddress('fd00::2', 11921) });
  checkRoundTrip(m);
  const d = decodeMessage(encodeMessage(m));
  assert.equal(d.sysFlag, MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG);
  assert.equal(d.bornHostString, '[::1]:53700');
  assert.equal(d.storeHostString, '[fd00::2]:11921');
  assert.equal(d.msgId.length, 56);
  assert.equal(encodeMessage(m).length, recordLength(d.sysFlag, m.body.length, 9, Buffer.byteLength(m.propertiesString)));
});

test('compressed bodies: stored compressed, decoded decompressed (zlib and LZ4)', () => {
  const plain = Buffer.from('0123456789abcdef'.repeat(400));
  for (const type of [CompressionType.ZLIB, CompressionType.LZ4]) {
    const body = compressBody(plain, type);
    const m = sample({ body, sysFlag: compressedSysFlag(0, type) });
    checkRoundTrip(m);
    const d = decodeMessage(encodeMessage(m));
    assert.deepEqual(d.body, plain);
    assert.equal(d.sysFlag, type === CompressionType.ZLIB ? 769 : 257);
  }
  assert.throws(
    () => decodeMessage(encodeMessage(sample({ body: Buffer.from('x'), sysFlag: compressedSysFlag(0, CompressionType.ZSTD) }))),
    UnsupportedCompressionError,
  );
  assert.throws(() => decompressBody(Buffer.from('not zlib'), CompressionType.ZLIB), DecompressionError);
});

test('concatenated records decode as a pull body; decoding stops at a bad record', () => {
  const recs = [
    sample({ queueOffset: 0 }),
    sample({ queueOffset: 1, topic: 'B' }),
    sample({ queueOffset: 2, body: Buffer.alloc(0), propertiesString: '' }),
  ].map(encodeMessage);
  const all = decodeMessages(Buffer.concat(recs));
  assert.deepEqual(all.map((m) => m.queueOffset), [0, 1, 2]);
  assert.equal(all[2]!.body.length, 0);
  assert.equal(all[2]!.properties.size, 0);
  const torn = Buffer.concat([recs[0]!, recs[1]!.subarray(0, 30)]);
  assert.equal(decodeMessages(torn).length, 1);
  assert.throws(() => decodeMessage(recs[0]!.subarray(0, 50)), MessageDecodeError);
  const badMagic = Buffer.from(recs[0]!);
  badMagic.writeInt32BE(0x12345678, 4);
  assert.throws(() => decodeMessage(badMagic), /bad magic/);
});

test('v2 records (magic 0xDAA320AB, 2-byte topic length) decode', () => {
  const v1 = encodeMessage(sample({ topic: 'T2' }));
  const topicPos = v1.length - 2 - Buffer.byteLength(sample().propertiesString) - 2 - 1;
  const v2 = Buffer.concat([v1.subarray(0, topicPos), Buffer.from([0, 2]), v1.subarray(topicPos + 1)]);
  v2.writeInt32BE(v2.length, 0);
  v2.writeInt32BE(-626843477, 4);
  const d = decodeMessage(v2);
  assert.equal(d.version, 2);
  assert.equal(d.topic, 'T2');
  assert.equal(d.tags, 'TagA');
});

test('the LZ4 frame from the 4.9.8 fixture decompresses, and our frames round-trip', () => {
  interface M {
    sysFlag: number;
    bodyBase64?: string;
    bodyDecompressedUtf8?: string;
  }
  const { messages } = readJson<{ messages: M[] }>(path.join(goldenStoreDir, 'expected.json'));
  const lz4 = messages.find((m) => m.sysFlag === 257)!;
  const out = lz4FrameDecompress(Buffer.from(lz4.bodyBase64!, 'base64'));
  assert.equal(out.toString(), lz4.bodyDecompressedUtf8);
  assert.equal(xxh32(Buffer.alloc(0)), 0x02cc5d05);
  assert.equal(xxh32(Buffer.from('abc')), 0x32d153ff);
  const random = Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7919 + (i >> 5) * 31) & 0xff));
  for (const input of [Buffer.alloc(0), Buffer.from('a'), Buffer.from('abcabcabcabcabcabcabcabc'), random, Buffer.alloc(300000, 9)]) {
    assert.deepEqual(lz4FrameDecompress(lz4FrameCompress(input)), input);
  }
  const frame = lz4FrameCompress(Buffer.alloc(1000, 1));
  frame[6] ^= 0xff;
  assert.throws(() => lz4FrameDecompress(frame), Lz4FormatError);
  assert.throws(() => lz4FrameDecompress(Buffer.from('nope')), Lz4FormatError);
});

test('SEND_BATCH_MESSAGE bodies round-trip', () => {
  const msgs = [
    { flag: 0, body: Buffer.from('a'), propertiesString: 'WAIT\u0001true\u0002TAGS\u0001Tag' },
    { flag: 3, body: Buffer.alloc(0), propertiesString: '' },
  ];
  const back = decodeBatch(encodeBatch(msgs));
  assert.deepEqual(back.map((m) => ({ flag: m.flag, body: Buffer.from(m.body), propertiesString: m.propertiesString })), msgs);
  assert.throws(() => decodeBatch(encodeBatch(msgs).subarray(0, 10)), MessageDecodeError);
});
