// What the name server's request handlers share: the state they act on, and the two response shapes.

import type { Configuration } from '../../common/config/configuration.js';
import type { NamesrvConfig } from '../../common/config/namesrv-config.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { Processor } from '../../remoting/server.js';
import type { KVConfigManager } from '../kv-config.js';
import type { RouteTable } from '../route-table.js';

export interface NamesrvContext {
  routes: RouteTable;
  kv: KVConfigManager;
  configuration: Configuration;
  namesrvConfig: NamesrvConfig;
  now: () => number;
}

export type HandlerTable = Array<[code: number, handler: Processor]>;

/** SUCCESS with an optional body; `ext` only for responses Java gives a custom header (sent as `{}` when empty). */
export function success(request: RemotingCommand, body?: Uint8Array | null, ext?: Record<string, string>): RemotingCommand {
  return createResponse(request, ResponseCode.SUCCESS, null, ext ?? null, body ?? null);
}

export function failure(request: RemotingCommand, code: number, remark: string, ext?: Record<string, string>): RemotingCommand {
  return createResponse(request, code, remark, ext ?? null, null);
}
