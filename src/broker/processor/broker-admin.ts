// Broker-wide administration (Java's AdminBrokerProcessor): GET_BROKER_CONFIG (26) and
// UPDATE_BROKER_CONFIG (25) as properties text, GET_BROKER_RUNTIME_INFO (28) with the keys mqadmin's
// brokerStatus and clusterList read, and the two requests passed on to one consumer:
// GET_CONSUMER_RUNNING_INFO (307) and CONSUME_MESSAGE_DIRECTLY (309).

import fs from 'node:fs';
import { ConfigError } from '../../common/errors.js';
import { decodeMessageId } from '../../common/message/message-id.js';
import { CURRENT_VERSION, MQVersion, mqVersionDesc } from '../../common/mq-version.js';
import { getLogger } from '../../common/logger.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { RemotingTimeoutError } from '../../remoting/errors.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { decodeBrokerConfigBody, encodeKVTable } from '../../remoting/protocol/broker-admin.js';
import { ConsumeMessageDirectlyResultRequestHeader } from '../../remoting/protocol/consume-directly.js';
import { GetConsumerRunningInfoRequestHeader } from '../../remoting/protocol/consumer-running-info.js';
import { encodeDataVersion } from '../../remoting/protocol/topic-config.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';
import { callClient } from '../client/broker2client.js';
import { humanReadableByteCount } from './common.js';

const log = getLogger('broker');

async function commitLogDirCapacity(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    fs.statfs(dir, (err, s) => {
      if (err || !s) return resolve(undefined);
      resolve(`Total : ${humanReadableByteCount(s.blocks * s.bsize)}, Free : ${humanReadableByteCount(s.bavail * s.bsize)}.`);
    });
  });
}

/**
 * Java's prepareRuntimeInfo: the store's figures, then the broker's, then replication's (which Java
 * 4.9 does not report). Thread-pool queues are always empty here.
 */
export async function brokerRuntimeInfo(b: BrokerContext): Promise<Map<string, string>> {
  const m = await b.store.getRuntimeInfo();
  if (b.schedule) { for (const [k, v] of b.schedule.runningStats()) m.set(k, v); }
  if (b.timer) { for (const [k, v] of b.timer.runtimeInfo()) m.set(k, v); }
  m.set('brokerVersionDesc', mqVersionDesc(CURRENT_VERSION));
  m.set('brokerVersion', String(CURRENT_VERSION));
  for (const [k, v] of b.brokerStats.runtimeInfo()) m.set(k, v);
  const bc = b.brokerConfig;
  m.set('sendThreadPoolQueueSize', '0');
  m.set('sendThreadPoolQueueCapacity', String(bc.sendThreadPoolQueueCapacity));
  m.set('pullThreadPoolQueueSize', '0');
  m.set('pullThreadPoolQueueCapacity', String(bc.pullThreadPoolQueueCapacity));
  m.set('queryThreadPoolQueueSize', '0');
  m.set('queryThreadPoolQueueCapacity', String(bc.queryThreadPoolQueueCapacity));
  m.set('EndTransactionQueueSize', '0');
  m.set('EndTransactionThreadPoolQueueCapacity', String(bc.endTransactionPoolQueueCapacity));
  m.set('dispatchBehindBytes', String(b.store.dispatchBehindBytes()));
  m.set('pageCacheLockTimeMills', String(Math.round(b.store.lockTimeMills())));
  m.set('sendThreadPoolQueueHeadWaitTimeMills', '0');
  m.set('pullThreadPoolQueueHeadWaitTimeMills', '0');
  m.set('queryThreadPoolQueueHeadWaitTimeMills', '0');
  m.set('earliestMessageTimeStamp', String(await b.store.getEarliestMessageTimeInStore()));
  m.set('startAcceptSendRequestTimeStamp', String(bc.startAcceptSendRequestTimeStamp));
  m.set('remainTransientStoreBufferNumbs', '2147483647');
  const cap = await commitLogDirCapacity(b.messageStoreConfig.storePathRootDir);
  if (cap) m.set('commitLogDirCapacity', cap);
  // Not in Java 4.9's table: the role, and the master's slaves or the slave's master (brokerStatus prints every key).
  b.replication?.addRuntimeInfo(m);
  return m;
}

