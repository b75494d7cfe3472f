// Frame and header codecs in both serialize types, and the streaming frame splitter.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRequest,
  createResponse,
  isOneway,
  isResponse,
  markOneway,
  type RemotingCommand,
  SerializeType,
  type SerializeTypeValue,
} from '../../../src/remoting/command.js';
import {
  decodeFrame,
  decodeFrameContent,
  encodeFrame,
  encodeFrameToBuffer,
  FRAME_MAX_LENGTH,
  FrameDecoder,
} from '../../../src/remoting/frame.js';
import { decodeJsonHeader, encodeJsonHeader } from '../../../src/remoting/header-json.js';
import { decodeRocketmqHeader } from '../../../src/remoting/header-rocketmq.js';
import { RemotingCommandError } from '../../../src/remoting/errors.js';

const TYPES: Array<[string, SerializeTypeValue]> = [
  ['JSON', SerializeType.JSON],
  ['ROCKETMQ', SerializeType.ROCKETMQ],
];

function roundTrip(cmd: RemotingCommand): RemotingCommand {
  return decodeFrame(encodeFrameToBuffer(cmd));
}

/** The fields a decoded command must reproduce (body compared as bytes). */
function view(cmd: RemotingCommand) {
  return {
    code: cmd.code,
    language: cmd.language,
    version: cmd.version,
    opaque: cmd.opaque,
    flag: cmd.flag,
    remark: cmd.remark ?? null,
    extFields: cmd.extFields ?? null,
    body: cmd.body ? Buffer.from(cmd.body).toString('hex') : null,
    serializeType: cmd.serializeType,
  };
}

function frameOf(cmd: RemotingCommand): Buffer {
  return encodeFrameToBuffer(cmd);
}

/** A frame with a hand-written header: prefix, mark, header bytes, body. */
function rawFrame(type: number, header: Buffer, body: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(8 + header.length + body.length);
  b.writeInt32BE(4 + header.length + body.length, 0);
  b.writeInt32BE((type << 24) | header.length, 4);
  header.copy(b, 8);
  body.copy(b, 8 + header.length);
  return b;
}

for (const [typeName, type] of TYPES) {
  describe(`frame round trip (${typeName})`, () => {
    test('request with extFields, remark and body', () => {
      const cmd = createRequest(310, { a: 'group', b: 'TopicTest', g: '1795769449724' }, Buffer.from('Hello RocketMQ 0'), type);
      cmd.remark = 'a remark';
      const back = roundTrip(cmd);
      assert.deepEqual(view(back), view(cmd));
      assert.equal(back.serializeType, type);
    });

    test('absent and empty extFields, absent remark, no body', () => {
      const cmd = createRequest(34, null, null, type);
      const back = roundTrip(cmd);
      assert.equal(back.extFields, null);
      assert.equal(back.remark, null);
      assert.equal(back.body ?? null, null);
      const empty = createRequest(34, {}, null, type);
      const back2 = roundTrip(empty);
      // JSON keeps an empty map as {}; the binary format cannot tell empty from absent.
      assert.deepEqual(back2.extFields, type === SerializeType.JSON ? {} : null);
    });

    test('UTF-8 and control characters in values, keys and remark', () => {
      const props = 'KEYS\u0001FxKey1\u0002UNIQ_KEY\u0001FD00\u0002TAGS\u0001Täg 日本語 🚀';
      const ext = { i: props, 'ключ': 'значение', quote: 'a"b\\c/d', ctl: '\u0000\u0007\b\t\n\u000b\f\r\u001f\u007f\u0085\u2028\u2029' };
      const cmd = createRequest(310, ext, null, type);
      cmd.remark = 'line1\nline2 ✓';
      const back = roundTrip(cmd);
      assert.deepEqual(back.extFields, ext);
      assert.equal(back.remark, 'line1\nline2 ✓');
    });

    test('response and oneway flags', () => {
      const req = markOneway(createRequest(15, { queueId: '3' }, null, type));
      assert.equal(isOneway(req), true);
      const back = roundTrip(req);
      assert.equal(back.flag, 2);
      assert.equal(isOneway(back), true);
      assert.equal(isResponse(back), false);
      const res = createResponse(createRequest(11, null, null, type), 19, 'OFFSET_OVERFLOW_ONE');
      const backRes = roundTrip(res);
      assert.equal(backRes.flag, 1);
      assert.equal(isResponse(backRes), true);
      assert.equal(backRes.code, 19);
      assert.equal(backRes.remark, 'OFFSET_OVERFLOW_ONE');
      assert.equal(backRes.serializeType, type);
    });

    test('negative opaque and large codes survive', () => {
      const cmd = createRequest(329, { x: 'y' }, null, type);
      cmd.opaque = -2147483648;
      const back = roundTrip(cmd);
      assert.equal(back.opaque, -2147483648);
      assert.equal(back.code, 329);
    });

    test('large body travels as a second buffer, small body inline', () => {
      const big = Buffer.alloc(1024 * 1024, 7);
      const parts = encodeFrame(createRequest(10, { topic: 'T' }, big, type));
      assert.equal(parts.length, 2);
      assert.equal(parts[1], big, 'large body is not copied');
      const total = parts[0]!.length + parts[1]!.length;
      assert.equal(parts[0]!.readInt32BE(0), total - 4);
      const small = encodeFrame(createRequest(10, { topic: 'T' }, Buffer.from('abc'), type));
      assert.equal(small.length, 1);
      const back = decodeFrame(Buffer.concat(parts));
      assert.equal(Buffer.compare(Buffer.from(back.body!), big), 0);
    });

    test('a Uint8Array body that is not a Buffer', () => {
      const body = new Uint8Array(20000).fill(3);
      const back = roundTrip(createRequest(10, null, body, type));
      assert.equal(back.body!.byteLength, 20000);
      assert.equal(back.body![19999], 3);
    });

    test('frame over 16 MiB is refused by the encoder', () => {
      const body = Buffer.alloc(FRAME_MAX_LENGTH);
      assert.throws(() => encodeFrame(createRequest(10, null, body, type)), RemotingCommandError);
    });
  });
}

