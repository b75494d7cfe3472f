// Bad input to `mq admin`, through the real CLI: mistyped commands get the nearest name, missing
// options are named, an unreachable name server fails fast with "connect to <addr> failed", and
// topics, groups, messages and keys that do not exist give one line and exit 1 — never a hang or a
// stack trace. One name server and broker (`mq start`) serve the whole file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMq, startMqAll } from '../harness/servers.js';
import { freePort } from '../harness/java.js';
import { adminRunner, assertOneLineFailure } from '../harness/admin.js';

test('mq admin bad input: suggestions, missing options, unreachable name server, things that do not exist', async (t) => {
  const mq = await startMqAll(t);
  const admin = adminRunner(t, mq.namesrvAddr);
  const bare = adminRunner(t, undefined);

  await t.test("`mq admin` lists the commands in mqadmin's groups; a mistyped command names the nearest one", async () => {
    const index = await bare.ok([]);
    assert.match(index, /^The most commonly used mq admin commands are:$/m);
    for (const group of ['Cluster and broker', 'Topics', 'Consumer groups and offsets', 'Messages', 'Name server']) {
      assert.match(index, new RegExp(`^${group}$`, 'm'));
    }
    assert.match(index, /^ {3}clusterList {12}List all of clusters$/m);
    assert.doesNotMatch(index, /clusterlist/, 'lowercase aliases are not listed');
    assert.match(await bare.fail(['topiclst']), /^mq: admin topiclst is not an mq command\. Did you mean topicList\?$/);
    assert.match(await bare.fail(['CLUSTERLST']), /Did you mean clusterList\?$/);
    assert.match(await bare.fail(['frobnicate']), /admin frobnicate is not an mq command; see mq --help/);
    // mqadmin's `help <command>` works too, and lowercase aliases run the command.
    assert.match(await bare.ok(['help', 'updateTopic']), /Update or create topic/);
    assert.match(await bare.ok(['help', 'clusterlist']), /\$ mq admin clusterList /);
    assert.match(await bare.ok(['topicStatus', '-h']), /-t, --topic=<value>/);
    assert.match(await admin.ok(['topiclist']), /^TBW102$/m);
  });

  await t.test('missing or bad options are named on one line', async () => {
    // Usage errors exit 2, as oclif's do everywhere in mq.
    assert.equal(await admin.usage(['topicStatus']), 'mq: Missing required flag -t (--topic)');
    assert.match(await admin.usage(['queryMsgByOffset', '-t', 'T', '-b', 'b', '-i', '0']), /Missing required flag -o \(--offset\)/);
    assert.match(await admin.usage(['updateTopic', '-t', 'X']), /brokerAddr.*clusterName|clusterName.*brokerAddr/);
    assert.match(await admin.usage(['clusterList', '--bogus']), /--bogus/);
    assert.match(await admin.fail(['updateTopic', '-c', 'DefaultCluster', '-t', 'X', '-r', 'eight']), /-r must be an integer/);
    assert.match(
      await admin.fail(['resetOffsetByTime', '-g', 'g', '-t', 'TBW102', '-s', 'yesterday']),
      /-s must be now, currentTimeMillis or yyyy-MM-dd#HH:mm:ss:SSS, not "yesterday"/,
    );
    assert.match(await admin.fail(['sendMessage', '-t', 'X', '-p', 'b', '-i', '1']), /-i needs -b/);
    assert.match(await admin.usage(['updateOrderConf', '-t', 'X', '-m', 'nope']), /Expected --method=nope to be one of: put, get, delete/);
    assert.match(
      await bare.fail(['topicList'], { NAMESRV_ADDR: '' }),
      /No name server address, please set it \(-n, namesrvAddr or NAMESRV_ADDR\)/,
    );
    const json = await admin.run(['topicStatus', '-t', 'NoSuchTopic', '--json']);
    assert.equal(json.code, 1);
    assert.match((JSON.parse(json.stdout) as { error: string }).error, /topic NoSuchTopic does not exist/);
  });

  await t.test('an unreachable name server fails within seconds, naming the address', async () => {
    // A free port is one nothing listens on.
    const port = await freePort();
    const down = adminRunner(t, `127.0.0.1:${port}`);
    for (const cmd of [['clusterList'], ['topicList'], ['topicStatus', '-t', 'T'], ['consumerProgress']]) {
      const started = Date.now();
      assert.equal(await down.fail(cmd), `mq: connect to 127.0.0.1:${port} failed`, cmd.join(' '));
      assert.ok(Date.now() - started < 15_000, `${cmd[0]} took ${Date.now() - started} ms`);
    }
    // NAMESRV_ADDR is honoured when -n is absent.
    assert.equal(await bare.fail(['clusterList'], { NAMESRV_ADDR: `127.0.0.1:${port}` }), `mq: connect to 127.0.0.1:${port} failed`);
  });

  await t.test('topics, groups, messages and keys that do not exist: one line, exit 1', async () => {
    assert.match(await admin.fail(['topicStatus', '-t', 'NoSuchTopic']), /^mq: topic NoSuchTopic does not exist/);
    assert.match(await admin.fail(['topicRoute', '-t', 'NoSuchTopic']), /topic NoSuchTopic does not exist/);
    assert.match(await admin.fail(['deleteTopic', '-t', 'NoSuchTopic', '-c', 'DefaultCluster']), /topic NoSuchTopic does not exist/);
    assert.match(
      await admin.fail(['updateTopic', '-c', 'NoSuchCluster', '-t', 'T1']),
      /cluster NoSuchCluster does not exist on the name server \(known: DefaultCluster\)/,
    );
    assert.match(await admin.fail(['consumerProgress', '-g', 'NoSuchGroup']), /consumer group NoSuchGroup does not exist/);
    assert.match(await admin.fail(['consumerConnection', '-g', 'NoSuchGroup']), /consumer group NoSuchGroup is not online/);
    assert.match(
      await admin.fail(['deleteSubGroup', '-c', 'DefaultCluster', '-g', 'NoSuchGroup']),
      /subscription group NoSuchGroup does not exist/,
    );
    assert.match(
      await admin.fail(['wipeWritePerm', '-b', 'no-such-broker']),
      /broker no-such-broker is not registered on the name server \(known: broker-a\)/,
    );
    assert.match(await admin.fail(['queryMsgById', '-i', 'not-an-id']), /not-an-id is not an offset message id/);
    // A well-formed id naming our broker at an offset where nothing is stored.
    const sent = JSON.parse(await admin.ok(['sendMessage', '-t', 'BadInputTopic', '-p', 'x', '-k', 'K', '--json'])) as {
      offsetMsgId: string;
      messageQueue: { brokerName: string; queueId: number };
    };
    const missing = sent.offsetMsgId.slice(0, -16) + '00000000FFFFFF00';
    assert.match(await admin.fail(['queryMsgById', '-i', missing]), new RegExp(`message ${missing} not found`));
    assert.match(
      await admin.fail(['queryMsgByKey', '-t', 'BadInputTopic', '-k', 'NoSuchKey']),
      /no message with key NoSuchKey in topic BadInputTopic/,
    );
    assert.match(await admin.fail(['queryMsgByUniqueKey', '-t', 'BadInputTopic', '-i', '0A0B0C0D0E0F']), /no message with unique key/);
    assert.match(
      await admin.fail([
        'queryMsgByOffset',
        '-t',
        'BadInputTopic',
        '-b',
        sent.messageQueue.brokerName,
        '-i',
        String(sent.messageQueue.queueId),
        '-o',
        '999',
      ]),
      /no message at offset 999/,
    );
  });

  await t.test('errors of other topics keep their one-line form too', async () => {
    const r = await runMq(['namesrvv', 'start']);
    assert.match(assertOneLineFailure(r, 'mq namesrvv start'), /Did you mean namesrv start\?$/);
  });
});
