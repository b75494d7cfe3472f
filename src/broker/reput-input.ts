// A stored message put back into the store under its real topic and queue (delayed and timer
// deliveries): the record's own body, flag, system flag, hosts, born time and reconsume count, no
// delay level, and no wait for the flush, as Java's schedule and timer services copy them.

import type { MessageExt } from '../common/message/message-ext.js';
import type { PutMessageInput } from '../store/index.js';

export function reputInput(m: MessageExt, topic: string, queueId: number, propertiesString: string): PutMessageInput {
  return {
    topic,
    queueId,
    flag: m.flag,
    body: m.body,
    propertiesString,
    sysFlag: m.sysFlag,
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHostBytes,
    storeHost: m.storeHostBytes,
    reconsumeTimes: m.reconsumeTimes,
    delayTimeLevel: 0,
    waitStoreMsgOK: false,
  };
}
