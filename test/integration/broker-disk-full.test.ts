// A broker whose disk really fills (a small tmpfs; needs Linux and the right to mount, else the
// test is skipped: store-disk-full.test.ts covers the same paths with an injected ENOSPC). Sends
// are refused once the disk is full, come back without a restart as soon as space is freed, a
// broker started on a full disk serves reads and refuses writes, and no message whose send failed
// is there afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RemotingClient } from '../../src/remoting/client.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { pollUntil } from '../harness/latch.js';
import { startBroker } from '../harness/servers.js';
import { drainQueue, send } from '../harness/broker-requests.js';
import { removeDir, tmpDir } from '../harness/tmp.js';

type Ctx = { after(fn: () => unknown): void; skip(msg?: string): void };

/** A 48 MiB tmpfs, unmounted after the test; null when this machine does not let us mount one. */
function smallDisk(t: Ctx): string | null {
  if (process.platform !== 'linux') return null;
  const dir = tmpDir('mq-full-disk-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    removeDir(dir);
    return null;
  }
  t.after(() => {
    spawnSync('umount', ['-l', dir]);
    removeDir(dir);
  });
  return dir;
}

/** Writes zeros to `file` until the disk is full (or `bytes` are written). */
function fill(file: string, bytes = Infinity): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    for (let n = 0; n < bytes; n += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

test('a full disk: sends refused, back as soon as space is freed, a broker starts read-only on it, no failed send survives', async (t) => {
  const disk = smallDisk(t);
  if (!disk) {
    t.skip('cannot mount a tmpfs here');
    return;
  }
  const storeDir = path.join(disk, 'store');
  const props = {
    mappedFileSizeCommitLog: 8 * 1024 * 1024,
    // Retention would free space on its own; this test frees it itself.
    cleanFileForciblyEnable: false,
    diskMaxUsedSpaceRatio: 95,
  };
  const filler = path.join(disk, 'filler');
  fill(filler, 24 * 1024 * 1024);
  let broker = await startBroker(t, { storeDir, props });
  const client = new RemotingClient();
  t.after(() => client.close());
  const body = (i: number) => `${i}:`.padEnd(100 * 1024, 'x');
  const acked: number[] = [];
  let refused = 0;
  let i = 0;
  for (; i < 400 && refused < 3; i++) {
    const r = await send(client, broker.addr, { topic: 'Full', queueId: 0, body: body(i) });
    if (r.code === ResponseCode.SUCCESS) acked.push(i);
    else {
      assert.equal(r.code, ResponseCode.SERVICE_NOT_AVAILABLE, r.remark ?? '');
      refused++;
    }
  }
  assert.equal(refused, 3, 'sends are refused once the disk is full');
  assert.ok(acked.length > 50, `${acked.length} sends before that`);
  // Space comes back: so do sends, without a restart.
  fs.rmSync(filler);
  await pollUntil(
    async () => {
      const r = await send(client, broker.addr, { topic: 'Full', queueId: 0, body: body(i) });
      if (r.code === ResponseCode.SUCCESS) acked.push(i);
      i++;
      return r.code === ResponseCode.SUCCESS;
    },
    'sends to be taken again',
    10_000,
    100,
  );
  await broker.stop();
  // Started again on a disk with no room at all: it serves what it has and refuses new messages.
  fill(filler);
  broker = await startBroker(t, { storeDir, props });
  const r = await send(client, broker.addr, { topic: 'Full', queueId: 0, body: body(i) });
  assert.equal(r.code, ResponseCode.SERVICE_NOT_AVAILABLE, 'read-only');
  const stored = await drainQueue(client, broker.addr, { group: 'reader', topic: 'Full', queueId: 0, subscription: '*' });
  assert.deepEqual(stored.map((m) => Number(m.body.toString().split(':')[0])), acked, 'exactly the acknowledged messages');
  fs.rmSync(filler);
  await pollUntil(
    async () => (await send(client, broker.addr, { topic: 'Full', queueId: 0, body: body(i + 1) })).code === ResponseCode.SUCCESS,
    'sends after space returned',
    10_000,
    100,
  );
  await broker.stop();
});
