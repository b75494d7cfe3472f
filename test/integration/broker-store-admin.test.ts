// The store maintenance requests of our broker, asked through the admin library (src/admin/maintenance.ts)
// of an in-process name server and broker with 64 KiB commit-log segments: DELETE_EXPIRED_COMMITLOG
// deletes an expired segment outside deleteWhen, CLEAN_EXPIRED_CONSUMEQUEUE then drops the queue
// that pointed only into it, CLEAN_UNUSED_TOPIC drops the queues of a topic no config declares and
// keeps a declared one, and RESUME_CHECK_HALF_MESSAGE writes a given-up half message back into the
// half queue with its check count at 0 (and answers SYSTEM_ERROR with Java's remark for an id that
// names nothing).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AdminExt } from '../../src/admin/admin-ext.js';
import { resumeCheckHalfMessage, storeCleanup } from '../../src/admin/maintenance.js';
import { setLogLevel } from '../../src/common/logger.js';
import { MessageConst } from '../../src/common/message/message-const.js';
import { createMessageId } from '../../src/common/message/message-id.js';
import { encodeProperties } from '../../src/common/message/properties.js';
import { decodeMessages } from '../../src/common/message/record-codec.js';
import { encodeSocketAddress } from '../../src/common/message/socket-address.js';
import { createRequest } from '../../src/remoting/command.js';
import { ResumeCheckHalfMessageRequestHeader } from '../../src/remoting/protocol/transaction.js';
import { createTopicConfig } from '../../src/remoting/protocol/topic-config.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import type { MessageStore } from '../../src/store/index.js';
import { pollUntil } from '../harness/latch.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';

setLogLevel('error');

const HOST = encodeSocketAddress('127.0.0.1', 1);

async function put(store: MessageStore, topic: string, body: Buffer, properties: Record<string, string> = {}) {
  const r = await store.putMessage({
    topic,
    queueId: 0,
    flag: 0,
    body,
    propertiesString: encodeProperties(properties),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: HOST,
  });
  assert.ok(r.isOk, `put to ${topic}: ${r.status}`);
  return r;
}

