// The store hooks replication rests on, without sockets: a master's raw commit-log reads fed to a
// slave's appendToCommitLog in pieces cut anywhere (mid-record, mid-header, across blank markers)
// give byte-identical segments and a slave that dispatched every record.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PutMessageStatus } from '../../../src/store/status.js';
import { bodiesOf, commitLogBytes, HAScope, msg } from '../../harness/ha.js';

const SEG = 64 * 1024;

test('raw bytes appended in random pieces rebuild the same log, queues and index', async (t) => {
  const h = new HAScope(t);
  const master = await h.store();
  const slave = await h.store({ brokerRole: 'SLAVE' });
  const bodies: string[] = [];
  for (let i = 0; i < 250; i++) {
    const body = `piece-${i}-`.padEnd(200 + ((i * 37) % 1500), 'z');
    bodies.push(body);
    assert.equal((await master.putMessage(msg('Pieces', i % 3, body, { KEYS: `key${i}` }))).status, PutMessageStatus.PUT_OK);
  }
  const end = master.getMaxPhyOffset();
  assert.ok(end > 3 * SEG);
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n) + 1;
  let at = 0;
  while (at < end) {
    const data = await master.getCommitLogData(at, rnd(5000));
    assert.ok(data && data.length > 0, `data at ${at}`);
    assert.ok(Math.floor(at / SEG) === Math.floor((at + data.length - 1) / SEG), 'a read never crosses a segment');
    assert.equal(await slave.appendToCommitLog(at, Buffer.from(data)), true);
    at += data.length;
  }
  assert.equal(slave.getMaxPhyOffset(), end);
  assert.deepEqual(await master.getCommitLogData(end, 100), Buffer.alloc(0), 'nothing new yet');
  assert.equal(await master.getCommitLogData(end + 1, 100), null, 'beyond the end');
  assert.ok(commitLogBytes(master.cfg.storePathRootDir, 0, end, SEG).equals(commitLogBytes(slave.cfg.storePathRootDir, 0, end, SEG)));
  assert.equal(slave.dispatchBehindBytes(), 0);
  assert.deepEqual(await bodiesOf(slave, 'Pieces', 3), bodies.slice().sort());
  assert.equal((await slave.queryMessage('Pieces', 'key77', 5, 0, Date.now() + 1000)).messageBuffers.length, 1);

  // A piece that does not start at the slave's end is refused and changes nothing.
  assert.equal(await slave.appendToCommitLog(end + 8, Buffer.alloc(8)), false);
  assert.equal(await slave.appendToCommitLog(0, Buffer.alloc(8)), false);
  assert.equal(slave.getMaxPhyOffset(), end);
});

test('a slave restarted with half a record keeps the whole ones and takes the rest again', async (t) => {
  const h = new HAScope(t);
  const master = await h.store();
  for (let i = 0; i < 20; i++) await master.putMessage(msg('Half', 0, `m${i}`.padEnd(300, '.')));
  const end = master.getMaxPhyOffset();
  const all = (await master.getCommitLogData(0, end))!;
  const dir = h.dir();
  let slave = await h.store({ brokerRole: 'SLAVE' }, dir);
  const cut = all.length - 100; // inside the last record
  assert.equal(await slave.appendToCommitLog(0, Buffer.from(all.subarray(0, cut))), true);
  assert.equal(slave.getMaxOffsetInQueue('Half', 0), 19);
  await slave.close();
  slave = await h.store({ brokerRole: 'SLAVE' }, dir);
  assert.equal(slave.recovery?.lastExitOK, true, 'a clean close, though a record was unfinished');
  const resume = slave.getMaxPhyOffset();
  assert.ok(resume < cut, 'recovery cut the unfinished record');
  assert.equal(await slave.appendToCommitLog(resume, Buffer.from(all.subarray(resume))), true);
  assert.equal(slave.getMaxPhyOffset(), end);
  assert.equal(slave.getMaxOffsetInQueue('Half', 0), 20);
});
