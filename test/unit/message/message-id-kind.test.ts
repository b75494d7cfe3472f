// Telling an offset message id from a client's unique id before anything is dialled: both have 32
// or 56 hex digits, so queryMsgById used to read a unique id's pid and hash as a port and dial it.
// Checked against every id a real RocketMQ 4.9.8 broker and client wrote in the golden stores, and
// against ids made here for many pids, ports and offsets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createMessageId, messageIdKind } from '../../../src/common/message/message-id.js';
import { encodeSocketAddress } from '../../../src/common/message/socket-address.js';
import { UniqueIdGenerator } from '../../../src/common/message/unique-id.js';
import { goldenStoreDir, goldenStoreIpv6Dir, readJson } from '../../harness/fixtures.js';

test('the golden stores: every offsetMsgId is an offset id, every UNIQ_KEY a unique id', () => {
  let n = 0;
  for (const dir of [goldenStoreDir, goldenStoreIpv6Dir]) {
    const { messages } = readJson<{ messages: Array<{ offsetMsgId: string; uniqKey: string | null }> }>(path.join(dir, 'expected.json'));
    for (const m of messages) {
      assert.equal(messageIdKind(m.offsetMsgId), 'offset', m.offsetMsgId);
      if (m.uniqKey) assert.equal(messageIdKind(m.uniqKey), 'unique', m.uniqKey);
      n++;
    }
  }
  assert.ok(n > 300);
});

test('ids made here: unique ids of many pids are unique ids; offset ids of many ports and offsets are offset ids', () => {
  for (let pid = 1; pid < 65536 * 3; pid += 97) {
    for (const ip of [Buffer.from([10, 0, 0, 7]), Buffer.alloc(16, 0xfd)]) {
      const id = new UniqueIdGenerator(ip, pid, (pid * 2654435761) | 0).create();
      // One in 2^32 unique ids (pid and hash bits both zero) would pass for an offset id.
      if ((pid & 0xffff) !== 0) assert.equal(messageIdKind(id), 'unique', `${id} (pid ${pid})`);
    }
  }
  for (const port of [1, 3, 9876, 10911, 65535]) {
    for (const offset of [0, 1, 2 ** 31, 2 ** 40 + 7, 2 ** 47]) {
      assert.equal(messageIdKind(createMessageId(encodeSocketAddress('192.168.1.20', port), offset)), 'offset');
      assert.equal(messageIdKind(createMessageId(encodeSocketAddress('fe80::1', port), offset)), 'offset');
    }
  }
  for (const bad of ['', 'not-an-id', '7F000001', 'G'.repeat(32), '0'.repeat(33)]) assert.equal(messageIdKind(bad), 'invalid');
});
