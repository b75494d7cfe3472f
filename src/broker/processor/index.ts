// Every request code the broker answers, with its handler. Codes not listed here get
// REQUEST_CODE_NOT_SUPPORTED from the remoting server.

import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';
import { aclAdminProcessors } from './acl-admin.js';
import { adminOffsetProcessors } from './admin-offsets.js';
import { adminStatsProcessors } from './admin-stats.js';
import { brokerAdminProcessors } from './broker-admin.js';
import { clientManageProcessors } from './client-manage.js';
import { consumerManageProcessors } from './consumer-manage.js';
import { consumerSendBackProcessors } from './consumer-send-back.js';
import { endTransactionProcessors } from './end-transaction.js';
import { withSendFlowControl } from './flow-control.js';
import { groupAdminProcessors } from './group-admin.js';
import { lockQueueProcessors } from './lock-queue.js';
import { PullMessageProcessor } from './pull-message.js';
import { queryMessageProcessors } from './query-message.js';
import { replyMessageProcessors } from './reply-message.js';
import { SendMessageProcessor } from './send-message.js';
import { storeAdminProcessors } from './store-admin.js';
import { topicAdminProcessors } from './topic-admin.js';

export function brokerProcessors(b: BrokerContext): Array<[number, Processor]> {
  const send = withSendFlowControl(b, new SendMessageProcessor(b).handle);
  const pull = new PullMessageProcessor(b).handle;
  return [
    [RequestCode.SEND_MESSAGE, send],
    [RequestCode.SEND_MESSAGE_V2, send],
    [RequestCode.SEND_BATCH_MESSAGE, send],
    [RequestCode.PULL_MESSAGE, pull],
    ...replyMessageProcessors(b),
    ...consumerSendBackProcessors(b).map(([code, p]): [number, Processor] => [code, withSendFlowControl(b, p)]),
    ...endTransactionProcessors(b),
    ...queryMessageProcessors(b),
    ...clientManageProcessors(b),
    ...consumerManageProcessors(b),
    ...lockQueueProcessors(b),
    ...topicAdminProcessors(b),
    ...groupAdminProcessors(b),
    ...brokerAdminProcessors(b),
    ...adminOffsetProcessors(b),
    ...adminStatsProcessors(b),
    ...aclAdminProcessors(b),
    ...storeAdminProcessors(b),
  ];
}
