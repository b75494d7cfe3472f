// Client configuration: Java's defaults, name servers from the option or NAMESRV_ADDR, the client
// id and the DEFAULT -> <pid>#<nanotime> instance name, the serialize type and VIP channel choice.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientConfig, resolveNamesrvAddrs } from '../../../src/client/client-config.js';
import { brokerVIPChannel } from '../../../src/client/mix-all.js';
import { parseDate, timeMillisToHumanString3, YYYYMMDDHHMMSS } from '../../../src/common/time-format.js';
import { SerializeType } from '../../../src/remoting/command.js';

test('defaults are Java 4.9.8 ClientConfig defaults', () => {
  const c = new ClientConfig({ namesrvAddr: '127.0.0.1:9876' });
  assert.equal(c.pollNameServerInterval, 30_000);
  assert.equal(c.heartbeatBrokerInterval, 30_000);
  assert.equal(c.persistConsumerOffsetInterval, 5_000);
  assert.equal(c.mqClientApiTimeout, 3_000);
  assert.equal(c.vipChannelEnabled, false, 'Java 4.9.8 reads com.rocketmq.sendMessageWithVIPChannel with default "false"');
  assert.equal(c.instanceName, process.env.ROCKETMQ_CLIENT_NAME ?? 'DEFAULT');
});

test('name servers: option (string or list, ";" separated), else NAMESRV_ADDR', () => {
  assert.deepEqual(resolveNamesrvAddrs('a:1;b:2'), ['a:1', 'b:2']);
  assert.deepEqual(resolveNamesrvAddrs(['a:1', 'b:2;c:3']), ['a:1', 'b:2', 'c:3']);
  const saved = process.env.NAMESRV_ADDR;
  try {
    process.env.NAMESRV_ADDR = 'x:9876; y:9876';
    assert.deepEqual(resolveNamesrvAddrs(undefined), ['x:9876', 'y:9876']);
    delete process.env.NAMESRV_ADDR;
    assert.deepEqual(resolveNamesrvAddrs(undefined), []);
  } finally {
    if (saved === undefined) delete process.env.NAMESRV_ADDR;
    else process.env.NAMESRV_ADDR = saved;
  }
});

test('client id: ip@instanceName[@unit]; DEFAULT becomes <pid>#<nanotime>, a chosen name stays', () => {
  const c = new ClientConfig({ namesrvAddr: 'a:1', clientIP: '10.1.2.3', instanceName: 'DEFAULT' });
  assert.equal(c.buildMQClientId(), '10.1.2.3@DEFAULT');
  c.changeInstanceNameToPID();
  assert.match(c.buildMQClientId(), new RegExp(`^10\\.1\\.2\\.3@${process.pid}#\\d+$`));
  const named = new ClientConfig({ namesrvAddr: 'a:1', clientIP: '10.1.2.3', instanceName: 'mine', unitName: 'u1' });
  named.changeInstanceNameToPID();
  assert.equal(named.buildMQClientId(), '10.1.2.3@mine@u1');
});

test('serialize type: JSON by default, ROCKETMQ by option or ROCKETMQ_SERIALIZE_TYPE', () => {
  const saved = process.env.ROCKETMQ_SERIALIZE_TYPE;
  try {
    delete process.env.ROCKETMQ_SERIALIZE_TYPE;
    assert.equal(new ClientConfig({}).serializeType, SerializeType.JSON);
    assert.equal(new ClientConfig({ serializeType: 'ROCKETMQ' }).serializeType, SerializeType.ROCKETMQ);
    process.env.ROCKETMQ_SERIALIZE_TYPE = 'ROCKETMQ';
    assert.equal(new ClientConfig({}).serializeType, SerializeType.ROCKETMQ);
    assert.equal(new ClientConfig({ serializeType: 'JSON' }).serializeType, SerializeType.JSON);
  } finally {
    if (saved === undefined) delete process.env.ROCKETMQ_SERIALIZE_TYPE;
    else process.env.ROCKETMQ_SERIALIZE_TYPE = saved;
  }
});

test('VIP channel is listenPort - 2; consume timestamps are yyyyMMddHHmmss local time', () => {
  assert.equal(brokerVIPChannel(true, '127.0.0.1:10911'), '127.0.0.1:10909');
  assert.equal(brokerVIPChannel(false, '127.0.0.1:10911'), '127.0.0.1:10911');
  assert.equal(brokerVIPChannel(true, '::1:10911'), '::1:10909');
  const ms = new Date(2026, 0, 2, 3, 4, 5).getTime();
  assert.equal(timeMillisToHumanString3(ms), '20260102030405');
  assert.equal(parseDate('20260102030405', YYYYMMDDHHMMSS), ms);
  assert.ok(Number.isNaN(parseDate('2026-01-02', YYYYMMDDHHMMSS)));
});
