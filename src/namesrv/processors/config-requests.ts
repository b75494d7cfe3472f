// Requests about configuration: the KV store (PUT/GET/DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE)
// and the name server's own settings (UPDATE/GET_NAMESRV_CONFIG, properties-text bodies).

import { ConfigError } from '../../common/errors.js';
import { getLogger } from '../../common/logger.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import {
  DeleteKVConfigRequestHeader,
  GetKVConfigRequestHeader,
  GetKVConfigResponseHeader,
  GetKVListByNamespaceRequestHeader,
  PutKVConfigRequestHeader,
} from '../../remoting/protocol/namesrv/headers.js';
import { decodePropertiesBody, encodeKVTable } from '../../remoting/protocol/namesrv/lists.js';
import { failure, type HandlerTable, type NamesrvContext, success } from './context.js';

const log = getLogger('namesrv');

export function configHandlers(ctx: NamesrvContext): HandlerTable {
  return [
    [RequestCode.PUT_KV_CONFIG, async (req) => {
      const h = PutKVConfigRequestHeader.decode(req.extFields);
      const refused = ctx.kv.refusal(h.namespace, h.key, h.value);
      if (refused !== null) return failure(req, ResponseCode.SYSTEM_ERROR, refused);
      await ctx.kv.put(h.namespace, h.key, h.value);
      return success(req);
    }],
    [RequestCode.GET_KV_CONFIG, (req) => {
      const h = GetKVConfigRequestHeader.decode(req.extFields);
      const value = ctx.kv.get(h.namespace, h.key);
      if (value !== undefined) return success(req, null, GetKVConfigResponseHeader.encode({ value }));
      return failure(req, ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${h.namespace} Key: ${h.key}`, {});
    }],
    [RequestCode.DELETE_KV_CONFIG, async (req) => {
      const h = DeleteKVConfigRequestHeader.decode(req.extFields);
      await ctx.kv.delete(h.namespace, h.key);
      return success(req);
    }],
    [RequestCode.GET_KVLIST_BY_NAMESPACE, (req) => {
      const h = GetKVListByNamespaceRequestHeader.decode(req.extFields);
      const table = ctx.kv.list(h.namespace);
      if (table) return success(req, encodeKVTable(table));
      return failure(req, ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${h.namespace}`);
    }],
    [RequestCode.UPDATE_NAMESRV_CONFIG, async (req, conn) => {
      log.info('namesrv config update requested', { client: conn.remoteAddress });
      if (!req.body || req.body.length === 0) return success(req);
      const props = decodePropertiesBody(req.body);
      if (ctx.configuration.blackListed(props.keys()) !== undefined) {
        return failure(req, ResponseCode.NO_PERMISSION, 'Can not update config in black list.');
      }
      try {
        await ctx.configuration.update(props);
      } catch (err) {
        if (err instanceof ConfigError) return failure(req, ResponseCode.SYSTEM_ERROR, err.message);
        throw err;
      }
      return success(req);
    }],
    [RequestCode.GET_NAMESRV_CONFIG, (req) => {
      const text = ctx.configuration.formatAll();
      return success(req, text.length > 0 ? Buffer.from(text, 'utf8') : null);
    }],
  ];
}
