// Properties strings, Java hash codes, socket addresses and message ids, checked against values
// taken from the RocketMQ 4.9.8 fixture store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeProperties,
  encodeProperties,
  getProperty,
  indexOfPropertyValue,
  putProperty,
  removeProperty,
} from '../../../src/common/message/properties.js';
import { indexKeyHash, javaHashCode } from '../../../src/common/message/java-hash.js';
import {
  bytesToIp,
  decodeSocketAddress,
  encodeSocketAddress,
  formatSocketAddress,
  ipToBytes,
  parseSocketAddress,
} from '../../../src/common/message/socket-address.js';
import { createMessageId, decodeMessageId, InvalidMessageIdError } from '../../../src/common/message/message-id.js';
import { createUniqId, uniqIdIpString, uniqIdPid, uniqIdTimestamp, UniqueIdGenerator } from '../../../src/common/message/unique-id.js';
import { isValidTopicName } from '../../../src/common/message/message-const.js';
import { CompressionType, compressionTypeOf, MessageSysFlag, sysFlagNames, transactionType } from '../../../src/common/message/sysflag.js';

test('properties decode as Java does: empty names and values skipped, last value wins', () => {
  const s = 'WAIT\u0001true\u0002TAGS\u0001Tag\u0002CLUSTER\u0001FixtureCluster\u0002WAIT\u0001false';
  assert.deepEqual(Object.fromEntries(decodeProperties(s)), { WAIT: 'false', TAGS: 'Tag', CLUSTER: 'FixtureCluster' });
  assert.deepEqual(Object.fromEntries(decodeProperties('A\u0001\u0002\u0001x\u0002B\u0001v\u0001w\u0002\u0002C')), { B: 'v\u0001w' });
  assert.equal(decodeProperties('').size, 0);
  assert.equal(encodeProperties(new Map([['KEYS', 'a b'], ['TAGS', 't']])), 'KEYS\u0001a b\u0002TAGS\u0001t');
  assert.equal(encodeProperties({ A: '1', B: null, C: '3' }), 'A\u00011\u0002C\u00013');
});

test('getProperty agrees with a full decode on awkward strings', () => {
  const samples = [
    'TAGS\u0001a',
    'XTAGS\u0001no\u0002TAGS\u0001yes',
    'TAGS\u0001first\u0002TAGS\u0001',
    'A\u0001TAGS\u0001x\u0002B\u0001y',
    'TAGS\u0001one\u0002TAGS\u0001two',
    'TAGS',
    'TAGS\u0001',
    '\u0002TAGS\u0001z\u0002',
    'KEYS\u0001TAGS\u0002TAGS\u0001k',
  ];
  for (const s of samples) {
    assert.equal(getProperty(s, 'TAGS'), decodeProperties(s).get('TAGS'), JSON.stringify(s));
  }
  assert.equal(indexOfPropertyValue('A\u00011', 'B'), -1);
});

test('putProperty replaces, removeProperty removes', () => {
  const s = 'A\u00011\u0002B\u00012\u0002A\u00013';
  assert.equal(removeProperty(s, 'A'), 'B\u00012');
  assert.equal(putProperty(s, 'A', '9'), 'B\u00012\u0002A\u00019');
  assert.equal(putProperty('', 'X', 'y'), 'X\u0001y');
  assert.equal(removeProperty(s, 'Z'), s);
});

test('Java String.hashCode and the index key hash', () => {
  assert.equal(javaHashCode(''), 0);
  assert.equal(javaHashCode('TagB'), 2598920); // consume-queue tag code in the fixture
  assert.equal(javaHashCode('TagBigLz4'), -1040203936);
  assert.equal(javaHashCode('Aa'), javaHashCode('BB')); // a real collision
  const s = 'xxTOPIC#keyxx';
  assert.equal(javaHashCode(s, 2, 11), javaHashCode('TOPIC#key'));
  const seed = (Math.imul(31, javaHashCode('TOPIC')) + 35) | 0;
  assert.equal(javaHashCode('key', 0, 3, seed), javaHashCode('TOPIC#key'));
  assert.equal(indexKeyHash(-2147483648), 0);
  assert.equal(indexKeyHash(-5), 5);
  // keyHash of the fixture's first index entry
  assert.equal(indexKeyHash(javaHashCode('FxTopic#FD000000000000000000000000000002413B5FFD2B2787CFF4210000')), 261908187);
});

