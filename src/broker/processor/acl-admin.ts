// ACL management (Java's AdminBrokerProcessor): UPDATE_AND_CREATE_ACL_CONFIG (50),
// DELETE_ACL_CONFIG (51), GET_BROKER_CLUSTER_ACL_INFO (52) and UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53),
// answered by src/acl over the broker's validator. GET_BROKER_CLUSTER_ACL_CONFIG (54) is not served:
// 4.9.8 removed it because its answer carries every secret key, so it gets REQUEST_CODE_NOT_SUPPORTED.
// With aclEnable=false there is no validator: Java then fails with a NullPointerException (52 even
// leaves the request unanswered); here each code gets its failure code and a remark that says why.

import { aclAdminResponse } from '../../acl/index.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';

/** The codes served here, each with what it answers when the broker has no ACL. */
const ACL_CODES: ReadonlyArray<[number, number]> = [
  [RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED],
  [RequestCode.DELETE_ACL_CONFIG, ResponseCode.DELETE_ACL_CONFIG_FAILED],
  [RequestCode.GET_BROKER_CLUSTER_ACL_INFO, ResponseCode.SYSTEM_ERROR],
  [RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED],
];

export const ACL_DISABLED_REMARK = 'ACL is not enabled on this broker (aclEnable=false)';

export function aclAdminProcessors(b: BrokerContext): Array<[number, Processor]> {
  return ACL_CODES.map(([code, offCode]) => [
    code,
    (req: RemotingCommand) => {
      if (!b.acl) return createResponse(req, offCode, ACL_DISABLED_REMARK);
      return aclAdminResponse(b.acl, req, {
        brokerName: b.brokerConfig.brokerName,
        brokerAddr: b.brokerAddr,
        clusterName: b.brokerConfig.brokerClusterName,
      });
    },
  ]);
}
