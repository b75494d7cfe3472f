// A full disk as the store meets it: a commit-log write fails with ENOSPC (here made to, after it
// wrote its bytes, as a short write would leave them). The puts of that write fail, their records
// are gone after a restart, their queue offsets are handed out again, puts are refused meanwhile,
// and they come back as soon as a disk check sees room. A disk filling fast is noticed on the write
// path, not only by the 10 s timer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { decodeMessages } from '../../../src/common/message/record-codec.js';
import type { MessageStore } from '../../../src/store/message-store.js';
import { PutMessageStatus } from '../../../src/store/status.js';
import { setLogLevel } from '../../../src/common/logger.js';
import { pollUntil } from '../../harness/latch.js';
import { closeAtEnd, msg, openStore } from '../../harness/store.js';
import { MessageStore as Store } from '../../../src/store/index.js';

setLogLevel('silent');

function noSpace(): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error('ENOSPC: no space left on device, write');
  e.code = 'ENOSPC';
  return e;
}

async function bodies(store: MessageStore, topic: string): Promise<string[]> {
  const r = await store.getMessage('g', topic, 0, 0, 100);
  return r && r.messageBuffers.length > 0 ? decodeMessages(Buffer.concat(r.messageBuffers)).map((m) => m.body.toString()) : [];
}

test('a write that meets a full disk is taken back: failed puts, no record after a restart, no queue gap, puts back once there is room', async (t) => {
  let full = false;
  let used = 0.5;
  const opts = {
    diskUsage: async () => used,
    commitLogWriteFault: (file: string, pos: number, data: Uint8Array) => {
      if (!full) return null;
      // A short write: the bytes reach the file, then the disk is out of room.
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, data, 0, data.length, pos);
      fs.closeSync(fd);
      return noSpace();
    },
  };
  const { store, dir, cfg } = await openStore(t, { mappedFileSizeCommitLog: 1024 * 1024 }, opts);
  for (let i = 0; i < 3; i++) assert.equal((await store.putMessage(msg('T', 0, `ok${i}`))).status, PutMessageStatus.PUT_OK);
  full = true;
  used = 0.99;
  const failed = await Promise.all([0, 1, 2].map((i) => store.putMessage(msg('T', 0, `lost${i}`))));
  assert.deepEqual(failed.map((r) => r.status), Array(3).fill(PutMessageStatus.SERVICE_NOT_AVAILABLE));
  assert.equal(store.flags.diskFull, true);
  assert.equal((await store.putMessage(msg('T', 0, 'refused'))).status, PutMessageStatus.SERVICE_NOT_AVAILABLE);
  assert.equal(store.getMaxOffsetInQueue('T', 0), 3);
  // Room again: the next check (within a second while full) lets puts in, at the next queue offset.
  full = false;
  used = 0.5;
  await pollUntil(() => !store.flags.diskFull, 'the store to see room again', 5000, 20);
  const again = await store.putMessage(msg('T', 0, 'again'));
  assert.equal(again.status, PutMessageStatus.PUT_OK);
  assert.equal(again.queueOffset, 3, 'the failed puts left no gap');
  assert.deepEqual(await bodies(store, 'T'), ['ok0', 'ok1', 'ok2', 'again']);
  // After a crash (the abort file stays), recovery finds none of the failed records.
  await store.close();
  fs.writeFileSync(`${dir}/abort`, '');
  const reopened = closeAtEnd(t, new Store(cfg, { storeHost: { host: '127.0.0.1', port: 10911 } }));
  await reopened.open();
  assert.deepEqual(await bodies(reopened, 'T'), ['ok0', 'ok1', 'ok2', 'again']);
});

test('a disk filling faster than the 10 s check is noticed on the write path', async (t) => {
  let used = 0.5;
  const { store } = await openStore(t, { mappedFileSizeCommitLog: 8 * 1024 * 1024 }, { diskUsage: async () => used });
  used = 0.95;
  const body = Buffer.alloc(256 * 1024);
  for (let i = 0; i < 20 && !store.flags.diskFull; i++) await store.putMessage(msg('Big', 0, body));
  await pollUntil(() => store.flags.diskFull, 'the disk check the writes started', 3000, 10);
  assert.equal((await store.putMessage(msg('Big', 0, 'x'))).status, PutMessageStatus.SERVICE_NOT_AVAILABLE);
});
