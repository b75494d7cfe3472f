// CONSUMER_SEND_MSG_BACK with a group whose retry topic the store can never take (illegal
// characters, or `%RETRY%<group>` past 127 characters) is refused up front, creates no retry topic,
// and leaves its delay level free for everyone else's retries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessageId } from '../../src/common/message/message-id.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { pollUntil } from '../harness/latch.js';
import { startInProcessBroker } from '../harness/servers.js';
import { drainQueue, send } from '../harness/broker-requests.js';

test('a send-back whose retry topic is illegal is refused and does not stall its delay level', async (t) => {
  const b = await startInProcessBroker(t, { messageStoreConfig: { messageDelayLevel: '1s 1s 1s 1s' } });
  const sent = await send(b.client, b.addr, { topic: 'PoisonTopic', queueId: 0, body: 'give me back' });
  assert.equal(sent.code, ResponseCode.SUCCESS);
  const offset = String(decodeMessageId(sent.extFields!.msgId!).offset);
  const back = (group: string) =>
    b.invoke(
      createRequest(RequestCode.CONSUMER_SEND_MSG_BACK, { offset, group, delayLevel: '1', unitMode: 'false', maxReconsumeTimes: '16' }),
    );

  for (const group of ['bad:group', 'g'.repeat(121)]) {
    const res = await back(group);
    assert.equal(res.code, ResponseCode.SYSTEM_ERROR, `${group.slice(0, 20)}: ${res.remark}`);
    assert.match(res.remark ?? '', /MESSAGE_ILLEGAL/);
    assert.equal(b.controller.topicConfigManager.selectTopicConfig(`%RETRY%${group}`), undefined, 'no retry topic created');
  }
  // The longest group whose retry topic is still legal (127 characters) works, as does an ordinary one.
  for (const group of ['g'.repeat(120), 'okGroup']) {
    assert.equal((await back(group)).code, ResponseCode.SUCCESS);
    const [m] = await pollUntil(
      async () => {
        const msgs = await drainQueue(b.client, b.addr, { group, topic: `%RETRY%${group}` });
        return msgs.length > 0 ? msgs : undefined;
      },
      `the retry copy of ${group.slice(0, 20)}`,
      10_000,
    );
    assert.equal(m!.body.toString(), 'give me back');
  }
  assert.equal(b.controller.schedule!.offsetTable.get(1), 2, 'level 1 delivered both, nothing stuck');
});
