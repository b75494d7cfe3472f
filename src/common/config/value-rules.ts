// Rules for string settings, each with the words an error message uses to say what is allowed.
// Names of clusters and brokers become topics on the broker (Java registers a topic per cluster
// and per broker name), so they keep to the topic alphabet, plus the dot of a host name (the
// default broker name is the host name).

import { isValidTopicName } from '../message/message-const.js';

export interface StringRule {
  valid: (v: string) => boolean;
  allowed: string;
}

export const NAME: StringRule = {
  valid: (v) => /^[A-Za-z0-9_.%|-]{1,127}$/.test(v),
  allowed: 'a name of 1 to 127 letters, digits and . _ - % |',
};

/** TopicValidator's rule. */
export const TOPIC: StringRule = {
  valid: isValidTopicName,
  allowed: 'a topic name of 1 to 127 letters, digits and _ - % |',
};

export const HOST: StringRule = {
  valid: (v) => /^[A-Za-z0-9._%:-]{1,255}$/.test(v),
  allowed: 'an IP address or host name',
};

function isHostPort(v: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+|[0-9a-fA-F:]+):(\d{1,5})$/.exec(v);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
}

export const OPTIONAL_HOST_PORT: StringRule = {
  valid: (v) => v === '' || isHostPort(v),
  allowed: 'empty, or host:port',
};

export const PATH: StringRule = {
  valid: (v) => v.length > 0 && !v.includes('\0'),
  allowed: 'a path',
};

/** A path that may be left empty (the setting is then off). */
export const OPTIONAL_PATH: StringRule = {
  valid: (v) => !v.includes('\0'),
  allowed: 'empty, or a path',
};

/** deleteWhen: hours of the day, `;`-separated ("04", "01;02;03"). */
export const HOURS: StringRule = {
  valid: (v) => v.split(';').every((h) => /^\d{1,2}$/.test(h.trim()) && Number(h) <= 23),
  allowed: 'hours from 0 to 23, separated by ;',
};

/** messageDelayLevel: delays with a unit, space-separated ("1s 5s 10s 1m 2h 1d"). */
export const DELAY_LEVELS: StringRule = {
  valid: (v) => v.trim().split(/\s+/).every((l) => /^\d+[smhd]$/.test(l)),
  allowed: 'delays such as 1s 5m 2h 1d, separated by spaces',
};
