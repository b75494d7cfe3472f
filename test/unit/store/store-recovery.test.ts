// Recovery in one process: a store copied while open (the abort file is there, consume queues and
// index lag behind) and stores whose commit-log tail was torn or corrupted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { closeAtEnd, msg, openStore, smallConfig, storeDir } from '../../harness/store.js';
import { MessageStore } from '../../../src/store/message-store.js';
import { GetMessageStatus, PutMessageStatus } from '../../../src/store/status.js';
import type { PutMessageResult } from '../../../src/store/put-result.js';
import { decodeMessages } from '../../../src/common/message/record-codec.js';

const small = { mappedFileSizeCommitLog: 16 * 1024, maxMessageSize: 4096 };

async function readQueue(store: MessageStore, topic: string, queueId: number): Promise<string[]> {
  const out: string[] = [];
  let expect = store.getMinOffsetInQueue(topic, queueId);
  for (let o = expect; o < store.getMaxOffsetInQueue(topic, queueId);) {
    const r = await store.getMessage('g', topic, queueId, o, 32);
    assert.equal(r?.status, GetMessageStatus.FOUND);
    for (const m of decodeMessages(r!.body())) {
      assert.equal(m.queueOffset, expect++);
      out.push(m.body.toString());
    }
    o = r!.nextBeginOffset;
  }
  return out;
}

async function putMany(store: MessageStore, n: number): Promise<PutMessageResult[]> {
  const rs: PutMessageResult[] = [];
  for (let i = 0; i < n; i++) {
    rs.push(await store.putMessage(msg('Rec', i % 3, `body-${i}-${'x'.repeat(i % 200)}`, { KEYS: `k${i}`, TAGS: `t${i % 2}` })));
  }
  return rs;
}

/** Reopens a copy of `dir` as after a crash (abort file present). */
async function reopenAsCrashed(
  t: Parameters<typeof openStore>[0],
  dir: string,
  tear?: (segmentFile: string, end: number) => void,
): Promise<MessageStore> {
  const copy = storeDir(t, dir);
  fs.writeFileSync(path.join(copy, 'abort'), '');
  fs.rmSync(path.join(copy, 'lock'), { force: true });
  const segs = fs.readdirSync(path.join(copy, 'commitlog')).sort();
  if (tear) tear(path.join(copy, 'commitlog', segs[segs.length - 1]!), 0);
  const store = closeAtEnd(t, new MessageStore(smallConfig(copy, small)));
  await store.open();
  assert.equal(store.recovery?.lastExitOK, false);
  return store;
}

test('a store copied while open: the abnormal start re-dispatches what queues and index had not written', async (t) => {
  const { store, dir } = await openStore(t, small, { writeBehindDelayMs: 1e9 });
  const rs = await putMany(store, 120);
  const copy = storeDir(t, dir);
  assert.ok(fs.existsSync(path.join(copy, 'abort')));
  const again = closeAtEnd(t, new MessageStore(smallConfig(copy, small)));
  await again.open();
  assert.equal(again.recovery?.lastExitOK, false);
  assert.ok(again.recovery!.replayedRecords >= 120);
  for (let q = 0; q < 3; q++) {
    const bodies = await readQueue(again, 'Rec', q);
    assert.deepEqual(bodies, rs.map((_, i) => i).filter((i) => i % 3 === q).map((i) => `body-${i}-${'x'.repeat(i % 200)}`));
  }
  for (const i of [0, 57, 119]) {
    const found = (await again.queryMessage('Rec', `k${i}`, 32, 0, Number.MAX_SAFE_INTEGER)).messageBuffers.length;
    assert.equal(found, 1, `k${i}`);
  }
  const next = await again.putMessage(msg('Rec', 0, 'after'));
  assert.equal(next.queueOffset, 40);
  assert.equal(next.wroteOffset, rs[119]!.wroteOffset + rs[119]!.wroteBytes);
});