test('store maintenance requests on our broker', async (t) => {
  const ns = await startInProcessNamesrv(t);
  // deleteWhen names an hour that is not now, so only the request can make a segment go.
  const notNow = String((new Date().getHours() + 12) % 24).padStart(2, '0');
  const b = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    messageStoreConfig: { mappedFileSizeCommitLog: 64 * 1024, fileReservedTime: 1, deleteWhen: notNow, diskMaxUsedSpaceRatio: 95 },
  });
  const admin = new AdminExt({ namesrvAddr: ns.addr, credentials: null }).start();
  t.after(() => admin.shutdown());
  const store = b.controller.store;
  // Like Java's, destroying a queue removes its directory <topic>/<queueId> and leaves the topic's.
  const cqDir = (topic: string) => path.join(b.storeDir, 'consumequeue', topic, '0');
  const segment0 = path.join(b.storeDir, 'commitlog', '00000000000000000000');
  await pollUntil(async () => (await admin.examineBrokerClusterInfo()).brokerAddrTable.size === 1, 'broker registered', 15_000);

  await t.test('DELETE_EXPIRED_COMMITLOG and CLEAN_EXPIRED_CONSUMEQUEUE', async () => {
    const kb2 = Buffer.alloc(2048, 'o');
    for (let i = 0; i < 20; i++) await put(store, 'OldTopic', kb2);
    for (let i = 0; i < 40; i++) await put(store, 'NewTopic', kb2);
    await store.flush();
    await pollUntil(() => fs.existsSync(cqDir('OldTopic')) && fs.readdirSync(cqDir('OldTopic')).length > 0, 'OldTopic queue file', 10_000);
    assert.ok(fs.existsSync(segment0));
    // Three days old: expired by fileReservedTime (1 hour), but deleteWhen is not now.
    const past = new Date(Date.now() - 3 * 24 * 3_600_000);
    fs.utimesSync(segment0, past, past);
    await store.runRetention();
    assert.ok(fs.existsSync(segment0), 'nothing deletes the segment outside deleteWhen');

    assert.equal(await storeCleanup(admin, 'deleteExpiredCommitLog', { brokerAddr: b.addr }), true);
    assert.ok(!fs.existsSync(segment0), 'the expired segment is deleted');
    assert.ok(store.getMinPhyOffset() >= 64 * 1024);
    assert.ok(fs.existsSync(cqDir('OldTopic')), 'the queue pointing into it is still there');

    assert.equal(await storeCleanup(admin, 'cleanExpiredConsumeQueue', { cluster: 'TestCluster' }), true);
    assert.ok(!fs.existsSync(cqDir('OldTopic')), 'a queue whose messages are all gone is dropped');
    assert.ok(fs.existsSync(cqDir('NewTopic')), 'a queue with live messages stays');
  });

  await t.test('CLEAN_UNUSED_TOPIC', async () => {
    b.controller.topicConfigManager.updateTopicConfig(createTopicConfig('KeptTopic', { readQueueNums: 1, writeQueueNums: 1 }));
    await put(store, 'KeptTopic', Buffer.from('kept'));
    await put(store, 'UnusedTopic', Buffer.from('unused'));
    await store.flush();
    await pollUntil(() => fs.existsSync(cqDir('UnusedTopic')) && fs.existsSync(cqDir('KeptTopic')), 'queue dirs', 10_000);
    assert.equal(store.getMaxOffsetInQueue('UnusedTopic', 0), 1);

    assert.equal(await storeCleanup(admin, 'cleanUnusedTopic', {}), true);
    assert.ok(!fs.existsSync(cqDir('UnusedTopic')), "the undeclared topic's queue files are gone");
    assert.equal(store.getMaxOffsetInQueue('UnusedTopic', 0), 0);
    assert.ok(fs.existsSync(cqDir('KeptTopic')), 'a declared topic keeps its queues');
    assert.equal(store.getMaxOffsetInQueue('KeptTopic', 0), 1);
  });

  await t.test('RESUME_CHECK_HALF_MESSAGE', async () => {
    const before = store.getMaxOffsetInQueue('RMQ_SYS_TRANS_HALF_TOPIC', 0);
    const given = await put(store, 'TRANS_CHECK_MAX_TIME_TOPIC', Buffer.from('half body'), {
      [MessageConst.PROPERTY_REAL_TOPIC]: 'TxTopic',
      [MessageConst.PROPERTY_REAL_QUEUE_ID]: '0',
      [MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES]: '15',
      [MessageConst.PROPERTY_PRODUCER_GROUP]: 'TxGroup',
    });
    assert.equal(await resumeCheckHalfMessage(admin, given.msgId), true);
    assert.equal(store.getMaxOffsetInQueue('RMQ_SYS_TRANS_HALF_TOPIC', 0), before + 1);
    const r = await store.getMessage('t', 'RMQ_SYS_TRANS_HALF_TOPIC', 0, before, 1);
    const [back] = decodeMessages(Buffer.concat(r?.messageBuffers ?? []));
    assert.ok(back);
    assert.equal(back.body.toString(), 'half body');
    assert.equal(back.properties.get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES), '0');
    assert.equal(back.properties.get(MessageConst.PROPERTY_REAL_TOPIC), 'TxTopic');

    // An offset past the end names no message: SYSTEM_ERROR with Java's remark.
    const nothing = createMessageId(HOST, store.getMaxPhyOffset() + 1_000_000);
    const res = await b.invoke(
      createRequest(RequestCode.RESUME_CHECK_HALF_MESSAGE, ResumeCheckHalfMessageRequestHeader.encode({ msgId: nothing })),
    );
    assert.equal(res.code, ResponseCode.SYSTEM_ERROR);
    assert.equal(res.remark, 'Exception was thrown when putting message back to RMQ_SYS_TRANS_HALF_TOPIC.');
  });
});
