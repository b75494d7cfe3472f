// Texts of the issue-12 commands against what Apache RocketMQ 4.9.8's mqadmin printed and wrote on
// JDK 17 (captured from a run against a 4.9.7 broker): exportConfigs' broker keys in the order of a
// java.util.Properties (a ConcurrentHashMap whose resize reorders some bins), the producer and
// getConsumerConfig lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPORTED_BROKER_KEYS } from '../../../src/admin/export.js';
import { javaPropertiesOrder } from '../../../src/admin/format/java-hashmap.js';
import { consumerConfigLines, producerInfoLines } from '../../../src/admin/format/group-format.js';
import { createSubscriptionGroupConfig } from '../../../src/remoting/protocol/subscription-group.js';

test('exportConfigs writes the broker keys in Java Properties order', () => {
  // EXPORTED_BROKER_KEYS is the order ExportConfigsCommand sets them in.
  // configs.json as mqadmin wrote it: fileReservedTime before brokerClusterName (a HashMap keeps them the other way).
  const java = [
    'brokerId',
    'traceOn',
    'flushDiskType',
    'msgTraceTopicName',
    'traceTopicEnable',
    'messageDelayLevel',
    'autoCreateTopicEnable',
    'brokerRole',
    'slaveReadEnable',
    'fileReservedTime',
    'brokerClusterName',
    'brokerName',
    'filterServerNums',
    'maxMessageSize',
    'useTLS',
    'autoCreateSubscriptionGroup',
  ];
  assert.deepEqual(javaPropertiesOrder(new Map(EXPORTED_BROKER_KEYS.map((k) => [k, 'v']))).map(([k]) => k), java);
  // Below the resize threshold it is a plain bucket order.
  assert.deepEqual(javaPropertiesOrder(new Map([['b', 1], ['a', 2]])).map(([k]) => k), ['a', 'b']);
});

test('producer and getConsumerConfig lines', () => {
  assert.deepEqual(
    producerInfoLines(
      new Map([['ScratchP', [{
        clientId: '192.0.2.2@14175#14766515329605',
        remoteIP: '/127.0.0.1:51302',
        language: 'OTHER',
        version: 409,
        lastUpdateTimestamp: 1796492939698,
      }]], ['Empty', []]]),
    ),
    [
      // Groups in HashMap order.
      'producer group (Empty) instances are empty',
      'producer group (ScratchP) instance : clientId=192.0.2.2@14175#14766515329605,remoteIP=/127.0.0.1:51302, language=OTHER, version=409, lastUpdateTimestamp=1796492939698',
    ],
  );
  const lines = consumerConfigLines([{
    cluster: 'JavaCluster',
    brokerName: 'broker-java',
    config: createSubscriptionGroupConfig('ScratchG', { consumeFromMinEnable: false, consumeBroadcastEnable: false }),
  }]);
  assert.deepEqual(lines, [
    '=============================JavaCluster:broker-java=============================',
    'groupName                               =  ScratchG',
    'consumeEnable                           =  true',
    'consumeFromMinEnable                    =  false',
    'consumeBroadcastEnable                  =  false',
    'retryQueueNums                          =  1',
    'retryMaxTimes                           =  16',
    'brokerId                                =  0',
    'whichBrokerWhenConsumeSlowly            =  1',
    'notifyConsumerIdsChangedEnable          =  true',
  ]);
});