describe('JSON header layout', () => {
  test('keys in fastjson order, remark and extFields left out when null', () => {
    const cmd: RemotingCommand = {
      code: 34,
      language: 'JAVA',
      version: 409,
      opaque: 7,
      flag: 0,
      remark: null,
      extFields: null,
      serializeType: SerializeType.JSON,
    };
    assert.equal(encodeJsonHeader(cmd), '{"code":34,"flag":0,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":409}');
    cmd.extFields = { b: '1', a: '2' };
    cmd.remark = 'r';
    assert.equal(
      encodeJsonHeader(cmd),
      '{"code":34,"extFields":{"b":"1","a":"2"},"flag":0,"language":"JAVA","opaque":7,"remark":"r","serializeTypeCurrentRPC":"JSON","version":409}',
    );
  });

  test('control characters escaped as fastjson escapes them', () => {
    const cmd: RemotingCommand = {
      code: 1,
      language: 'JAVA',
      version: 409,
      opaque: 0,
      flag: 0,
      extFields: { i: 'K\u0001V\u0002\u001f\u007f\t' },
      serializeType: SerializeType.JSON,
    };
    assert.match(encodeJsonHeader(cmd), /"i":"K\\u0001V\\u0002\\u001F\\u007F\\t"/);
  });

  test('extFields values that are not strings are read as strings', () => {
    const cmd = decodeJsonHeader(Buffer.from('{"code":11,"extFields":{"queueId":3,"unitMode":false,"x":null},"flag":0,"opaque":5}'));
    assert.deepEqual(cmd.extFields, { queueId: '3', unitMode: 'false' });
    assert.equal(cmd.language, 'JAVA');
  });

  test('bad JSON headers', () => {
    assert.throws(() => decodeJsonHeader(Buffer.from('{"code":')), RemotingCommandError);
    assert.throws(() => decodeJsonHeader(Buffer.from('[1]')), RemotingCommandError);
    assert.throws(() => decodeJsonHeader(Buffer.from('{"flag":0}')), RemotingCommandError);
    assert.throws(() => decodeJsonHeader(Buffer.from('{"code":1,"extFields":[]}')), RemotingCommandError);
  });
});

