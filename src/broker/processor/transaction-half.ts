// The first step of a transactional message (Java's TransactionalMessageBridge.parseHalfMessageInner):
// a prepared message is parked in RMQ_SYS_TRANS_HALF_TOPIC queue 0 as an ordinary message, with
// its real topic and queue in REAL_TOPIC / REAL_QID, until the producer commits or rolls it back.

import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { putProperty } from '../../common/message/properties.js';
import { MessageSysFlag, withTransactionType } from '../../common/message/sysflag.js';
import type { PutMessageInput } from '../../store/index.js';

export function halfMessage(m: PutMessageInput): PutMessageInput {
  const props = putProperty(
    putProperty(m.propertiesString, MessageConst.PROPERTY_REAL_TOPIC, m.topic),
    MessageConst.PROPERTY_REAL_QUEUE_ID,
    String(m.queueId),
  );
  return {
    ...m,
    topic: SystemTopic.TRANS_HALF,
    queueId: 0,
    propertiesString: props,
    sysFlag: withTransactionType(m.sysFlag, MessageSysFlag.TRANSACTION_NOT_TYPE),
    delayTimeLevel: 0,
  };
}