test('garbage after the last record is cut away and reads as zeros', async (t) => {
  const { store, dir } = await openStore(t, small);
  const rs = await putMany(store, 30);
  await store.close();
  const end = rs[29]!.wroteOffset + rs[29]!.wroteBytes;
  const inFile = end % small.mappedFileSizeCommitLog;
  const again = await reopenAsCrashed(t, dir, (file) => {
    const fd = fs.openSync(file, 'r+');
    const noise = Buffer.from('not a record, just noise that follows the last message'.repeat(3));
    fs.writeSync(fd, noise, 0, noise.length, inFile);
    fs.closeSync(fd);
  });
  assert.equal(again.getMaxPhyOffset(), end);
  assert.equal(again.getMaxOffsetInQueue('Rec', 2), 10);
  const r = await again.putMessage(msg('Rec', 2, 'next'));
  assert.equal(r.wroteOffset, end);
  assert.equal(r.queueOffset, 10);
  await again.flush();
  const segName = String(end - inFile).padStart(20, '0');
  const seg = fs.readFileSync(path.join(again.cfg.storePathRootDir, 'commitlog', segName));
  assert.ok(seg.subarray(inFile + r.wroteBytes).every((b) => b === 0), 'the noise is gone');
});

test('a half-written last record is dropped, with its consume-queue unit and index entry', async (t) => {
  const { store, dir } = await openStore(t, small);
  const rs = await putMany(store, 31);
  await store.close();
  const last = rs[30]!;
  const start = last.wroteOffset % small.mappedFileSizeCommitLog;
  const again = await reopenAsCrashed(t, dir, (file) => {
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(last.wroteBytes - 20), 0, last.wroteBytes - 20, start + 20);
    fs.closeSync(fd);
  });
  assert.equal(again.getMaxPhyOffset(), last.wroteOffset);
  assert.equal(again.getMaxOffsetInQueue('Rec', 0), 10, 'message 30 (queue 0, offset 10) is gone');
  assert.deepEqual(await again.queryConsumeQueue('Rec', 0, 10, 1), []);
  assert.equal((await again.queryMessage('Rec', 'k30', 32, 0, Number.MAX_SAFE_INTEGER)).messageBuffers.length, 0);
  assert.equal((await again.queryMessage('Rec', 'k29', 32, 0, Number.MAX_SAFE_INTEGER)).messageBuffers.length, 1);
  const r = await again.putMessage(msg('Rec', 0, 'replacement', { KEYS: 'k30' }));
  assert.equal(r.status, PutMessageStatus.PUT_OK);
  assert.equal(r.queueOffset, 10);
  assert.equal(r.wroteOffset, last.wroteOffset);
  const back = await again.getMessage('g', 'Rec', 0, 10, 1);
  assert.equal(decodeMessages(back!.body())[0]?.body.toString(), 'replacement');
});

test('a corrupted body in the middle ends the log there (CRC checked on recovery)', async (t) => {
  const { store, dir } = await openStore(t, small);
  const rs = await putMany(store, 60);
  await store.close();
  const seg = Math.floor(rs[59]!.wroteOffset / small.mappedFileSizeCommitLog);
  const inLast = rs.filter((r) => Math.floor(r.wroteOffset / small.mappedFileSizeCommitLog) === seg);
  const victim = inLast[Math.floor(inLast.length / 2)]!;
  const again = await reopenAsCrashed(t, dir, (file) => {
    const fd = fs.openSync(file, 'r+');
    const pos = (victim.wroteOffset % small.mappedFileSizeCommitLog) + victim.wroteBytes - 60;
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, pos);
    b[0] ^= 0xff;
    fs.writeSync(fd, b, 0, 1, pos);
    fs.closeSync(fd);
  });
  assert.equal(again.getMaxPhyOffset(), victim.wroteOffset);
  const kept = rs.indexOf(victim);
  let total = 0;
  for (let q = 0; q < 3; q++) total += again.getMaxOffsetInQueue('Rec', q);
  assert.equal(total, kept);
  for (let q = 0; q < 3; q++) assert.equal((await readQueue(again, 'Rec', q)).length, again.getMaxOffsetInQueue('Rec', q));
});