export function brokerAdminProcessors(b: BrokerContext): Array<[number, Processor]> {
  const getBrokerConfig = (req: RemotingCommand): RemotingCommand =>
    createResponse(
      req,
      ResponseCode.SUCCESS,
      null,
      { version: encodeDataVersion(b.configuration.dataVersion).toString('utf8') },
      Buffer.from(b.configuration.formatAll(), 'utf8'),
    );

  const updateBrokerConfig = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    log.info('updateBrokerConfig called', { by: conn.remoteAddress });
    if (!req.body || req.body.length === 0) return createResponse(req, ResponseCode.SUCCESS);
    const props = decodeBrokerConfigBody(req.body);
    if (b.configuration.blackListed(props.keys())) {
      return createResponse(req, ResponseCode.NO_PERMISSION, 'Can not update config in black list.');
    }
    try {
      await b.configuration.update(props);
    } catch (err) {
      if (err instanceof ConfigError) return createResponse(req, ResponseCode.SYSTEM_ERROR, err.message);
      throw err;
    }
    if (props.has('brokerPermission')) {
      b.topicConfigManager.bumpDataVersion();
      await b.registerBrokerAll(false, false, true);
    }
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const getBrokerRuntimeInfo = async (req: RemotingCommand): Promise<RemotingCommand> =>
    createResponse(req, ResponseCode.SUCCESS, null, null, encodeKVTable(await brokerRuntimeInfo(b)));

  /** AdminBrokerProcessor.callConsumer: the request goes on to one client of the group, its answer comes back. */
  const callConsumer = async (
    req: RemotingCommand,
    code: number,
    group: string,
    clientId: string | undefined,
    body: Uint8Array | null | undefined,
  ): Promise<RemotingCommand> => {
    const info = clientId === undefined ? undefined : b.consumerManager.findChannel(group, clientId);
    if (!info) return createResponse(req, ResponseCode.SYSTEM_ERROR, `The Consumer <${group}> <${clientId}> not online`);
    if (info.version < MQVersion.V3_1_8_SNAPSHOT) {
      return createResponse(
        req,
        ResponseCode.SYSTEM_ERROR,
        `The Consumer <${clientId}> Version <${info.version}> too low to finish, please upgrade it to V3_1_8_SNAPSHOT`,
      );
    }
    try {
      const res = await callClient(info.channel, code, req.extFields, body);
      return createResponse(req, res.code, res.remark, res.extFields, res.body);
    } catch (err) {
      if (err instanceof RemotingTimeoutError) {
        return createResponse(req, ResponseCode.CONSUME_MSG_TIMEOUT, `consumer <${group}> <${clientId}> Timeout: ${err.message}`);
      }
      return createResponse(
        req,
        ResponseCode.SYSTEM_ERROR,
        `invoke consumer <${group}> <${clientId}> Exception: ${(err as Error).message}`,
      );
    }
  };

  const getConsumerRunningInfo = (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = GetConsumerRunningInfoRequestHeader.decode(req.extFields);
    return callConsumer(req, RequestCode.GET_CONSUMER_RUNNING_INFO, h.consumerGroup, h.clientId, req.body);
  };

  const consumeMessageDirectly = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = ConsumeMessageDirectlyResultRequestHeader.decode(req.extFields);
    req.extFields = { ...req.extFields, brokerName: b.brokerConfig.brokerName };
    let body: Uint8Array | null = null;
    if (h.msgId) {
      try {
        body = await b.store.selectOneMessageByOffset(decodeMessageId(h.msgId).offset);
      } catch {
        body = null;
      }
    }
    return callConsumer(req, RequestCode.CONSUME_MESSAGE_DIRECTLY, h.consumerGroup, h.clientId, body);
  };

  return [
    [RequestCode.GET_BROKER_CONFIG, getBrokerConfig],
    [RequestCode.UPDATE_BROKER_CONFIG, updateBrokerConfig],
    [RequestCode.GET_BROKER_RUNTIME_INFO, getBrokerRuntimeInfo],
    [RequestCode.GET_CONSUMER_RUNNING_INFO, getConsumerRunningInfo],
    [RequestCode.CONSUME_MESSAGE_DIRECTLY, consumeMessageDirectly],
  ];
}
