// The fastjson-tolerant body codec: what Java RocketMQ writes, and what we write for it to read.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  FastjsonParseError,
  IntKeyMap,
  JavaDouble,
  javaDoubleText,
  mapEntries,
  ObjectKeyMap,
  parseFastjson,
  quoteString,
  stringifyFastjson,
} from '../../../src/remoting/fastjson.js';
import { goldenStoreDir } from '../../harness/fixtures.js';

describe('parseFastjson', () => {
  test('strict JSON', () => {
    const text = '{"a":[1,-2.5,3e2,true,false,null],"b":{"c":"d"},"e":""}';
    assert.deepEqual(parseFastjson(text), JSON.parse(text));
  });

  test('unquoted integer keys', () => {
    assert.deepEqual(parseFastjson('{"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10921"}}'), {
      brokerAddrs: { '0': '127.0.0.1:10911', '1': '127.0.0.1:10921' },
    });
    assert.deepEqual(parseFastjson('{-1:5}'), { '-1': 5 });
  });

  test('MessageQueue objects as map keys', () => {
    const v = parseFastjson(
      '{"offsetTable":{{"brokerName":"broker-a","queueId":3,"topic":"TopicTest"}:{"maxOffset":250},{"brokerName":"broker-a","queueId":2,"topic":"TopicTest"}:{"maxOffset":249}}}',
    ) as Record<string, unknown>;
    const table = v.offsetTable;
    assert.ok(table instanceof ObjectKeyMap);
    assert.equal(table.size, 2);
    assert.deepEqual(table.entries[0], [{ brokerName: 'broker-a', queueId: 3, topic: 'TopicTest' }, { maxOffset: 250 }]);
    assert.deepEqual(mapEntries(table)[1]![1], { maxOffset: 249 });
  });

  test('a map that turns into an ObjectKeyMap keeps the string keys before it', () => {
    const v = parseFastjson('{"x":1,{"k":1}:2,"y":3}');
    assert.ok(v instanceof ObjectKeyMap);
    assert.deepEqual(v.entries, [['x', 1], [{ k: 1 }, 2], ['y', 3]]);
  });

  test('nested structures, escapes and single quotes', () => {
    const v = parseFastjson(`{"s":"a\\"b\\\\c\\/d\\n\\t\\r\\b\\f\\u0001\\u00e9\\uD83D\\uDE80","q":'single "q"',"n":[[],{},[{"x":[1]}]]}`);
    assert.deepEqual(v, { s: 'a"b\\c/d\n\t\r\b\f\u0001é🚀', q: 'single "q"', n: [[], {}, [{ x: [1] }]] });
  });

  test('Java number suffixes and unquoted identifiers as keys', () => {
    assert.deepEqual(parseFastjson('{a:1L,b:2.5D,c:3F}'), { a: 1, b: 2.5, c: 3 });
  });

  test('tab-indented files as the broker writes consumerOffset.json', () => {
    const text =
      '{\n\t"offsetTable":{\n\t\t"FxTopic@FxConsumerGroup":{0:112,1:109\n\t\t},\n\t\t"%RETRY%FxConsumerGroup@FxConsumerGroup":{0:8\n\t\t}\n\t}\n}';
    assert.deepEqual(parseFastjson(text), {
      offsetTable: { 'FxTopic@FxConsumerGroup': { '0': 112, '1': 109 }, '%RETRY%FxConsumerGroup@FxConsumerGroup': { '0': 8 } },
    });
    assert.deepEqual(parseFastjson('{\n\t"offsetTable":{2:10,3:8\n\t}\n}'), { offsetTable: { '2': 10, '3': 8 } });
  });

  test('the golden config files parse', () => {
    for (const f of ['consumerOffset.json', 'delayOffset.json', 'subscriptionGroup.json', 'topics.json', 'consumerFilter.json']) {
      const text = fs.readFileSync(path.join(goldenStoreDir, 'config', f), 'utf8');
      assert.equal(typeof parseFastjson(text), 'object', f);
    }
  });

  test('a __proto__ key is data, not a prototype', () => {
    const v = parseFastjson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__', 'a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('bytes are read as UTF-8', () => {
    assert.deepEqual(parseFastjson(Buffer.from('{"k":"日本語"}')), { k: '日本語' });
  });

  test('malformed input', () => {
    for (const bad of ['', '{', '{"a"}', '{"a":1,}x', '[1,', '"abc', 'tru', '{"a":1} x', '{"a":"\\u12"}', '@']) {
      assert.throws(() => parseFastjson(bad), FastjsonParseError, JSON.stringify(bad));
    }
  });
});

describe('stringifyFastjson', () => {
  test('IntKeyMap and numeric Map keys are written unquoted', () => {
    assert.equal(stringifyFastjson({ offsetTable: new IntKeyMap([[0, 112], [1, 109]]) }), '{"offsetTable":{0:112,1:109}}');
    assert.equal(stringifyFastjson(new Map<unknown, unknown>([[2, 10], ['s', 1]])), '{2:10,"s":1}');
  });

  test('ObjectKeyMap keys are written as objects and read back', () => {
    const mq = { brokerName: 'broker-a', queueId: 3, topic: 'TopicTest' };
    const text = stringifyFastjson({ offsetTable: new ObjectKeyMap([[mq, { maxOffset: 250 }]]) });
    assert.equal(text, '{"offsetTable":{{"brokerName":"broker-a","queueId":3,"topic":"TopicTest"}:{"maxOffset":250}}}');
    const back = (parseFastjson(text) as Record<string, unknown>).offsetTable as ObjectKeyMap;
    assert.deepEqual(back.entries, [[mq, { maxOffset: 250 }]]);
  });

  test('sortKeys sorts object keys at every level; undefined fields are left out', () => {
    assert.equal(stringifyFastjson({ b: 1, a: { d: 1, c: undefined, b: null } }, { sortKeys: true }), '{"a":{"b":null,"d":1},"b":1}');
    assert.equal(stringifyFastjson({ b: 1, a: 2 }), '{"b":1,"a":2}');
  });

  test('sets and arrays', () => {
    assert.equal(stringifyFastjson({ s: new Set(['x', 'y']), a: [] }), '{"s":["x","y"],"a":[]}');
  });

  test('strings escaped as fastjson does', () => {
    assert.equal(quoteString('plain'), '"plain"');
    assert.equal(quoteString('a"b\\c/d'), '"a\\"b\\\\c/d"');
    assert.equal(quoteString('\b\t\n\f\r'), '"\\b\\t\\n\\f\\r"');
    assert.equal(quoteString('\u0000\u0001\u0002\u000b\u001f'), '"\\u0000\\u0001\\u0002\\u000B\\u001F"');
    assert.equal(quoteString('\u007f\u0085\u009f\u00a0'), '"\\u007F\\u0085\\u009F\u00a0"');
    assert.equal(quoteString('\u2028\u2029'), '"\\u2028\\u2029"');
    assert.equal(quoteString('é日本🚀'), '"é日本🚀"');
    assert.equal(quoteString('x\ud800y'), '"x\\uD800y"');
    for (const s of ['K\u0001V\u0002', 'a"b\\', '\u2028🚀\ud800', '\t\u007f']) assert.equal(JSON.parse(quoteString(s)), s);
  });

  test('Java doubles keep their fraction', () => {
    assert.equal(javaDoubleText(100), '100.0');
    assert.equal(javaDoubleText(0), '0.0');
    assert.equal(javaDoubleText(0.05), '0.05');
    assert.equal(javaDoubleText(4040), '4040.0');
    assert.equal(javaDoubleText(1e7), '1.0E7');
    assert.equal(javaDoubleText(1.5e-4), '1.5E-4');
    assert.equal(javaDoubleText(-2.5), '-2.5');
    assert.equal(stringifyFastjson({ consumeTps: new JavaDouble(100), x: 1 }), '{"consumeTps":100.0,"x":1}');
  });

  test('stringify then parse is the identity for fastjson shapes', () => {
    const value = {
      s: 'K\u0001V\u0002 ✓',
      n: [1, -2, 3.5],
      m: new ObjectKeyMap([[{ brokerName: 'b', queueId: 0, topic: 't' }, { x: [true, false, null] }]]),
    };
    const back = parseFastjson(stringifyFastjson(value)) as Record<string, unknown>;
    assert.equal(back.s, value.s);
    assert.deepEqual(back.n, value.n);
    assert.deepEqual((back.m as ObjectKeyMap).entries, value.m.entries);
  });

  test('pretty layout reproduces the broker config files byte for byte', () => {
    for (const f of ['consumerOffset.json', 'delayOffset.json', 'subscriptionGroup.json', 'topics.json']) {
      const text = fs.readFileSync(path.join(goldenStoreDir, 'config', f), 'utf8');
      const parsed = parseFastjson(text);
      // Integer keys come back as strings; the broker writes them as Integer map keys.
      const revive = (v: unknown, key?: string): unknown => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        if (key !== undefined && keys.length > 0 && keys.every((k) => /^-?\d+$/.test(k))) {
          return new IntKeyMap(keys.map((k) => [Number(k), o[k]]));
        }
        return Object.fromEntries(keys.map((k) => [k, revive(o[k], k)]));
      };
      assert.equal(stringifyFastjson(revive(parsed), { pretty: true }), text, f);
    }
  });

  test('pretty layout of empty containers and arrays', () => {
    assert.equal(stringifyFastjson({ a: {}, b: [], c: new IntKeyMap() }, { pretty: true }), '{\n\t"a":{},\n\t"b":[],\n\t"c":{}\n}');
    assert.equal(stringifyFastjson({ l: ['x', 'y'] }, { pretty: true }), '{\n\t"l":[\n\t\t"x",\n\t\t"y"\n\t]\n}');
  });
});
