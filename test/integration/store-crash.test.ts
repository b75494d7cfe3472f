// kill -9 while appending under SYNC_FLUSH: after reopening, every acknowledged message reads back
// byte for byte, nothing past the valid end is visible, and consume queues and index agree with the
// commit log. Variants tear the tail after the kill: noise after the last record, half a record.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { removeDir, tmpStore } from '../harness/tmp.js';
import { defaultMessageStoreConfig } from '../../src/common/config/message-store-config.js';
import { MessageStore } from '../../src/store/message-store.js';
import { decodeMessage } from '../../src/common/message/record-codec.js';
import { crashBody, crashConfig, crashProps } from '../harness/crash-store.js';
import { withTimeout } from '../harness/latch.js';
import { killHard, spawnChildScript } from '../harness/processes.js';

const SEG = crashConfig('').mappedFileSizeCommitLog;

interface Ack {
  i: number;
  queueId: number;
  queueOffset: number;
  wroteOffset: number;
  wroteBytes: number;
}

/** Runs the writer until it has acknowledged `wanted` puts, then SIGKILLs it. */
async function writeAndKill(t: TestContext, dir: string, wanted: number): Promise<Ack[]> {
  const child = spawnChildScript(t, 'store-writer', [dir, '8'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acks: Ack[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const enough = new Promise<void>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const p = buf.slice(0, nl).split(' ');
        buf = buf.slice(nl + 1);
        if (p[0] === 'ack') acks.push({ i: +p[1]!, queueId: +p[2]!, queueOffset: +p[3]!, wroteOffset: +p[4]!, wroteBytes: +p[5]! });
        else if (p[0] === 'fail') reject(new Error(`writer: ${p.join(' ')}`));
        if (acks.length >= wanted) resolve();
      }
    });
    void exited.then((signal) => reject(new Error(`the writer ended by itself (${signal}) after ${acks.length} acks`)));
  });
  try {
    await withTimeout(enough, 60_000, `${wanted} acknowledged puts`);
  } finally {
    await killHard(child);
  }
  assert.equal(await exited, 'SIGKILL');
  return acks;
}

/** Where the records of the commit log end, by walking headers (what a torn write would follow). */
function validEnd(dir: string): { file: string; pos: number; lastRecord: number } {
  const segs = fs.readdirSync(path.join(dir, 'commitlog')).sort();
  let lastRecord = -1;
  for (const name of segs) {
    const b = fs.readFileSync(path.join(dir, 'commitlog', name));
    let pos = 0;
    for (;;) {
      const size = b.readInt32BE(pos);
      const magic = b.readUInt32BE(pos + 4);
      if (magic === 0xcbd43194) break;
      if (magic !== 0xdaa320a7 || size <= 0 || pos + size > b.length) return { file: path.join(dir, 'commitlog', name), pos, lastRecord };
      lastRecord = Number(name) + pos;
      pos += size;
    }
  }
  throw new Error('no end found');
}