describe('ROCKETMQ header decoding', () => {
  test('truncated headers are refused', () => {
    const full = frameOf(createRequest(11, { consumerGroup: 'g', topic: 'TopicTest' }, null, SerializeType.ROCKETMQ));
    const header = full.subarray(8);
    for (const cut of [0, 5, 16, 17, 20, header.length - 1]) {
      assert.throws(() => decodeRocketmqHeader(header.subarray(0, cut)), RemotingCommandError, `cut at ${cut}`);
    }
  });

  test('remark and extFields lengths beyond the header are refused', () => {
    const h = Buffer.alloc(21);
    h.writeInt32BE(1000, 13);
    assert.throws(() => decodeRocketmqHeader(h), RemotingCommandError);
    h.writeInt32BE(0, 13);
    h.writeInt32BE(1000, 17);
    assert.throws(() => decodeRocketmqHeader(h), RemotingCommandError);
    h.writeInt32BE(-1, 17);
    assert.throws(() => decodeRocketmqHeader(h), RemotingCommandError);
  });

  test('the short-string fast paths give back exactly what was written', () => {
    // Short ASCII keys and values go through an intern table; vary them enough to overflow it.
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const alphabet = 'abcXYZ019_-@# \u0001\u0002é日🚀';
    const word = () => {
      const chars = Array.from(alphabet);
      let w = '';
      for (let n = rnd() % 40; n > 0; n--) w += chars[rnd() % chars.length];
      return w;
    };
    for (let i = 0; i < 6000; i++) {
      const ext: Record<string, string> = { [word() || 'k']: word(), n: String(rnd()), [`x${i % 50}`]: 'v'.repeat(rnd() % 40) };
      const back = roundTrip(createRequest(11, ext, null, SerializeType.ROCKETMQ));
      assert.deepEqual(back.extFields, ext);
    }
  });

  test('language byte maps to its name', () => {
    const cmd = createRequest(34, null, null, SerializeType.ROCKETMQ);
    cmd.language = 'GO';
    assert.equal(roundTrip(cmd).language, 'GO');
  });
});

describe('decodeFrame / decodeFrameContent', () => {
  test('length prefix must match', () => {
    const f = frameOf(createRequest(34, null, null, SerializeType.JSON));
    assert.throws(() => decodeFrame(f.subarray(0, f.length - 1)), RemotingCommandError);
    assert.throws(() => decodeFrame(Buffer.alloc(3)), RemotingCommandError);
  });

  test('header length beyond the frame, unknown serialize type, invalid JSON', () => {
    const b = Buffer.alloc(8);
    b.writeInt32BE(100, 0);
    assert.throws(() => decodeFrameContent(b), RemotingCommandError);
    assert.throws(() => decodeFrameContent(rawFrame(2, Buffer.from('{}')).subarray(4)), RemotingCommandError);
    assert.throws(() => decodeFrameContent(rawFrame(0, Buffer.from('{not json')).subarray(4)), RemotingCommandError);
    assert.throws(() => decodeFrameContent(Buffer.alloc(2)), RemotingCommandError);
  });
});

