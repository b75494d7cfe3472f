// A master whose log is not the slave's history: another broker's master, or one restarted with an
// older store that has written other records since. Records of equal size line up at the same
// offsets, so only the bytes themselves tell the two histories apart: the slave asks for its own
// last bytes again and compares. It appends nothing from such a master, logs it once, keeps its
// data, and replicates again from its real master.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HAService } from '../../../src/ha/ha-service.js';
import { PutMessageStatus } from '../../../src/store/status.js';
import { commitLogBytes, HAScope, msg } from '../../harness/ha.js';
import { pollUntil } from '../../harness/latch.js';
import { captureLogs } from '../../harness/logs.js';

const SEG = 64 * 1024; // smallConfig's segment size

test("slave: a master whose bytes before the slave's end differ is refused, once in the log; the real master goes on", async (t) => {
  const lines = captureLogs(t);
  const h = new HAScope(t);
  const put = async (store: { putMessage: (m: ReturnType<typeof msg>) => Promise<{ status: string }> }, prefix: string, n: number) => {
    for (let i = 0; i < n; i++) {
      assert.equal((await store.putMessage(msg('Div', 0, `${prefix}-${String(i).padStart(3, '0')}`))).status, PutMessageStatus.PUT_OK);
    }
  };
  const real = await h.master();
  await put(real.store, 'real', 20);
  const s = await h.slave(real.addr);
  await pollUntil(() => s.store.getMaxPhyOffset() === real.store.getMaxPhyOffset(), 'the slave to catch up', 5000, 5);
  const end = s.store.getMaxPhyOffset();
  const before = commitLogBytes(s.store.cfg.storePathRootDir, 0, end, SEG);

  // Same sizes, other history, and longer: a record starts exactly at the slave's end.
  const other = await h.master();
  await put(other.store, 'othr', 30);
  s.client.updateMasterAddress(other.addr);
  await pollUntil(() => s.client.divergences >= 1, 'the slave to refuse the other master', 5000, 5);
  assert.equal(s.store.getMaxPhyOffset(), end, 'nothing appended');
  assert.ok(commitLogBytes(s.store.cfg.storePathRootDir, 0, end, SEG).equals(before), "the slave's bytes are untouched");
  assert.equal(lines.filter((l) => /is not this slave's history/.test(l)).length, 1);

  s.client.updateMasterAddress(real.addr);
  await put(real.store, 'more', 5);
  await pollUntil(() => s.store.getMaxPhyOffset() === real.store.getMaxPhyOffset(), 'the slave to follow its real master again', 5000, 5);
  const all = real.store.getMaxPhyOffset();
  assert.ok(commitLogBytes(s.store.cfg.storePathRootDir, 0, all, SEG).equals(commitLogBytes(real.store.cfg.storePathRootDir, 0, all, SEG)));
});

test("slave: a master holding only the start of the slave's last bytes is behind it: given up after two heartbeats, said once", async (t) => {
  const lines = captureLogs(t);
  const h = new HAScope(t);
  const fast = { haSendHeartbeatInterval: 100 };
  const real = await h.master(fast);
  for (let i = 0; i < 20; i++) assert.equal((await real.store.putMessage(msg('Ahead', 0, `m-${i}`))).status, PutMessageStatus.PUT_OK);
  const s = await h.slave(real.addr, fast);
  await pollUntil(() => s.store.getMaxPhyOffset() === real.store.getMaxPhyOffset(), 'the slave to catch up', 5000, 5);
  const end = s.store.getMaxPhyOffset();

  // The same history, cut 300 bytes before the slave's end (inside the bytes it asks for again).
  const prefix = commitLogBytes(real.store.cfg.storePathRootDir, 0, end - 300, SEG);
  const behind = await h.store(fast);
  assert.ok(await behind.appendToCommitLog(0, prefix));
  const ha = new HAService(behind, { host: '127.0.0.1' });
  h.onStop(() => ha.shutdown());
  await ha.start();
  s.client.updateMasterAddress(`127.0.0.1:${ha.port}`);
  await pollUntil(() => s.client.aheads >= 2, 'the slave to give up on the master behind it twice', 10_000, 5);
  assert.equal(s.store.getMaxPhyOffset(), end, 'nothing appended');
  assert.equal(s.client.divergences, 0);
  assert.equal(lines.filter((l) => /this slave is ahead of its master/.test(l)).length, 1);
});

test('slave: a log shorter than the bytes it asks for again still continues after its master started a new segment', async (t) => {
  const h = new HAScope(t);
  const real = await h.master();
  assert.equal((await real.store.putMessage(msg('Short', 0, 'first'))).status, PutMessageStatus.PUT_OK);
  const s = await h.slave(real.addr);
  await pollUntil(() => s.store.getMaxPhyOffset() === real.store.getMaxPhyOffset(), 'the slave to hold the first message', 5000, 5);
  assert.ok(s.store.getMaxPhyOffset() < 4096);

  // Away while the master fills its first segment and starts the next: asking again from offset 0
  // would read as a fresh slave, which a master serves from its last segment only.
  s.client.updateMasterAddress(null);
  const body = 'x'.repeat(1024);
  for (let i = 0; i < 80; i++) assert.equal((await real.store.putMessage(msg('Short', 0, body))).status, PutMessageStatus.PUT_OK);
  assert.ok(real.store.getMaxPhyOffset() > SEG);
  s.client.updateMasterAddress(real.addr);
  await pollUntil(() => s.store.getMaxPhyOffset() === real.store.getMaxPhyOffset(), 'the slave to catch up across the segment', 10_000, 5);
  const all = real.store.getMaxPhyOffset();
  assert.ok(commitLogBytes(s.store.cfg.storePathRootDir, 0, all, SEG).equals(commitLogBytes(real.store.cfg.storePathRootDir, 0, all, SEG)));
});
