// Retention with a fake clock and a fake disk: expired segments go at the deleteWhen hour,
// consume-queue and index files follow, a nearly full disk deletes early, a full one refuses puts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { msg, openStore } from '../../harness/store.js';
import { GetMessageStatus, PutMessageStatus } from '../../../src/store/status.js';
import { decodeMessages } from '../../../src/common/message/record-codec.js';

const SEG = 4096;
const small = {
  mappedFileSizeCommitLog: SEG,
  maxMessageSize: 1024,
  mappedFileSizeConsumeQueue: 200,
  maxHashSlotNum: 8,
  maxIndexNum: 20,
  deleteCommitLogFilesInterval: 0,
  deleteConsumeQueueFilesInterval: 0,
};

async function fill(store: Awaited<ReturnType<typeof openStore>>['store'], n: number): Promise<void> {
  for (let i = 0; i < n; i++) await store.putMessage(msg('R', 0, Buffer.alloc(300, i), { KEYS: `key${i}` }));
}

const segments = (dir: string) => fs.readdirSync(path.join(dir, 'commitlog')).sort();

test('expired segments go at the deleteWhen hour; consume queues and index files follow', async (t) => {
  let now = Date.now();
  const hour = () => String(new Date(now).getHours());
  const { store, dir, cfg } = await openStore(t, { ...small, fileReservedTime: 1, deleteWhen: hour() }, { clock: { now: () => now } });
  await fill(store, 60);
  await store.flush();
  const before = segments(dir).length;
  assert.ok(before >= 5);

  await store.runRetention();
  assert.equal(segments(dir).length, before, 'nothing has expired yet');

  now += 2 * 3_600_000;
  cfg.deleteWhen = `${(new Date(now).getHours() + 1) % 24}`;
  await store.runRetention();
  assert.equal(segments(dir).length, before, 'expired, but not the hour to delete');

  cfg.deleteWhen = `03;${hour()}`;
  await store.runRetention();
  const kept = segments(dir);
  const active = Math.floor((store.getMaxPhyOffset() - 1) / SEG);
  assert.equal(Number(kept[0]), active * SEG, `kept ${kept.join(' ')}`);
  assert.equal(store.getMinPhyOffset(), active * SEG);

  const min = store.getMinOffsetInQueue('R', 0);
  assert.ok(min > 0);
  const [first] = await store.queryConsumeQueue('R', 0, min, 1);
  assert.ok(first!.commitLogOffset >= store.getMinPhyOffset());
  assert.ok(fs.readdirSync(path.join(dir, 'consumequeue', 'R', '0')).length < 6);

  let r = await store.getMessage('g', 'R', 0, 0, 32);
  assert.equal(r?.status, GetMessageStatus.OFFSET_TOO_SMALL);
  assert.equal(r?.nextBeginOffset, min);
  r = await store.getMessage('g', 'R', 0, min, 32);
  assert.equal(r?.status, GetMessageStatus.FOUND);
  assert.equal(r?.nextBeginOffset, 60);
  assert.equal(decodeMessages(r!.body())[0]!.queueOffset, min);

  // Index files holding only deleted messages are gone; recent keys still resolve.
  const q = await store.queryMessage('R', 'key59', 32, 0, Number.MAX_SAFE_INTEGER);
  assert.equal(q.messageBuffers.length, 1);
  assert.equal((await store.queryMessage('R', 'key0', 32, 0, Number.MAX_SAFE_INTEGER)).messageBuffers.length, 0);
  assert.ok(fs.readdirSync(path.join(dir, 'index')).length <= 3);
});

test('a disk above 85 % deletes segments before they expire', async (t) => {
  let used = 0.5;
  const { store, dir } = await openStore(t, { ...small, fileReservedTime: 72, deleteWhen: '99' }, { diskUsage: async () => used });
  await fill(store, 40);
  await store.flush();
  const before = segments(dir).length;
  used = 0.8; // over diskMaxUsedSpaceRatio (75 %), but only expired files may go
  await store.runRetention();
  assert.equal(segments(dir).length, before);
  used = 0.87; // over the forced-clean level
  await store.runRetention();
  assert.ok(segments(dir).length < before);
  assert.equal((await store.putMessage(msg('R', 0, 'still writable'))).status, PutMessageStatus.PUT_OK);
});

test('a full disk refuses puts and harms nothing stored', async (t) => {
  let used = 0.5;
  const { store } = await openStore(t, small, { diskUsage: async () => used });
  await fill(store, 5);
  used = 0.95;
  assert.equal(await store.checkDiskSpace(), true);
  const refused = await store.putMessage(msg('R', 0, 'no room'));
  assert.equal(refused.status, PutMessageStatus.SERVICE_NOT_AVAILABLE);
  const r = await store.getMessage('g', 'R', 0, 0, 32);
  assert.equal(r?.messageCount, 5);
  assert.equal(store.getMaxOffsetInQueue('R', 0), 5);
  used = 0.6;
  assert.equal(await store.checkDiskSpace(), false);
  const ok = await store.putMessage(msg('R', 0, 'room again'));
  assert.equal(ok.status, PutMessageStatus.PUT_OK);
  assert.equal(ok.queueOffset, 5);
});
