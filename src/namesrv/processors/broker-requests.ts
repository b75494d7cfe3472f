// Requests brokers and admins send about brokers: REGISTER_BROKER, UNREGISTER_BROKER,
// QUERY_DATA_VERSION, WIPE_WRITE_PERM_OF_BROKER and ADD_WRITE_PERM_OF_BROKER.

import { getLogger } from '../../common/logger.js';
import { MQVersion } from '../../common/mq-version.js';
import type { RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { RemotingCommandError } from '../../remoting/errors.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import {
  AddWritePermOfBrokerRequestHeader,
  AddWritePermOfBrokerResponseHeader,
  QueryDataVersionRequestHeader,
  QueryDataVersionResponseHeader,
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  UnRegisterBrokerRequestHeader,
  WipeWritePermOfBrokerRequestHeader,
  WipeWritePermOfBrokerResponseHeader,
} from '../../remoting/protocol/namesrv/headers.js';
import { encodeKVTable } from '../../remoting/protocol/namesrv/lists.js';
import { crc32Positive, decodeLegacyRegisterBody, decodeRegisterBrokerBody } from '../../remoting/protocol/namesrv/register-broker-body.js';
import {
  createTopicConfigWrapper,
  decodeDataVersion,
  encodeDataVersion,
  type TopicConfigSerializeWrapper,
} from '../../remoting/protocol/topic-config.js';
import { NAMESPACE_ORDER_TOPIC_CONFIG } from '../kv-config.js';
import { failure, type HandlerTable, type NamesrvContext, success } from './context.js';

const log = getLogger('namesrv');

export function brokerHandlers(ctx: NamesrvContext): HandlerTable {
  return [
    [RequestCode.REGISTER_BROKER, (req, conn) => registerBroker(ctx, req, conn)],
    [RequestCode.UNREGISTER_BROKER, (req) => {
      const h = UnRegisterBrokerRequestHeader.decode(req.extFields);
      ctx.routes.unregisterBroker(h.clusterName, h.brokerAddr, h.brokerName, h.brokerId);
      return success(req);
    }],
    [RequestCode.QUERY_DATA_VERSION, (req) => {
      const h = QueryDataVersionRequestHeader.decode(req.extFields);
      const changed = ctx.routes.isBrokerTopicConfigChanged(h.brokerAddr, decodeDataVersion(req.body));
      if (!changed) ctx.routes.updateBrokerInfoUpdateTimestamp(h.brokerAddr, ctx.now());
      const ours = ctx.routes.queryBrokerTopicConfig(h.brokerAddr);
      return success(req, ours ? encodeDataVersion(ours) : null, QueryDataVersionResponseHeader.encode({ changed }));
    }],
    [RequestCode.WIPE_WRITE_PERM_OF_BROKER, (req, conn) => {
      const h = WipeWritePermOfBrokerRequestHeader.decode(req.extFields);
      const wipeTopicCount = ctx.routes.wipeWritePermOfBroker(h.brokerName);
      log.info('wiped write permission of broker', { broker: h.brokerName, client: conn.remoteAddress, topics: wipeTopicCount });
      return success(req, null, WipeWritePermOfBrokerResponseHeader.encode({ wipeTopicCount }));
    }],
    [RequestCode.ADD_WRITE_PERM_OF_BROKER, (req, conn) => {
      const h = AddWritePermOfBrokerRequestHeader.decode(req.extFields);
      const addTopicCount = ctx.routes.addWritePermOfBroker(h.brokerName);
      log.info('added write permission of broker', { broker: h.brokerName, client: conn.remoteAddress, topics: addTopicCount });
      return success(req, null, AddWritePermOfBrokerResponseHeader.encode({ addTopicCount }));
    }],
  ];
}

function registerBroker(ctx: NamesrvContext, req: RemotingCommand, conn: Connection): RemotingCommand {
  const h = RegisterBrokerRequestHeader.decode(req.extFields);
  if (h.bodyCrc32 && crc32Positive(req.body) !== h.bodyCrc32) {
    log.warn('REGISTER_BROKER body crc32 does not match', { peer: conn.remoteAddress, broker: h.brokerAddr });
    return failure(req, ResponseCode.SYSTEM_ERROR, 'crc32 not match');
  }
  let wrapper: TopicConfigSerializeWrapper;
  let filterServerList: string[] | null = null;
  const hasBody = req.body !== null && req.body !== undefined && req.body.length > 0;
  try {
    if (req.version >= MQVersion.V3_0_11) {
      const body = hasBody ? decodeRegisterBrokerBody(req.body!, h.compressed ?? false) : undefined;
      wrapper = body?.topicConfigSerializeWrapper ?? emptyWrapper();
      filterServerList = body?.filterServerList ?? [];
    } else {
      wrapper = hasBody ? decodeLegacyRegisterBody(req.body!) : emptyWrapper();
    }
  } catch (err) {
    throw new RemotingCommandError(`Failed to decode RegisterBrokerBody: ${(err as Error).message}`);
  }
  const result = ctx.routes.registerBroker({
    clusterName: h.clusterName,
    brokerAddr: h.brokerAddr,
    brokerName: h.brokerName,
    brokerId: h.brokerId,
    haServerAddr: h.haServerAddr,
    topicConfigWrapper: wrapper,
    filterServerList,
    channel: conn,
  });
  const orderTopics = ctx.kv.list(NAMESPACE_ORDER_TOPIC_CONFIG);
  return success(req, orderTopics ? encodeKVTable(orderTopics) : null, RegisterBrokerResponseHeader.encode(result));
}

/** What a register without a body stands for: no topics, data version zero. */
function emptyWrapper(): TopicConfigSerializeWrapper {
  return createTopicConfigWrapper([], { timestamp: 0, counter: 0 });
}