async function verify(dir: string, acks: Ack[]): Promise<void> {
  const cfg = defaultMessageStoreConfig(crashConfig(dir));
  const store = new MessageStore(cfg, { storeHost: { host: '127.0.0.1', port: 10911 } });
  await store.open();
  try {
    assert.equal(store.recovery?.lastExitOK, false);
    const maxPhy = store.getMaxPhyOffset();
    // Every acknowledged message, byte for byte.
    for (const a of acks) {
      assert.ok(a.wroteOffset + a.wroteBytes <= maxPhy, `ack ${a.i} lies past the recovered end`);
      const raw = await store.selectOneMessageByOffset(a.wroteOffset);
      assert.ok(raw, `ack ${a.i} missing`);
      assert.equal(raw.length, a.wroteBytes);
      const m = decodeMessage(raw);
      assert.equal(m.topic, 'Crash');
      assert.equal(m.queueId, a.queueId);
      assert.equal(m.queueOffset, a.queueOffset);
      assert.equal(m.commitLogOffset, a.wroteOffset);
      assert.deepEqual(m.body, crashBody(a.i));
      assert.equal(m.propertiesString, crashProps(a.i));
    }
    // Walk the whole log: the records and nothing after them.
    const records = new Map<number, { queueId: number; queueOffset: number; size: number; key: string }>();
    for (let off = store.getMinPhyOffset(); off < maxPhy;) {
      const raw = await store.selectOneMessageByOffset(off);
      assert.ok(raw, `nothing readable at ${off}`);
      if (raw.readUInt32BE(4) === 0xcbd43194) {
        off = off - (off % SEG) + SEG; // the blank marker ending a full segment
        continue;
      }
      const m = decodeMessage(raw, 0, { readBody: false });
      records.set(off, { queueId: m.queueId, queueOffset: m.queueOffset, size: m.storeSize, key: m.keys! });
      off += m.storeSize;
    }
    assert.equal(await store.selectOneMessageByOffset(maxPhy), null);
    // Consume queues: one unit per record, no unit past the end.
    let units = 0;
    for (let q = 0; q < 4; q++) {
      const max = store.getMaxOffsetInQueue('Crash', q);
      const got = await store.queryConsumeQueue('Crash', q, 0, max + 10);
      assert.equal(got.length, max);
      got.forEach((u, i) => {
        const r = records.get(u.commitLogOffset);
        assert.ok(r, `queue ${q} unit ${i} points at no record (${u.commitLogOffset})`);
        assert.deepEqual([r.queueId, r.queueOffset, r.size], [q, i, u.size]);
      });
      units += got.length;
    }
    assert.equal(units, records.size);
    // The index knows every acknowledged key.
    for (const a of acks.filter((_, k) => k % 7 === 0)) {
      const q = await store.queryMessage('Crash', `crash-${a.i}`, 4, 0, Number.MAX_SAFE_INTEGER);
      assert.equal(q.messageBuffers.length, 1, `crash-${a.i}`);
      assert.equal(decodeMessage(q.messageBuffers[0]!).commitLogOffset, a.wroteOffset);
    }
    // And the store carries on from there.
    const next = await store.putMessage({
      topic: 'Crash',
      queueId: 0,
      flag: 0,
      body: Buffer.from('after'),
      propertiesString: '',
      sysFlag: 0,
      bornTimestamp: 1,
      bornHost: Buffer.from([127, 0, 0, 1, 0, 0, 0, 1]),
    });
    assert.equal(next.status, 'PUT_OK');
    assert.equal(next.queueOffset, store.getMaxOffsetInQueue('Crash', 0) - 1);
  } finally {
    await store.close();
  }
}

function crashDir(t: { after(fn: () => void): void }): string {
  const dir = tmpStore();
  t.after(() => removeDir(dir));
  return dir;
}

test('SIGKILL mid-stream loses nothing acknowledged', async (t) => {
  const dir = crashDir(t);
  const acks = await writeAndKill(t, dir, 400);
  assert.ok(fs.existsSync(path.join(dir, 'abort')));
  await verify(dir, acks);
});

test('SIGKILL, then noise after the last record', async (t) => {
  const dir = crashDir(t);
  const acks = await writeAndKill(t, dir, 300);
  const end = validEnd(dir);
  const fd = fs.openSync(end.file, 'r+');
  const noise = Buffer.from('\x12\x34\x56\x78 torn write noise '.repeat(20));
  fs.writeSync(fd, noise, 0, noise.length, end.pos);
  fs.closeSync(fd);
  await verify(dir, acks);
});

test('SIGKILL, then half a record at the end', async (t) => {
  const dir = crashDir(t);
  const acks = await writeAndKill(t, dir, 300);
  const end = validEnd(dir);
  // The first half of a real record, claiming the next position: what a torn write leaves.
  const segBase = Number(path.basename(end.file));
  const b = fs.readFileSync(end.file);
  const lastPos = end.lastRecord - segBase;
  const record = Buffer.from(b.subarray(lastPos, lastPos + b.readInt32BE(lastPos)));
  record.writeBigInt64BE(BigInt(segBase + end.pos), 28);
  const half = record.subarray(0, Math.min(record.length >> 1, b.length - end.pos));
  const fd = fs.openSync(end.file, 'r+');
  fs.writeSync(fd, half, 0, half.length, end.pos);
  fs.closeSync(fd);
  await verify(dir, acks);
});
