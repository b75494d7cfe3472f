// The broker's answers to the ACL management requests (AdminBrokerProcessor in 4.9.x), so the
// broker only routes codes 50..54 here:
//   UPDATE_AND_CREATE_ACL_CONFIG (50)      SUCCESS, or 209 with the reason
//   DELETE_ACL_CONFIG (51)                 SUCCESS, or 210 with the reason
//   GET_BROKER_CLUSTER_ACL_INFO (52)       SUCCESS with the version header
//   UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53)  SUCCESS, or 211 with the reason
//   GET_BROKER_CLUSTER_ACL_CONFIG (54)     SUCCESS with every account, secrets included (as 4.9.7
//                                          answers it; 4.9.8 no longer serves the code)
// A header that does not decode throws RemotingCommandError, which the server answers SYSTEM_ERROR.

import { createResponse, type RemotingCommand } from '../remoting/command.js';
import { RequestCode } from '../remoting/request-code.js';
import { ResponseCode } from '../remoting/response-code.js';
import {
  accessConfigFromRequest,
  clusterAclVersionHeader,
  CreateAccessConfigRequestHeader,
  DeleteAccessConfigRequestHeader,
  encodeAclConfigBody,
  GetBrokerAclConfigResponseHeader,
  splitJavaList,
  UpdateGlobalWhiteAddrsConfigRequestHeader,
} from '../remoting/protocol/acl.js';
import { getLogger } from '../common/logger.js';
import type { PlainAccessValidator } from './plain-access-validator.js';

const log = getLogger('acl');

/** Who answers GET_BROKER_CLUSTER_ACL_INFO. */
export interface AclBrokerIdentity {
  brokerName: string;
  brokerAddr: string;
  clusterName: string;
}

/** The request codes answered by aclAdminResponse. */
export const ACL_ADMIN_REQUEST_CODES: readonly number[] = [
  RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
  RequestCode.DELETE_ACL_CONFIG,
  RequestCode.GET_BROKER_CLUSTER_ACL_INFO,
  RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
  RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG,
];

/** Runs `change`; a false result or an error becomes `failCode` with Java's remark or the error's message. */
function changeResponse(request: RemotingCommand, failCode: number, failRemark: string, change: () => boolean): RemotingCommand {
  try {
    if (change()) return createResponse(request, ResponseCode.SUCCESS, null);
    log.warn(failRemark);
    return createResponse(request, failCode, failRemark);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.warn('ACL management request failed', { code: request.code, reason });
    return createResponse(request, failCode, reason);
  }
}

/** Answers one ACL management request; throws RemotingCommandError for a header that does not decode. */
export function aclAdminResponse(acl: PlainAccessValidator, request: RemotingCommand, broker: AclBrokerIdentity): RemotingCommand {
  switch (request.code) {
    case RequestCode.UPDATE_AND_CREATE_ACL_CONFIG: {
      const hdr = CreateAccessConfigRequestHeader.decode(request.extFields);
      const remark = `The accesskey[${hdr.accessKey}] corresponding to accessConfig has been updated failed.`;
      return changeResponse(
        request,
        ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED,
        remark,
        () => acl.updateAccessConfig(accessConfigFromRequest(hdr)),
      );
    }
    case RequestCode.DELETE_ACL_CONFIG: {
      const hdr = DeleteAccessConfigRequestHeader.decode(request.extFields);
      const remark = `The accesskey[${hdr.accessKey}] corresponding to accessConfig has been deleted failed.`;
      return changeResponse(request, ResponseCode.DELETE_ACL_CONFIG_FAILED, remark, () => acl.deleteAccessConfig(hdr.accessKey));
    }
    case RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG: {
      const hdr = UpdateGlobalWhiteAddrsConfigRequestHeader.decode(request.extFields);
      const remark = `The globalWhiteAddresses[${hdr.globalWhiteAddrs}] has been updated failed.`;
      return changeResponse(
        request,
        ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED,
        remark,
        () => acl.updateGlobalWhiteAddrsConfig(splitJavaList(hdr.globalWhiteAddrs) ?? [], hdr.aclFileFullPath),
      );
    }
    case RequestCode.GET_BROKER_CLUSTER_ACL_INFO: {
      const header = clusterAclVersionHeader({
        ...broker,
        aclConfigDataVersion: acl.getAclConfigVersion(),
        allAclConfigDataVersion: acl.getAllAclConfigVersion(),
      });
      return createResponse(request, ResponseCode.SUCCESS, null, GetBrokerAclConfigResponseHeader.encode(header));
    }
    case RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG:
      return createResponse(request, ResponseCode.SUCCESS, null, null, encodeAclConfigBody(acl.getAllAclConfig()));
    default:
      return createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ` request type ${request.code} not supported`);
  }
}
