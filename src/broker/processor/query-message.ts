// Message look-ups: QUERY_MESSAGE (12) by key through the index, VIEW_MESSAGE_BY_ID (33) by
// commit-log offset (Java's QueryMessageProcessor), and the per-queue offset look-ups
// SEARCH_OFFSET_BY_TIMESTAMP (29), GET_MAX_OFFSET (30), GET_MIN_OFFSET (31) and
// GET_EARLIEST_MSG_STORETIME (32) (in Java's AdminBrokerProcessor). Replies use the request's
// serialize type (Java's zero-copy path answers 12 and 33 in JSON whatever was asked).

import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { QueryMessageRequestHeader, ViewMessageRequestHeader } from '../../remoting/protocol/query-message.js';
import {
  GetEarliestMsgStoretimeRequestHeader,
  GetMaxOffsetRequestHeader,
  GetMinOffsetRequestHeader,
  SearchOffsetRequestHeader,
} from '../../remoting/protocol/queue-offset.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';

export function queryMessageProcessors(b: BrokerContext): Array<[number, Processor]> {
  const queryMessage = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = QueryMessageRequestHeader.decode(req.extFields);
    const maxNum = h.uniqueKeyQuery ? b.messageStoreConfig.defaultQueryMaxNum : h.maxNum;
    const r = await b.store.queryMessage(h.topic, h.key, maxNum, h.beginTimestamp, h.endTimestamp);
    const ext = {
      indexLastUpdateTimestamp: String(r.indexLastUpdateTimestamp),
      indexLastUpdatePhyoffset: String(r.indexLastUpdatePhyoffset),
    };
    if (r.bufferTotalSize <= 0) {
      return createResponse(req, ResponseCode.QUERY_NOT_FOUND, 'can not find message, maybe time range not correct', ext);
    }
    const res = createResponse(req, ResponseCode.SUCCESS, null, ext);
    res.bodyParts = r.messageBuffers;
    return res;
  };

  const viewMessageById = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = ViewMessageRequestHeader.decode(req.extFields);
    const raw = await b.store.selectOneMessageByOffset(h.offset);
    if (!raw) return createResponse(req, ResponseCode.SYSTEM_ERROR, `can not find message by the offset, ${h.offset}`);
    return createResponse(req, ResponseCode.SUCCESS, null, null, raw);
  };

  const searchOffsetByTimestamp = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = SearchOffsetRequestHeader.decode(req.extFields);
    const offset = await b.store.getOffsetInQueueByTime(h.topic, h.queueId, h.timestamp);
    return createResponse(req, ResponseCode.SUCCESS, null, { offset: String(offset) });
  };

  const getMaxOffset = (req: RemotingCommand): RemotingCommand => {
    const h = GetMaxOffsetRequestHeader.decode(req.extFields);
    return createResponse(req, ResponseCode.SUCCESS, null, { offset: String(b.store.getMaxOffsetInQueue(h.topic, h.queueId)) });
  };

  const getMinOffset = (req: RemotingCommand): RemotingCommand => {
    const h = GetMinOffsetRequestHeader.decode(req.extFields);
    return createResponse(req, ResponseCode.SUCCESS, null, { offset: String(b.store.getMinOffsetInQueue(h.topic, h.queueId)) });
  };

  const getEarliestMsgStoretime = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = GetEarliestMsgStoretimeRequestHeader.decode(req.extFields);
    return createResponse(req, ResponseCode.SUCCESS, null, { timestamp: String(await b.store.getEarliestMessageTime(h.topic, h.queueId)) });
  };

  return [
    [RequestCode.QUERY_MESSAGE, queryMessage],
    [RequestCode.VIEW_MESSAGE_BY_ID, viewMessageById],
    [RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, searchOffsetByTimestamp],
    [RequestCode.GET_MAX_OFFSET, getMaxOffset],
    [RequestCode.GET_MIN_OFFSET, getMinOffset],
    [RequestCode.GET_EARLIEST_MSG_STORETIME, getEarliestMsgStoretime],
  ];
}
