// The start-up success lines of NamesrvStartup and BrokerStartup, word for word: scripts and people
// wait for them on stdout.

import type { BrokerController } from '../broker/broker-controller.js';
import { defaultSerializeType, SerializeType } from '../remoting/command.js';

function serializeTypeName(): string {
  return defaultSerializeType() === SerializeType.ROCKETMQ ? 'ROCKETMQ' : 'JSON';
}

export function namesrvBootLine(): string {
  return `The Name Server boot success. serializeType=${serializeTypeName()}`;
}

export function brokerBootLine(b: BrokerController): string {
  const ns = b.brokerConfig.namesrvAddr;
  return `The broker[${b.brokerConfig.brokerName}, ${b.brokerAddr}] boot success. serializeType=${serializeTypeName()}${
    ns ? ` and name server is ${ns}` : ''
  }`;
}
