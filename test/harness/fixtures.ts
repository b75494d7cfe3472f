// Locations of the golden data captured from Apache RocketMQ 4.9.8 (a copy of ../shared/fixtures
// kept in the repo so CI on a fresh clone has it).

import path from 'node:path';
import fs from 'node:fs';
import { packageRoot } from '../../src/common/runtime.js';

export const goldenDir = path.join(packageRoot, 'test', 'fixtures', 'rocketmq-4.9.8');
export const goldenRemotingDir = path.join(goldenDir, 'remoting');
export const goldenStoreDir = path.join(goldenDir, 'store');
export const goldenStoreIpv6Dir = path.join(goldenDir, 'store-ipv6');

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
