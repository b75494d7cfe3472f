// JSON header codec. fastjson writes the top-level fields in alphabetical order:
//   {"code":N,"extFields":{..},"flag":N,"language":"JAVA","opaque":N,"remark":"..",
//    "serializeTypeCurrentRPC":"JSON","version":N}
// with extFields and remark left out when null. We write the same, with fastjson's string
// escapes, so a decoded header re-encodes to identical bytes when its extFields keep their order.
// (JSON.parse puts integer-like keys first; no RocketMQ header field has such a name.)

import { RemotingCommandError } from './errors.js';
import { type RemotingCommand, SerializeType } from './command.js';
import { quoteString } from './fastjson.js';

export function encodeJsonHeader(cmd: RemotingCommand): string {
  let s = '{"code":' + cmd.code;
  const ext = cmd.extFields;
  if (ext) {
    s += ',"extFields":{';
    let first = true;
    for (const k in ext) {
      const v = ext[k];
      if (v === undefined || v === null) continue;
      s += (first ? '' : ',') + quoteString(k) + ':' + quoteString(v);
      first = false;
    }
    s += '}';
  }
  s += ',"flag":' + cmd.flag + ',"language":"' + cmd.language + '","opaque":' + cmd.opaque;
  if (cmd.remark !== null && cmd.remark !== undefined) s += ',"remark":' + quoteString(cmd.remark);
  s += ',"serializeTypeCurrentRPC":"JSON","version":' + cmd.version + '}';
  return s;
}

export function decodeJsonHeader(bytes: Uint8Array): RemotingCommand {
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    throw new RemotingCommandError(`invalid JSON header: ${(err as Error).message}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new RemotingCommandError('JSON header is not an object');
  const code = obj.code;
  if (typeof code !== 'number' || !Number.isInteger(code)) throw new RemotingCommandError('JSON header has no integer code');
  let extFields: Record<string, string> | null = null;
  const rawExt = obj.extFields;
  if (rawExt !== null && rawExt !== undefined) {
    if (typeof rawExt !== 'object' || Array.isArray(rawExt)) throw new RemotingCommandError('JSON header extFields is not an object');
    const raw = rawExt as Record<string, unknown>;
    let allStrings = true;
    for (const k in raw) {
      if (typeof raw[k] !== 'string') {
        allStrings = false;
        break;
      }
    }
    if (allStrings) {
      // What Java sends: JSON.parse's own object is the map, no copy needed.
      extFields = raw as Record<string, string>;
    } else {
      extFields = {};
      for (const [k, v] of Object.entries(raw)) {
        // Other clients occasionally send numbers or booleans; Java would read them as strings.
        if (v !== null && v !== undefined) extFields[k] = typeof v === 'string' ? v : String(v);
      }
    }
  }
  return {
    code,
    language: typeof obj.language === 'string' ? obj.language : 'JAVA',
    version: typeof obj.version === 'number' ? obj.version : 0,
    opaque: typeof obj.opaque === 'number' ? obj.opaque | 0 : 0,
    flag: typeof obj.flag === 'number' ? obj.flag : 0,
    remark: typeof obj.remark === 'string' ? obj.remark : null,
    extFields,
    body: null,
    serializeType: SerializeType.JSON,
  };
}