test('socket addresses: 4+4 and 16+4 bytes, IPv4-mapped as IPv4', () => {
  assert.equal(encodeSocketAddress('127.0.0.1', 11911).toString('hex'), '7f00000100002e87');
  assert.equal(encodeSocketAddress('::1', 11921).toString('hex'), '0000000000000000000000000000000100002e91');
  assert.equal(encodeSocketAddress('::ffff:10.1.2.3', 80).toString('hex'), '0a01020300000050');
  assert.equal(ipToBytes('fd00::2').toString('hex'), 'fd000000000000000000000000000002');
  assert.equal(ipToBytes('[2001:db8::1:0:0:1]').toString('hex'), '20010db8000000000001000000000001');
  assert.equal(ipToBytes('64:ff9b::192.0.2.33').toString('hex'), '0064ff9b0000000000000000c0000221');
  assert.throws(() => ipToBytes('example.com'), TypeError);
  assert.equal(bytesToIp(ipToBytes('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
  assert.equal(bytesToIp(ipToBytes('::')), '::');
  assert.equal(bytesToIp(ipToBytes('1:2:3:4:5:6:7:8')), '1:2:3:4:5:6:7:8');
  const v6 = decodeSocketAddress(Buffer.from('000000000000000000000000000000010000d1c4', 'hex'), 0, true);
  assert.deepEqual(v6, { host: '::1', port: 53700 });
  assert.equal(formatSocketAddress(v6), '[::1]:53700');
  assert.equal(formatSocketAddress({ host: '127.0.0.1', port: 44926 }), '127.0.0.1:44926');
  assert.deepEqual(parseSocketAddress('::1:11921'), { host: '::1', port: 11921 });
  assert.deepEqual(parseSocketAddress('[::1]:11921'), { host: '::1', port: 11921 });
});

test('offset message ids: 32 hex characters for IPv4, 56 for IPv6', () => {
  const v4 = createMessageId(encodeSocketAddress('127.0.0.1', 11911), 1089);
  assert.equal(v4, '7F00000100002E870000000000000441');
  assert.deepEqual(decodeMessageId(v4), { address: { host: '127.0.0.1', port: 11911 }, offset: 1089 });
  const v6 = createMessageId(encodeSocketAddress('::1', 11921), 0);
  assert.equal(v6, '0000000000000000000000000000000100002E910000000000000000');
  assert.deepEqual(decodeMessageId(v6.toLowerCase()), { address: { host: '::1', port: 11921 }, offset: 0 });
  assert.equal(decodeMessageId(createMessageId(encodeSocketAddress('10.0.0.1', 1), 2 ** 40 + 7)).offset, 2 ** 40 + 7);
  assert.throws(() => decodeMessageId('ABC'), InvalidMessageIdError);
});

test('unique ids: layout, counter, and what can be read back', () => {
  const when = new Date(2026, 10, 27, 8, 55, 52, 610).getTime();
  let now = when;
  const gen = new UniqueIdGenerator(ipToBytes('fd00::2'), 0x413b, 0x5ffd2b27, () => now);
  const a = gen.create();
  const b = gen.create();
  assert.equal(a.length, 56);
  assert.match(a, /^[0-9A-F]+$/);
  assert.equal(a.slice(0, 44), 'FD000000000000000000000000000002413B5FFD2B27');
  assert.equal(parseInt(b.slice(-4), 16), parseInt(a.slice(-4), 16) + 1);
  assert.equal(uniqIdIpString(a), 'fd00:0000:0000:0000:0000:0000:0000:0002');
  assert.equal(uniqIdPid(a), 0x413b);
  assert.equal(uniqIdTimestamp(a, when + 1000), when);
  now = new Date(2026, 11, 1, 0, 0, 0, 5).getTime(); // next month: the time base moves
  assert.equal(parseInt(gen.create().slice(44, 52), 16), 5);
  const v4 = new UniqueIdGenerator(ipToBytes('192.0.2.2'), 1, 1).create();
  assert.equal(v4.length, 32);
  assert.equal(uniqIdIpString(v4), '192.0.2.2');
  assert.match(createUniqId(), /^[0-9A-F]{32}([0-9A-F]{24})?$/);
  // The fixture's first unique key came from fd00::2.
  assert.equal(uniqIdIpString('FD000000000000000000000000000002413B5FFD2B2787CFF4210000'), 'fd00:0000:0000:0000:0000:0000:0000:0002');
});

test('topic names and sysFlag bits', () => {
  assert.ok(isValidTopicName('%RETRY%group_1|x-y'));
  assert.ok(!isValidTopicName('bad topic'));
  assert.ok(!isValidTopicName(''));
  assert.ok(!isValidTopicName('t'.repeat(128)));
  assert.ok(isValidTopicName('t'.repeat(127)));
  assert.equal(compressionTypeOf(257), CompressionType.LZ4);
  assert.equal(compressionTypeOf(769), CompressionType.ZLIB);
  assert.equal(compressionTypeOf(1), CompressionType.ZLIB); // before compression types existed
  assert.equal(transactionType(8), MessageSysFlag.TRANSACTION_COMMIT_TYPE);
  assert.deepEqual(sysFlagNames(0x30), ['BORNHOST_V6', 'STOREHOSTADDRESS_V6', 'TRANSACTION_NOT_TYPE']);
  assert.deepEqual(sysFlagNames(769), ['COMPRESSED', 'TRANSACTION_NOT_TYPE', 'COMPRESSION_ZLIB_TYPE']);
});
