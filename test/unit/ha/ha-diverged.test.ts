// A master whose log is not the slave's history: another broker's master, or one restarted with an
// older store that has written other records since. Records of equal size line up at the same
// offsets, so only the bytes themselves tell the two histories apart: the slave asks for its own
// last bytes again and compares. It appends nothing from such a master, logs it once, keeps its
// data, and replicates again from its real master.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLogSink } from '../../../src/common/logger.js';
import { PutMessageStatus } from '../../../src/store/status.js';
import { commitLogBytes, HAScope, msg, waitFor } from './ha-helpers.js';

const SEG = 64 * 1024; // smallConfig's segment size

test("slave: a master whose bytes before the slave's end differ is refused, once in the log; the real master goes on", async (t) => {
  const lines: string[] = [];
  setLogSink((l) => lines.push(l));
  t.after(() => setLogSink((l) => console.error(l)));
  const h = new HAScope(t);
  const put = async (store: { putMessage: (m: ReturnType<typeof msg>) => Promise<{ status: string }> }, prefix: string, n: number) => {
    for (let i = 0; i < n; i++) {
      assert.equal((await store.putMessage(msg('Div', 0, `${prefix}-${String(i).padStart(3, '0')}`))).status, PutMessageStatus.PUT_OK);
    }
  };
  const real = await h.master();
  await put(real.store, 'real', 20);
  const s = await h.slave(real.addr);
  await waitFor(() => s.store.getMaxPhyOffset() === real.store.getMaxPhyOffset(), 5000, 'the slave to catch up');
  const end = s.store.getMaxPhyOffset();
  const before = commitLogBytes(s.store.cfg.storePathRootDir, 0, end, SEG);

  // Same sizes, other history, and longer: a record starts exactly at the slave's end.
  const other = await h.master();
  await put(other.store, 'othr', 30);
  s.client.updateMasterAddress(other.addr);
  await waitFor(() => s.client.divergences >= 1, 5000, 'the slave to refuse the other master');
  assert.equal(s.store.getMaxPhyOffset(), end, 'nothing appended');
  assert.ok(commitLogBytes(s.store.cfg.storePathRootDir, 0, end, SEG).equals(before), "the slave's bytes are untouched");
  assert.equal(lines.filter((l) => /is not this slave's history/.test(l)).length, 1);

  s.client.updateMasterAddress(real.addr);
  await put(real.store, 'more', 5);
  await waitFor(() => s.store.getMaxPhyOffset() === real.store.getMaxPhyOffset(), 5000, 'the slave to follow its real master again');
  const all = real.store.getMaxPhyOffset();
  assert.ok(commitLogBytes(s.store.cfg.storePathRootDir, 0, all, SEG).equals(commitLogBytes(real.store.cfg.storePathRootDir, 0, all, SEG)));
});
