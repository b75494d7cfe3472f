// Java's own request bytes, sent to our name server over TCP, get the answers Java's name server
// gave: same codes, remarks, extFields and, where the state matches, the same body bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { decodeFrame, decodeFrameContent, FrameDecoder } from '../../../src/remoting/frame.js';
import type { RemotingCommand } from '../../../src/remoting/command.js';
import { decodePropertiesBody, decodeTopicList } from '../../../src/remoting/protocol/namesrv/index.js';
import { setLogLevel } from '../../../src/common/logger.js';
import { METRICS_CONFIG_KEYS } from '../../../src/common/config/metrics-config.js';
import { goldenRemotingDir } from '../../harness/fixtures.js';
import { startInProcessNamesrv, type TestContextLike } from '../../harness/servers.js';
import { withTimeout } from '../../harness/latch.js';

setLogLevel('silent');

const golden = (file: string) => fs.readFileSync(path.join(goldenRemotingDir, file));

/** A raw socket that writes Java's frames and reads back decoded responses in order. */
async function rawPeer(
  t: TestContextLike,
  addr: string,
): Promise<{ exchange(frame: Buffer): Promise<RemotingCommand>; send(frame: Buffer): void }> {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
  const socket = net.connect({ host, port });
  t.after(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = new FrameDecoder();
  const waiting: Array<(c: RemotingCommand) => void> = [];
  socket.on('data', (chunk) => decoder.push(chunk, (content) => waiting.shift()?.(decodeFrameContent(Buffer.from(content)))));
  return {
    send: (frame) => socket.write(frame),
    exchange: (frame) => {
      const p = new Promise<RemotingCommand>((resolve) => waiting.push(resolve));
      socket.write(frame);
      return withTimeout(p, 5000, 'a response');
    },
  };
}

function sameHeader(ours: RemotingCommand, java: RemotingCommand): void {
  assert.equal(ours.code, java.code);
  assert.equal(ours.opaque, java.opaque);
  assert.equal(ours.flag, java.flag);
  assert.equal(ours.serializeType, java.serializeType);
  assert.equal(ours.remark ?? null, java.remark ?? null);
  assert.deepEqual(ours.extFields ?? null, java.extFields ?? null);
}

test('a Java client and broker session replayed against our name server', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const peer = await rawPeer(t, ns.addr);

  // Before any broker registered, the producer's first lookup fails exactly as in the capture.
  const notExist = await peer.exchange(golden('extra/105-GET_ROUTEINFO_BY_TOPIC-request-json-TOPIC_NOT_EXIST.bin'));
  sameHeader(notExist, decodeFrame(golden('extra/105-GET_ROUTEINFO_BY_TOPIC-response-json-TOPIC_NOT_EXIST.bin')));

  // broker-a registers (oneway first, as after an auto-created topic, then the periodic two-way one).
  peer.send(golden('extra/103-REGISTER_BROKER-request-json-oneway.bin'));
  const registered = await peer.exchange(golden('103-REGISTER_BROKER-request-json.bin'));
  const javaRegistered = decodeFrame(golden('103-REGISTER_BROKER-response-json.bin'));
  sameHeader(registered, javaRegistered);
  assert.equal(registered.body ?? null, null);

  for (const type of ['json', 'rocketmq']) {
    const route = await peer.exchange(golden(`105-GET_ROUTEINFO_BY_TOPIC-request-${type}.bin`));
    const javaRoute = decodeFrame(golden(`105-GET_ROUTEINFO_BY_TOPIC-response-${type}.bin`));
    sameHeader(route, javaRoute);
    assert.deepEqual(Buffer.from(route.body!), Buffer.from(javaRoute.body!), `route body (${type})`);

    const cluster = await peer.exchange(golden(`106-GET_BROKER_CLUSTER_INFO-request-${type}.bin`));
    const javaCluster = decodeFrame(golden(`106-GET_BROKER_CLUSTER_INFO-response-${type}.bin`));
    sameHeader(cluster, javaCluster);
    assert.deepEqual(Buffer.from(cluster.body!), Buffer.from(javaCluster.body!), `cluster body (${type})`);

    const topics = await peer.exchange(golden(`206-GET_ALL_TOPIC_LIST_FROM_NAMESERVER-request-${type}.bin`));
    sameHeader(topics, decodeFrame(golden(`206-GET_ALL_TOPIC_LIST_FROM_NAMESERVER-response-${type}.bin`)));
    assert.equal(decodeTopicList(topics.body!).topicList.size, 20);

    const config = await peer.exchange(golden(`319-GET_NAMESRV_CONFIG-request-${type}.bin`));
    const javaConfig = decodeFrame(golden(`319-GET_NAMESRV_CONFIG-response-${type}.bin`));
    sameHeader(config, javaConfig);
    // Java's keys, and RocketMQ 5's metrics keys besides.
    const ourKeys = [...decodePropertiesBody(config.body).keys()].filter((k) => !METRICS_CONFIG_KEYS.includes(k));
    assert.deepEqual(ourKeys.sort(), [...decodePropertiesBody(javaConfig.body).keys()].sort());
  }

  // The IPv6 broker of the p3 run registers; its route comes back as Java sent it.
  const v6 = await peer.exchange(golden('extra/103-REGISTER_BROKER-request-json-ipv6-broker-address.bin'));
  sameHeader(v6, decodeFrame(golden('extra/103-REGISTER_BROKER-response-json-ipv6-broker-address.bin')));
  const v6Route = await peer.exchange(golden('extra/105-GET_ROUTEINFO_BY_TOPIC-request-json-ipv6-broker-address.bin'));
  const javaV6Route = decodeFrame(golden('extra/105-GET_ROUTEINFO_BY_TOPIC-response-json-ipv6-broker-address.bin'));
  sameHeader(v6Route, javaV6Route);
  assert.deepEqual(Buffer.from(v6Route.body!), Buffer.from(javaV6Route.body!));

  // broker-fx's shutdown unregisters a broker we never saw: still SUCCESS, no extFields.
  const unregistered = await peer.exchange(golden('104-UNREGISTER_BROKER-request-json.bin'));
  sameHeader(unregistered, decodeFrame(golden('104-UNREGISTER_BROKER-response-json.bin')));
  assert.ok(ns.controller.routes.brokerAddrTable.has('broker-a'));
});
