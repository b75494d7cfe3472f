// GET_CONSUMER_LIST_BY_GROUP (38), UPDATE_CONSUMER_OFFSET (15), QUERY_CONSUMER_OFFSET (14): Java's
// ConsumerManageProcessor. A group without a committed offset on a queue gets 0 when the queue
// still starts at 0 and its first message is in memory (a new group reads the small queue from
// the start), and QUERY_NOT_FOUND otherwise (the client then applies consumeFromWhere).

import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { encodeConsumerIdList, GetConsumerListByGroupRequestHeader } from '../../remoting/protocol/consumer-ids.js';
import { QueryConsumerOffsetRequestHeader, UpdateConsumerOffsetRequestHeader } from '../../remoting/protocol/consumer-offset.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';

export function consumerManageProcessors(b: BrokerContext): Array<[number, Processor]> {
  const getConsumerListByGroup = (req: RemotingCommand): RemotingCommand => {
    const h = GetConsumerListByGroupRequestHeader.decode(req.extFields);
    const ids = b.consumerManager.getConsumerGroupInfo(h.consumerGroup)?.allClientIds() ?? [];
    if (ids.length > 0) return createResponse(req, ResponseCode.SUCCESS, null, null, encodeConsumerIdList(ids));
    return createResponse(req, ResponseCode.SYSTEM_ERROR, `no consumer for this group, ${h.consumerGroup}`);
  };

  const updateConsumerOffset = (req: RemotingCommand, conn: Connection): RemotingCommand => {
    const h = UpdateConsumerOffsetRequestHeader.decode(req.extFields);
    b.consumerOffsetManager.commitOffset(conn.remoteAddress, h.consumerGroup, h.topic, h.queueId, h.commitOffset);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const queryConsumerOffset = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = QueryConsumerOffsetRequestHeader.decode(req.extFields);
    const offset = b.consumerOffsetManager.queryOffset(h.consumerGroup, h.topic, h.queueId);
    if (offset >= 0) return createResponse(req, ResponseCode.SUCCESS, null, { offset: String(offset) });
    const min = b.store.getMinOffsetInQueue(h.topic, h.queueId);
    if (min <= 0 && !(await b.store.checkInDiskByConsumeOffset(h.topic, h.queueId, 0))) {
      return createResponse(req, ResponseCode.SUCCESS, null, { offset: '0' });
    }
    return createResponse(req, ResponseCode.QUERY_NOT_FOUND, 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first');
  };

  return [
    [RequestCode.GET_CONSUMER_LIST_BY_GROUP, getConsumerListByGroup],
    [RequestCode.UPDATE_CONSUMER_OFFSET, updateConsumerOffset],
    [RequestCode.QUERY_CONSUMER_OFFSET, queryConsumerOffset],
  ];
}
