// On-disk layout: segment roll-over with the blank marker, index hash chains, collisions, time
// ranges and index files filling up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { msg, openStore } from '../../harness/store.js';
import { GetMessageStatus, PutMessageStatus } from '../../../src/store/status.js';
import type { PutMessageResult } from '../../../src/store/put-result.js';
import type { MessageExt } from '../../../src/common/message/message-ext.js';
import { decodeMessages } from '../../../src/common/message/record-codec.js';
import { javaHashCode } from '../../../src/common/message/java-hash.js';

const SEG = 4096;

test('a record that does not fit ends the segment with the blank marker and starts the next', async (t) => {
  const { store, dir } = await openStore(t, { mappedFileSizeCommitLog: SEG, maxMessageSize: 2048 });
  const results: PutMessageResult[] = [];
  for (let i = 0; i < 40; i++) results.push(await store.putMessage(msg('Roll', 0, Buffer.alloc(300 + i, i))));
  await store.flush();
  const files = fs.readdirSync(path.join(dir, 'commitlog')).sort();
  assert.ok(files.length >= 4, `segments: ${files.join(' ')}`);
  files.forEach((f, i) => assert.equal(f, String(i * SEG).padStart(20, '0')));
  for (const f of files) assert.equal(fs.statSync(path.join(dir, 'commitlog', f)).size, SEG);
  // Each full segment ends with [remaining bytes, 0xCBD43194] where the next record would not fit.
  // The active segment has no marker (and a spare one may already be preallocated after it).
  const activeSeg = Math.floor((store.getMaxPhyOffset() - 1) / SEG);
  assert.ok(activeSeg >= 3);
  for (let s = 0; s < activeSeg; s++) {
    const inSeg = results.filter((r) => Math.floor(r.wroteOffset / SEG) === s);
    const last = inSeg[inSeg.length - 1]!;
    const end = last.wroteOffset + last.wroteBytes - s * SEG;
    const b = fs.readFileSync(path.join(dir, 'commitlog', files[s]!));
    assert.equal(b.readInt32BE(end), SEG - end);
    assert.equal(b.readUInt32BE(end + 4), 0xcbd43194);
    assert.ok(b.subarray(end + 8).every((x) => x === 0));
    const next = results[results.indexOf(last) + 1]!;
    assert.equal(next.wroteOffset, (s + 1) * SEG);
    assert.ok(end + next.wroteBytes + 8 > SEG);
  }
  const g = await store.getMessage('g', 'Roll', 0, 0, 64);
  assert.equal(g?.status, GetMessageStatus.FOUND);
  const all: MessageExt[] = [];
  for (let o = 0; o < 40;) {
    const r = await store.getMessage('g', 'Roll', 0, o, 64);
    all.push(...decodeMessages(r!.body()));
    o = r!.nextBeginOffset;
  }
  assert.deepEqual(all.map((m) => m.body.length), Array.from({ length: 40 }, (_, i) => 300 + i));
  // Too big for any segment: refused rather than rolled forever.
  assert.equal((await store.putMessage(msg('Roll', 0, Buffer.alloc(2048)))).status, PutMessageStatus.PUT_OK);
  const huge = await openStore(t, { mappedFileSizeCommitLog: 1024, maxMessageSize: 4096 });
  assert.equal((await huge.store.putMessage(msg('Roll', 0, Buffer.alloc(2000)))).status, PutMessageStatus.MESSAGE_ILLEGAL);
});

test('index: colliding hashes share a chain, time ranges select, full files roll over', async (t) => {
  let now = 1_800_000_000_000;
  const { store, dir } = await openStore(t, { maxHashSlotNum: 8, maxIndexNum: 20 }, { clock: { now: () => now } });
  // "Aa" and "BB" have the same Java hash code, so their index keys collide exactly.
  assert.equal(javaHashCode('Q#Aa'), javaHashCode('Q#BB'));
  const aa = await store.putMessage(msg('Q', 0, 'aa', { KEYS: 'Aa' }));
  const bb = await store.putMessage(msg('Q', 0, 'bb', { KEYS: 'BB' }));
  const bodies = async (key: string, begin = 0, end = Number.MAX_SAFE_INTEGER) =>
    decodeMessages(Buffer.concat((await store.queryMessage('Q', key, 32, begin, end)).messageBuffers)).map((m) => m.body.toString()).sort();
  // The index finds both; telling them apart is the reader's job, as with Java.
  assert.deepEqual(await bodies('Aa'), ['aa', 'bb']);
  assert.deepEqual(await bodies('BB'), ['aa', 'bb']);
  void aa;
  void bb;
  // Many keys over 8 slots: chains mix keys, lookups still find exactly theirs.
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    now += 10_000;
    times.push(now);
    await store.putMessage(msg('Q', 1, `k${i}`, { KEYS: `key${i} shared` }));
  }
  for (let i = 0; i < 30; i++) assert.deepEqual(await bodies(`key${i}`), [`k${i}`], `key${i}`);
  const shared = await bodies('shared', times[10]!, times[14]!);
  assert.deepEqual(shared, ['k10', 'k11', 'k12', 'k13', 'k14'].sort());
  assert.equal((await bodies('shared')).length, 30);
  // 2 + 60 keys (each message has two) do not fit 19 entries per file: several files.
  await store.close();
  const names = fs.readdirSync(path.join(dir, 'index')).sort();
  assert.ok(names.length >= 4, names.join(' '));
  for (const n of names) {
    assert.match(n, /^\d{17}$/);
    const b = fs.readFileSync(path.join(dir, 'index', n));
    assert.equal(b.length, 40 + 8 * 4 + 20 * 20);
    assert.ok(b.readInt32BE(36) <= 20);
  }
});

test('index respects messageIndexEnable', async (t) => {
  const { store } = await openStore(t, { messageIndexEnable: false });
  await store.putMessage(msg('N', 0, 'x', { KEYS: 'k' }));
  assert.equal((await store.queryMessage('N', 'k', 32, 0, Number.MAX_SAFE_INTEGER)).messageBuffers.length, 0);
});
