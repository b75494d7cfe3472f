// The client version we announce: the remoting header carries MQVersion's ordinal (409 = V4_9_8),
// and running info shows its name, as Java's MQVersion.getVersionDesc does.

import { CURRENT_VERSION, mqVersionDesc } from '../common/mq-version.js';

export const CLIENT_VERSION = CURRENT_VERSION;

export function clientVersionDesc(): string {
  return mqVersionDesc(CLIENT_VERSION);
}
