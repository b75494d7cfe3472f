// Where a client finds the credentials it signs requests with:
//   explicit         accessKey and secretKey given by the caller (mqadmin and tool flags)
//   environment      ROCKETMQ_ACCESS_KEY, ROCKETMQ_SECRET_KEY, ROCKETMQ_SECURITY_TOKEN
//   <home>/conf/tools.yml   accessKey: ..  secretKey: ..   (what mqadmin 4.9.8 reads from
//                    ${rocketmq.home.dir}/conf/tools.yml, AclUtils.getAclRPCHook)
// in that order. Keys that are missing or blank mean "do not sign", as Java returns no hook then.

import path from 'node:path';
import { getLogger } from '../common/logger.js';
import { packageRoot } from '../common/runtime.js';
import type { SessionCredentials } from '../remoting/acl-signature.js';
import { parseAclYaml, readFileText } from './acl-file.js';

const log = getLogger('acl');

export const TOOLS_YML = 'conf/tools.yml';
export const ENV_ACCESS_KEY = 'ROCKETMQ_ACCESS_KEY';
export const ENV_SECRET_KEY = 'ROCKETMQ_SECRET_KEY';
export const ENV_SECURITY_TOKEN = 'ROCKETMQ_SECURITY_TOKEN';

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

function scalar(v: unknown): string | undefined {
  if (v === undefined || v === null || typeof v === 'object') return undefined;
  return String(v);
}

/** The credentials of a tools.yml file; undefined (with a log line) when it is missing, unreadable or has blank keys. */
export function readToolsYml(file: string): SessionCredentials | undefined {
  let data: Record<string, unknown> | null;
  try {
    const text = readFileText(file);
    if (!text) {
      log.debug(`no ${file}: requests are not signed`);
      return undefined;
    }
    data = parseAclYaml(text.text, file);
  } catch (err) {
    log.warn(`cannot read ${file}, requests are not signed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  const accessKey = scalar(data?.accessKey);
  const secretKey = scalar(data?.secretKey);
  if (blank(accessKey) || blank(secretKey)) {
    log.warn(`accessKey or secretKey is blank in ${file}: requests are not signed`);
    return undefined;
  }
  return { accessKey: accessKey!, secretKey: secretKey! };
}

/** The home whose conf/tools.yml the tools read: ROCKETMQ_HOME, else this package (which ships the distribution's tools.yml). */
export function toolsHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROCKETMQ_HOME || packageRoot;
}

/** conf/tools.yml under a RocketMQ home. */
export function toolsCredentials(rocketmqHome: string): SessionCredentials | undefined {
  return readToolsYml(path.join(rocketmqHome, TOOLS_YML));
}

/** ROCKETMQ_ACCESS_KEY / ROCKETMQ_SECRET_KEY (and ROCKETMQ_SECURITY_TOKEN), when both keys are set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): SessionCredentials | undefined {
  const accessKey = env[ENV_ACCESS_KEY];
  const secretKey = env[ENV_SECRET_KEY];
  if (blank(accessKey) || blank(secretKey)) return undefined;
  const token = env[ENV_SECURITY_TOKEN];
  return { accessKey: accessKey!.trim(), secretKey: secretKey!.trim(), ...(blank(token) ? {} : { securityToken: token!.trim() }) };
}

export interface CredentialSources {
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  /** Home whose conf/tools.yml is read last; none: tools.yml is not read. */
  rocketmqHome?: string;
  env?: NodeJS.ProcessEnv;
}

/** The first complete set of credentials: explicit keys, then the environment, then tools.yml. */
export function resolveCredentials(src: CredentialSources): SessionCredentials | undefined {
  if (!blank(src.accessKey) && !blank(src.secretKey)) {
    return { accessKey: src.accessKey!, secretKey: src.secretKey!, ...(src.securityToken ? { securityToken: src.securityToken } : {}) };
  }
  return credentialsFromEnv(src.env) ?? (src.rocketmqHome ? toolsCredentials(src.rocketmqHome) : undefined);
}
