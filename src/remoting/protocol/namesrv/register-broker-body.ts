// REGISTER_BROKER body (RegisterBrokerBody), in one of two forms chosen by the header's `compressed`:
//   JSON        {"filterServerList":[..],"topicConfigSerializeWrapper":{"dataVersion":{..},"topicConfigTable":{..}}}
//   compressed  zlib( int32 n | DataVersion JSON[n]
//                     int32 topicCount | { int32 n | TopicConfig line[n] }*topicCount
//                     int32 n | filterServerList JSON array[n] )            (big-endian, UTF-8)
// The header's bodyCrc32 is CRC32(body bytes as sent) & 0x7FFFFFFF.
// Brokers older than V3_0_11 sent a bare TopicConfigSerializeWrapper instead (decodeLegacyRegisterBody).

import zlib from 'node:zlib';
import { createRequest, type RemotingCommand } from '../../command.js';
import { RemotingCommandError } from '../../errors.js';
import { RequestCode } from '../../request-code.js';
import { type FJValue, stringifyFastjson } from '../../fastjson.js';
import {
  asObject,
  createTopicConfigWrapper,
  dataVersionFromJson,
  dataVersionToJson,
  decodeTopicConfigLine,
  encodeTopicConfigLine,
  parseBody,
  type TopicConfigSerializeWrapper,
  topicConfigWrapperFromJson,
  topicConfigWrapperToJson,
} from '../topic-config.js';
import { type RegisterBrokerRequest, RegisterBrokerRequestHeader } from './headers.js';

export interface RegisterBrokerBody {
  topicConfigSerializeWrapper: TopicConfigSerializeWrapper;
  filterServerList: string[];
}

/** CRC32 & 0x7FFFFFFF, the checksum RocketMQ puts in headers and the commit log (UtilAll.crc32). */
export function crc32Positive(data: Uint8Array | null | undefined): number {
  if (!data || data.length === 0) return 0;
  return zlib.crc32(data) & 0x7fffffff;
}

export function encodeRegisterBrokerBody(body: RegisterBrokerBody, compressed = false): Buffer {
  if (!compressed) {
    const json = {
      filterServerList: body.filterServerList,
      topicConfigSerializeWrapper: topicConfigWrapperToJson(body.topicConfigSerializeWrapper),
    };
    return Buffer.from(stringifyFastjson(json), 'utf8');
  }
  const parts: Buffer[] = [];
  const pushBlock = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    parts.push(int32(bytes.length), bytes);
  };
  const w = body.topicConfigSerializeWrapper;
  pushBlock(stringifyFastjson(dataVersionToJson(w.dataVersion)));
  parts.push(int32(w.topicConfigTable.size));
  for (const tc of w.topicConfigTable.values()) pushBlock(encodeTopicConfigLine(tc));
  pushBlock(JSON.stringify(body.filterServerList));
  // Java's Deflater(BEST_COMPRESSION) inside a DeflaterOutputStream: zlib framing, level 9.
  return zlib.deflateSync(Buffer.concat(parts), { level: 9 });
}

export function decodeRegisterBrokerBody(data: Uint8Array, compressed = false): RegisterBrokerBody {
  if (!compressed) {
    const o = asObject(parseBody(data, 'RegisterBrokerBody'), 'RegisterBrokerBody');
    return {
      topicConfigSerializeWrapper: topicConfigWrapperFromJson(o.topicConfigSerializeWrapper),
      filterServerList: stringList(o.filterServerList),
    };
  }
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(data);
  } catch (err) {
    throw new RemotingCommandError(`cannot inflate compressed RegisterBrokerBody: ${(err as Error).message}`);
  }
  const r = new BlockReader(raw);
  const wrapper = createTopicConfigWrapper([], dataVersionFromJson(parseBody(r.block(), 'DataVersion')));
  const count = r.int();
  for (let i = 0; i < count; i++) {
    const tc = decodeTopicConfigLine(r.block().toString('utf8'));
    wrapper.topicConfigTable.set(tc.topicName, tc);
  }
  let filterServerList: string[] = [];
  // Java logs and carries on with an empty list when this part does not parse.
  try {
    filterServerList = stringList(parseBody(r.block(), 'filterServerList'));
  } catch {
    filterServerList = [];
  }
  return { topicConfigSerializeWrapper: wrapper, filterServerList };
}

/** A REGISTER_BROKER request with its body encoded and its bodyCrc32 and compressed fields filled in. */
export function createRegisterBrokerRequest(
  header: Omit<RegisterBrokerRequest, 'bodyCrc32' | 'compressed'>,
  body: RegisterBrokerBody,
  compressed = false,
): RemotingCommand {
  const bytes = encodeRegisterBrokerBody(body, compressed);
  const ext = RegisterBrokerRequestHeader.encode({ ...header, compressed, bodyCrc32: crc32Positive(bytes) });
  return createRequest(RequestCode.REGISTER_BROKER, ext, bytes);
}

/** The body of a REGISTER_BROKER from a broker older than V3_0_11: only the topic wrapper. */
export function decodeLegacyRegisterBody(data: Uint8Array): TopicConfigSerializeWrapper {
  return topicConfigWrapperFromJson(parseBody(data, 'TopicConfigSerializeWrapper'));
}

function stringList(v: FJValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RemotingCommandError('filterServerList is not an array');
  return v.map((x) => String(x));
}

function int32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n, 0);
  return b;
}

class BlockReader {
  private off = 0;
  constructor(private readonly buf: Buffer) {}

  int(): number {
    if (this.off + 4 > this.buf.length) throw new RemotingCommandError('compressed RegisterBrokerBody ends early');
    const n = this.buf.readInt32BE(this.off);
    this.off += 4;
    if (n < 0) throw new RemotingCommandError(`negative length ${n} in compressed RegisterBrokerBody`);
    return n;
  }

  block(): Buffer {
    const n = this.int();
    if (this.off + n > this.buf.length) throw new RemotingCommandError('compressed RegisterBrokerBody ends early');
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
}
