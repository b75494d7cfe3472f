// What one request asks for (Java's PlainAccessValidator.parse): who sends it (AccessKey,
// Signature, SecurityToken extFields and the peer's IP) and which topics and groups it needs with
// which permission. A group is checked as its retry topic %RETRY%<group> with SUB.
//   SEND_MESSAGE (10)             topic: PUB; a %RETRY% topic: SUB on the producerGroup's retry topic
//   SEND_MESSAGE_V2 (310),
//   SEND_BATCH_MESSAGE (320)      the same with the V2 short names b (topic) and a (producerGroup)
//   CONSUMER_SEND_MSG_BACK (36)   group: SUB
//   PULL_MESSAGE (11)             topic: SUB, consumerGroup: SUB
//   QUERY_MESSAGE (12)            topic: SUB
//   HEART_BEAT (34)               body: each consumer group SUB, each subscribed topic SUB
//   UNREGISTER_CLIENT (35), GET_CONSUMER_LIST_BY_GROUP (38)   consumerGroup: SUB
//   UPDATE_CONSUMER_OFFSET (15)   consumerGroup: SUB, topic: SUB
// Two departures from 4.9.8, both as later Java has them or means them: batches are checked like
// V2 sends (5.1 adds them; 4.9.8 checks nothing), and a V1 send to a retry topic checks its
// producerGroup (4.9.8 reads a "group" field V1 headers do not have, and so checks nothing).

import type { RemotingCommand } from '../remoting/command.js';
import { RequestCode } from '../remoting/request-code.js';
import { ACL_ACCESS_KEY, ACL_SECURITY_TOKEN, ACL_SIGNATURE } from '../remoting/acl-signature.js';
import { decodeHeartbeatData, UnregisterClientRequestHeader } from '../remoting/protocol/heartbeat.js';
import { GetConsumerListByGroupRequestHeader } from '../remoting/protocol/consumer-ids.js';
import { UpdateConsumerOffsetRequestHeader } from '../remoting/protocol/consumer-offset.js';
import { AclError } from './acl-error.js';
import { isRetryTopic, Permission, retryTopicOf } from './permission.js';
import { remoteHostOf } from './remote-address.js';

export interface AccessResource {
  readonly requestCode: number;
  /** The peer's IP, without port. */
  readonly remoteHost: string | undefined;
  readonly accessKey: string | undefined;
  readonly signature: string | undefined;
  readonly securityToken: string | undefined;
  /** Topic (a group as %RETRY%<group>) -> permission bits needed; undefined when the request names none. */
  readonly resources: ReadonlyMap<string, number> | undefined;
  /** The request itself: its fields and body are what the signature covers. */
  readonly request: RemotingCommand;
}

type Needs = Map<string, number>;

function need(needs: Needs, resource: string | undefined | null, perm: number): void {
  if (resource !== undefined && resource !== null) needs.set(resource, perm);
}

function needGroup(needs: Needs, group: string | undefined | null): void {
  if (group !== undefined && group !== null) needs.set(retryTopicOf(group), Permission.SUB);
}

function sendNeeds(needs: Needs, topic: string | undefined, producerGroup: string | undefined): void {
  if (isRetryTopic(topic)) needGroup(needs, producerGroup);
  else need(needs, topic, Permission.PUB);
}

function resourcesOf(request: RemotingCommand, ext: Record<string, string>, needs: Needs): void {
  switch (request.code) {
    case RequestCode.SEND_MESSAGE:
      sendNeeds(needs, ext.topic, ext.producerGroup);
      break;
    case RequestCode.SEND_MESSAGE_V2:
    case RequestCode.SEND_BATCH_MESSAGE:
      sendNeeds(needs, ext.b, ext.a);
      break;
    case RequestCode.CONSUMER_SEND_MSG_BACK:
      needGroup(needs, ext.group);
      break;
    case RequestCode.PULL_MESSAGE:
      need(needs, ext.topic, Permission.SUB);
      needGroup(needs, ext.consumerGroup);
      break;
    case RequestCode.QUERY_MESSAGE:
      need(needs, ext.topic, Permission.SUB);
      break;
    case RequestCode.HEART_BEAT:
      for (const c of decodeHeartbeatData(request.body ?? new Uint8Array(0)).consumerDataSet) {
        needGroup(needs, c.groupName);
        for (const s of c.subscriptionDataSet) need(needs, s.topic, Permission.SUB);
      }
      break;
    case RequestCode.UNREGISTER_CLIENT:
      needGroup(needs, UnregisterClientRequestHeader.decode(ext).consumerGroup);
      break;
    case RequestCode.GET_CONSUMER_LIST_BY_GROUP:
      needGroup(needs, GetConsumerListByGroupRequestHeader.decode(ext).consumerGroup);
      break;
    case RequestCode.UPDATE_CONSUMER_OFFSET: {
      const hdr = UpdateConsumerOffsetRequestHeader.decode(ext);
      needGroup(needs, hdr.consumerGroup);
      need(needs, hdr.topic, Permission.SUB);
      break;
    }
    default:
      break;
  }
}

/** The resource a request asks for. `remoteAddr` is the peer as "host:port". Throws AclError for a request it cannot read. */
export function parseAccessResource(request: RemotingCommand, remoteAddr: string | undefined | null): AccessResource {
  const ext = request.extFields;
  let needs: Needs | undefined;
  if (ext) {
    needs = new Map();
    try {
      resourcesOf(request, ext, needs);
    } catch (err) {
      throw err instanceof AclError ? err : new AclError(err instanceof Error ? err.message : String(err));
    }
  }
  // One literal of one shape: object spread here cost more than the HMAC on Node 20.
  return {
    requestCode: request.code,
    remoteHost: remoteHostOf(remoteAddr),
    // Without extFields only the white lists can let a request through.
    accessKey: ext ? ext[ACL_ACCESS_KEY] : undefined,
    signature: ext ? ext[ACL_SIGNATURE] : undefined,
    securityToken: ext ? ext[ACL_SECURITY_TOKEN] : undefined,
    resources: needs && needs.size > 0 ? needs : undefined,
    request,
  };
}
