// White remote address patterns as RemoteAddressStrategyFactory reads them, IPv4 and IPv6, and the
// errors for patterns that do not parse.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expandIP, remoteAddressMatcher, remoteHostOf } from '../../../src/acl/remote-address.js';
import { AclError } from '../../../src/acl/acl-error.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';

function check(pattern: string, yes: string[], no: string[]): void {
  const m = remoteAddressMatcher(pattern);
  for (const a of yes) assert.equal(m.match(a), true, `${pattern} should match ${a}`);
  for (const a of no) assert.equal(m.match(a), false, `${pattern} should not match ${a}`);
}

function refused(pattern: string, message: string): void {
  assert.throws(
    () => remoteAddressMatcher(pattern),
    (err: unknown) => err instanceof AclError && err.message === message && err.responseCode === ResponseCode.NO_PERMISSION,
    pattern,
  );
}

describe('white remote address patterns', () => {
  test('blank matches nothing, the wildcards everything', () => {
    for (const p of [undefined, null, '', '   ']) assert.equal(remoteAddressMatcher(p).match('127.0.0.1'), false);
    for (const p of ['*', '*.*.*.*', '*:*:*:*:*:*:*:*']) check(p, ['127.0.0.1', '::1', '10.1.2.3'], []);
  });

  test('IPv4: one address, a list, a brace list', () => {
    check('192.168.1.1', ['192.168.1.1'], ['192.168.1.2', '192.168.1.10', '::1']);
    check('192.168.1.1,10.0.0.2', ['192.168.1.1', '10.0.0.2'], ['192.168.1.2']);
    check('192.168.1.{1,2,30}', ['192.168.1.1', '192.168.1.2', '192.168.1.30'], ['192.168.1.3', '192.168.1.12']);
  });

  test('IPv4 ranges: * and a-b in the second, third or last group', () => {
    check('192.168.0.*', ['192.168.0.0', '192.168.0.5', '192.168.0.255'], ['192.168.1.5', '192.169.0.5']);
    check('192.168.1-10.*', ['192.168.1.9', '192.168.10.200'], ['192.168.0.1', '192.168.11.1']);
    check('192.168.1.1-100', ['192.168.1.1', '192.168.1.100'], ['192.168.1.0', '192.168.1.101', '192.168.2.50']);
    check('10.*.*.*', ['10.0.0.1', '10.255.3.4'], ['11.0.0.1']);
    check('10.1-2.*.*', ['10.1.0.1', '10.2.9.9'], ['10.3.0.1']);
  });

  test('IPv6: one address in any spelling, lists, brace lists', () => {
    check('::1', ['::1', '0:0:0:0:0:0:0:1', '0000:0000:0000:0000:0000:0000:0000:0001'], ['::2', '127.0.0.1']);
    check('1050:0000:0000:0000:0005:0600:300c:326b', ['1050::5:600:300c:326b', '1050:0:0:0:5:600:300C:326B'], ['1050::5:600:300c:326a']);
    check('1050::5:600:300c:326b,::1', ['::1', '1050:0:0:0:5:600:300c:326b'], ['::2']);
    check('1050:0:0:0:5:600:300c:{326b,326a}', ['1050::5:600:300c:326a', '1050::5:600:300c:326b'], ['1050::5:600:300c:326c']);
  });

  test('IPv6 ranges: a final * or a-b, and a range before a final *', () => {
    check('1050::5:600:300c:*', ['1050::5:600:300c:abcd', '1050::5:600:300c:0'], ['1050::5:600:300d:1', '192.168.0.1']);
    check('1050::5:600:300c:1-ff', ['1050::5:600:300c:1', '1050::5:600:300c:ff'], ['1050::5:600:300c:100', '1050::5:600:300c:0']);
    check('2::ac5:78:1-200:*', ['2::ac5:78:1:9', '2::ac5:78:200:ffff'], ['2::ac5:78:201:1', '2::ac5:79:1:1']);
  });

  test('patterns that do not parse are refused with Java’s messages', () => {
    refused('192.168.1.256', 'Netaddress examine Exception netaddress is 192.168.1.256');
    refused('localhost', 'Netaddress examine Exception netaddress is localhost');
    refused('1.1.1.1, 2.2.2.2', 'Netaddress examine Exception netaddress is  2.2.2.2');
    refused('192.168.1.{1,300}', 'Netaddress examine Exception netaddress is 192.168.1.300');
    refused('192.168.{1,2}', 'MultipleRemoteAddressStrategy has got a/some wrong format IP(s) 192.168.{1,2}');
    refused('192.168.1.1{1,2}', 'MultipleRemoteAddressStrategy netaddress examine scope Exception netaddress 192.168.1.1{1,2}');
    refused('192.168.1-300.*', 'RangeRemoteAddressStrategy netaddress examine scope Exception start is 1 , end is 300');
    refused('192.168.10-1.*', 'RangeRemoteAddressStrategy netaddress examine scope Exception start is 10 , end is 1');
    refused('192.168.-1.*', 'RangeRemoteAddressStrategy netaddress examine scope Exception value -1 ');
    refused('192.*', 'Netaddress examine scope Exception netaddress is 192.*');
    refused('300.168.*.*', 'Netaddress examine scope Exception netaddress is 300.168.*.*');
    refused('1:2:*:4::', 'Netaddress examine scope Exception netaddress is 1:2:*:4::');
    refused('1:2-3:4::*', 'Netaddress examine scope Exception netaddress is 1:2-3:4::*');
    refused('1:2:3:4:5:6:7:1-10000', 'RangeRemoteAddressStrategy netaddress examine scope Exception start is 1 , end is 65536');
  });

  test('expandIP and the host of a peer address', () => {
    assert.equal(expandIP('::1', 8), '0000:0000:0000:0000:0000:0000:0000:0001');
    assert.equal(expandIP('fe80::a:b', 8), 'FE80:0000:0000:0000:0000:0000:000A:000B');
    assert.equal(expandIP('10.0.0.1', 8), '10.0.0.1');
    assert.equal(remoteHostOf('127.0.0.1:10911'), '127.0.0.1');
    assert.equal(remoteHostOf('::1:10911'), '::1');
    assert.equal(remoteHostOf('[::1]:10911'), '::1');
    assert.equal(remoteHostOf('::ffff:10.0.0.7:5'), '10.0.0.7');
    assert.equal(remoteHostOf('10.0.0.7'), '10.0.0.7');
    assert.equal(remoteHostOf(undefined), undefined);
  });
});