describe('FrameDecoder', () => {
  function collect(decoder: FrameDecoder, chunks: Buffer[]): RemotingCommand[] {
    const out: RemotingCommand[] = [];
    for (const c of chunks) decoder.push(c, (content) => out.push(decodeFrameContent(content)));
    return out;
  }

  const frames = [
    frameOf(createRequest(310, { a: 'g', b: 'TopicTest', i: 'K\u0001V' }, Buffer.from('Hello'), SerializeType.JSON)),
    frameOf(createRequest(11, { queueId: '1' }, null, SerializeType.ROCKETMQ)),
    frameOf(
      createResponse(createRequest(11, null, null, SerializeType.ROCKETMQ), 0, 'FOUND', { nextBeginOffset: '5' }, Buffer.alloc(300, 9)),
    ),
  ];
  const stream = Buffer.concat(frames);

  test('a stream split at every byte boundary', () => {
    for (let i = 0; i <= stream.length; i++) {
      const d = new FrameDecoder();
      const got = collect(d, [stream.subarray(0, i), stream.subarray(i)]);
      assert.equal(got.length, 3, `split at ${i}`);
      assert.deepEqual(got.map((c) => c.code), [310, 11, 0]);
      assert.equal(Buffer.from(got[2]!.body!).length, 300);
      assert.equal(d.buffered, 0);
    }
  });

  test('one byte at a time', () => {
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) chunks.push(stream.subarray(i, i + 1));
    const got = collect(new FrameDecoder(), chunks);
    assert.deepEqual(got.map((c) => c.code), [310, 11, 0]);
    assert.equal(Buffer.from(got[0]!.body!).toString(), 'Hello');
  });

  test('many frames in one chunk', () => {
    const many = Buffer.concat(
      Array.from(
        { length: 1000 },
        (_, i) => frameOf(createRequest(34, { n: String(i) }, null, i % 2 ? SerializeType.ROCKETMQ : SerializeType.JSON)),
      ),
    );
    const got = collect(new FrameDecoder(), [many]);
    assert.equal(got.length, 1000);
    assert.equal(got[999]!.extFields!.n, '999');
  });

  test('a 10 MB frame in 64 KB chunks is kept as the chunks given and joined once, when complete', () => {
    const body = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4096) body[i] = i & 0xff;
    const frame = Buffer.concat(encodeFrame(createRequest(10, { topic: 'T' }, body, SerializeType.ROCKETMQ)));
    const d = new FrameDecoder();
    const got: RemotingCommand[] = [];
    const lastChunk = Math.floor((frame.length - 1) / 65536) * 65536;
    for (let off = 0; off < lastChunk; off += 65536) d.push(frame.subarray(off, off + 65536), (c) => got.push(decodeFrameContent(c)));
    assert.equal(got.length, 0);
    assert.equal(d.buffered, lastChunk);
    // The chunks pushed so far are views of `frame`. A decoder that joined them as they came would
    // hold a copy of their bytes by now; one that keeps them reads them only when the frame completes.
    const bodyStart = frame.length - body.length;
    for (let off = bodyStart + 1; off < lastChunk; off += 65536) frame[off] = 0xee;
    const expected = Buffer.from(frame.subarray(bodyStart));
    d.push(frame.subarray(lastChunk), (c) => got.push(decodeFrameContent(c)));
    assert.equal(got.length, 1);
    assert.equal(d.buffered, 0);
    assert.notEqual(Buffer.compare(expected, body), 0);
    assert.equal(Buffer.compare(Buffer.from(got[0]!.body!), expected), 0, 'the bytes of the chunks as they are when the frame completes');
  });

  test('the remainder after a large chunk does not keep the chunk', () => {
    const d = new FrameDecoder();
    const got: RemotingCommand[] = [];
    const two = Buffer.concat([frames[0]!, frames[1]!.subarray(0, 10)]);
    d.push(two, (c) => got.push(decodeFrameContent(c)));
    assert.equal(got.length, 1);
    assert.equal(d.buffered, 10);
    d.push(frames[1]!.subarray(10), (c) => got.push(decodeFrameContent(c)));
    assert.equal(got.length, 2);
  });

  test('lengths below 4 or above 16 MiB are refused, also when the prefix is split', () => {
    for (const length of [0, 3, -1, FRAME_MAX_LENGTH - 3, 0x7fffffff]) {
      const b = Buffer.alloc(8);
      b.writeInt32BE(length, 0);
      assert.throws(() => new FrameDecoder().push(b, () => assert.fail('no frame expected')), RemotingCommandError, `length ${length}`);
      const d = new FrameDecoder();
      d.push(b.subarray(0, 2), () => assert.fail('no frame expected'));
      assert.throws(() => d.push(b.subarray(2), () => assert.fail('no frame expected')), RemotingCommandError);
    }
    // The largest legal frame is announced without complaint.
    const ok = Buffer.alloc(4);
    ok.writeInt32BE(FRAME_MAX_LENGTH - 4, 0);
    new FrameDecoder().push(ok, () => assert.fail('incomplete'));
  });

  test('frames whose header cannot be read fail in decodeFrameContent', () => {
    const beyond = Buffer.alloc(12);
    beyond.writeInt32BE(8, 0);
    beyond.writeInt32BE(500, 4);
    const truncatedBinary = rawFrame(1, Buffer.alloc(10));
    const badJson = rawFrame(0, Buffer.from('{"code":1,'));
    for (const f of [beyond, truncatedBinary, badJson]) {
      const d = new FrameDecoder();
      assert.throws(() => d.push(f, (c) => decodeFrameContent(c)), RemotingCommandError);
    }
  });
});
