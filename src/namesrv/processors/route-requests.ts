// Requests clients and admins send about routes and topics: GET_ROUTEINFO_BY_TOPIC,
// GET_BROKER_CLUSTER_INFO, DELETE_TOPIC_IN_NAMESRV and the topic listings.

import type { RemotingCommand } from '../../remoting/command.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import {
  DeleteTopicFromNamesrvRequestHeader,
  GetRouteInfoRequestHeader,
  GetTopicsByClusterRequestHeader,
} from '../../remoting/protocol/namesrv/headers.js';
import { encodeTopicList, type TopicList } from '../../remoting/protocol/namesrv/lists.js';
import { encodeClusterInfo, encodeTopicRouteData, VERSION_STRICT_ROUTE_JSON } from '../../remoting/protocol/namesrv/route-data.js';
import { NAMESPACE_ORDER_TOPIC_CONFIG } from '../kv-config.js';
import { failure, type HandlerTable, type NamesrvContext, success } from './context.js';

/** Java's FAQUrl.suggestTodo(APPLY_TOPIC_URL), appended to "no route" remarks. */
export const APPLY_TOPIC_FAQ_SUFFIX = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';

export function noRouteRemark(topic: string): string {
  return `No topic route info in name server for the topic: ${topic}${APPLY_TOPIC_FAQ_SUFFIX}`;
}

export function routeHandlers(ctx: NamesrvContext): HandlerTable {
  const topicList = (req: RemotingCommand, list: TopicList) => success(req, encodeTopicList(list));
  return [
    [RequestCode.GET_ROUTEINFO_BY_TOPIC, (req) => getRouteInfoByTopic(ctx, req)],
    [RequestCode.GET_BROKER_CLUSTER_INFO, (req) => success(req, encodeClusterInfo(ctx.routes.getAllClusterInfo()))],
    [RequestCode.DELETE_TOPIC_IN_NAMESRV, (req) => {
      const h = DeleteTopicFromNamesrvRequestHeader.decode(req.extFields);
      ctx.routes.deleteTopic(h.topic, h.clusterName || undefined);
      return success(req);
    }],
    [RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, (req) => topicList(req, ctx.routes.getAllTopicList())],
    [RequestCode.GET_TOPICS_BY_CLUSTER, (req) => {
      const h = GetTopicsByClusterRequestHeader.decode(req.extFields);
      return topicList(req, ctx.routes.getTopicsByCluster(h.cluster));
    }],
    [RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, (req) => topicList(req, ctx.routes.getSystemTopicList())],
    [RequestCode.GET_UNIT_TOPIC_LIST, (req) => topicList(req, ctx.routes.getUnitTopics())],
    [RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, (req) => topicList(req, ctx.routes.getHasUnitSubTopicList())],
    [RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, (req) => topicList(req, ctx.routes.getHasUnitSubUnUnitTopicList())],
  ];
}

function getRouteInfoByTopic(ctx: NamesrvContext, req: RemotingCommand): RemotingCommand {
  const h = GetRouteInfoRequestHeader.decode(req.extFields);
  const route = ctx.routes.pickupTopicRouteData(h.topic);
  if (!route) return failure(req, ResponseCode.TOPIC_NOT_EXIST, noRouteRemark(h.topic));
  if (ctx.namesrvConfig.orderMessageEnable) {
    const conf = ctx.kv.get(NAMESPACE_ORDER_TOPIC_CONFIG, h.topic);
    if (conf !== undefined) route.orderTopicConf = conf;
  }
  const strict = req.version >= VERSION_STRICT_ROUTE_JSON || h.acceptStandardJsonOnly === true;
  return success(req, encodeTopicRouteData(route, { strict }));
}
