// NamesrvConfig: the name server's own settings, with Java's keys and defaults. Java marks none
// of them @ImportantField. Paths default under the user's home directory, as Java's do.

import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../runtime.js';
import { metricsConfigKeys } from './metrics-config.js';
import { bool, type ConfigOf, defineConfig, str } from './schema.js';
import { PATH } from './value-rules.js';

const home = os.homedir();

/** Keys that UPDATE_NAMESRV_CONFIG may never change, whatever configBlackList says. */
export const NAMESRV_FIXED_BLACKLIST: readonly string[] = ['configBlackList', 'configStorePath', 'kvConfigPath', 'rocketmqHome'];

/** Why keys are read but not acted on (schema.ts `inert`). */
const CLUSTER_TEST = 'cluster-test mode (routes from another environment) is not implemented';

const spec = {
  rocketmqHome: str(process.env.ROCKETMQ_HOME ?? packageRoot, 'Install directory ($ROCKETMQ_HOME); defaults to this package', {
    inert: 'the name server reads nothing under it',
  }),
  kvConfigPath: str(path.join(home, 'namesrv', 'kvConfig.json'), 'Where PUT_KV_CONFIG entries persist, in the JSON Java writes', PATH),
  configStorePath: str(
    path.join(home, 'namesrv', 'namesrv.properties'),
    'Where UPDATE_NAMESRV_CONFIG persists; -c sets it to the config file, as Java does',
    PATH,
  ),
  productEnvName: str('center', 'Environment name used by cluster-test mode', { inert: CLUSTER_TEST }),
  clusterTest: bool(false, 'Java cluster-test mode (routes from another environment); not supported, must stay false', {
    inert: CLUSTER_TEST,
  }),
  orderMessageEnable: bool(false, 'Add ORDER_TOPIC_CONFIG KV entries to route data as orderTopicConf'),
  ...metricsConfigKeys(5558, "the broker's 5557 plus one"),
  configBlackList: str('configBlackList;configStorePath;kvConfigPath', 'Keys, `;`-separated, that UPDATE_NAMESRV_CONFIG refuses to change'),
};

export const NamesrvConfigDef = defineConfig('NamesrvConfig', spec);
export type NamesrvConfig = ConfigOf<typeof spec>;
