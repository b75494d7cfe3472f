// One name server and one broker behind one shape, either ours (`mq namesrv start` and `mq broker
// start` as child processes through the real CLI) or Apache RocketMQ's (the Java referees), so a
// client scenario runs against both: against ours everywhere, against Java where the referees are.
// Clients a scenario starts are handed to the cluster, which shuts them down, last first, before
// its servers stop (hooks run in the order they were registered), even when the test fails.

import { test, type TestContext } from 'node:test';
import { runtimeName } from '../../src/common/runtime.js';
import { freeBrokerPort, requireReferees, startJavaBroker, startJavaNamesrv } from './java.js';
import { startBroker, startNamesrv } from './servers.js';

export type BrokerProps = Record<string, string | number | boolean>;

export interface Cluster {
  kind: 'ours' | 'java';
  namesrvAddr: string;
  brokerAddr: string;
  brokerPort: number;
  brokerName: string;
  clusterName: string;
  /** Shuts `client` down when the test ends, before the servers stop; returns it. */
  own<T extends { shutdown(): Promise<unknown> }>(client: T): T;
}

function clientCloser(t: TestContext): Cluster['own'] {
  const clients: Array<{ shutdown(): Promise<unknown> }> = [];
  t.after(async () => {
    for (const c of clients.reverse()) await c.shutdown().catch(() => undefined);
  });
  return (client) => {
    clients.push(client);
    return client;
  };
}

/**
 * Our name server and broker (cluster OurCluster, broker broker-ours), each its own process. The
 * broker gets a port whose neighbours are free, as the Java one does: its VIP channel is then
 * listenPort - 2, where clients with vipChannelEnabled look for it.
 */
export async function startOurCluster(t: TestContext, props: BrokerProps = {}): Promise<Cluster> {
  const own = clientCloser(t);
  const ns = await startNamesrv(t);
  const names = { brokerClusterName: 'OurCluster', brokerName: 'broker-ours' };
  const b = await startBroker(t, { namesrvAddr: ns.addr, port: await freeBrokerPort(), props: { ...names, ...props } });
  return {
    kind: 'ours',
    namesrvAddr: ns.addr,
    brokerAddr: b.addr,
    brokerPort: b.port,
    brokerName: names.brokerName,
    clusterName: names.brokerClusterName,
    own,
  };
}

/** Apache RocketMQ's name server and broker (cluster JavaCluster, broker broker-java). */
export async function startJavaCluster(t: TestContext, props: BrokerProps = {}): Promise<Cluster> {
  const own = clientCloser(t);
  const ns = await startJavaNamesrv(t);
  const b = await startJavaBroker(t, ns.addr, props);
  return {
    kind: 'java',
    namesrvAddr: ns.addr,
    brokerAddr: b.addr,
    brokerPort: b.port,
    brokerName: 'broker-java',
    clusterName: 'JavaCluster',
    own,
  };
}

export interface BothBrokersOptions {
  /** Broker settings for both clusters. */
  props?: BrokerProps;
  /** Which Java referees the Java variant needs besides the servers ('both' adds the client jars). */
  referees?: 'server' | 'both';
  /** Run the Java variant on Node only: under Bun and Deno it would only repeat itself (GUIDE section 7). */
  javaOnNodeOnly?: boolean;
}

/**
 * Two top-level tests running `body` on one cluster each: "our broker: <title>" and "Java broker:
 * <title>" (skipped without the referees, unless CI requires them). Subtests of `body` share the
 * cluster; hooks belong on `t`, the top-level context.
 */
export function testOnBothBrokers(title: string, opts: BothBrokersOptions, body: (t: TestContext, c: Cluster) => Promise<void>): void {
  test(`our broker: ${title}`, async (t) => {
    await body(t, await startOurCluster(t, opts.props));
  });
  test(`Java broker: ${title}`, async (t) => {
    if (opts.javaOnNodeOnly && runtimeName !== 'node') {
      t.skip('the Java referee runs on Node only');
      return;
    }
    if (!requireReferees(t, opts.referees ?? 'server')) return;
    await body(t, await startJavaCluster(t, opts.props));
  });
}
