// The dashboard in a real browser (Debian's Chromium, headless, through playwright-core; Node only):
// every page against a real `mq start` with traffic (brokers, topics, groups with and without lag,
// producers, messages, the DLQ, live charts), a topic created from the form and found by
// `mq admin topicList`, the form's RocketMQ rules, resends consumed by the group; an unreachable
// name server and a login said in the page; and Apache RocketMQ 4.9.7's name server and broker on the
// cluster and topic pages. A screenshot of each page is saved (harness/browser.ts says where).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { setLogLevel } from '../../src/common/logger.js';
import { DashboardServer } from '../../src/dashboard/index.js';
import { launchBrowser, newPage, requireBrowser, screenshotDir } from '../harness/browser.js';
import { requireReferees, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { runMq, startMqAll } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';
import { apiGet, recordingGroup } from './dashboard-support.js';

setLogLevel('error');

const DASHBOARD_LINE = /^Dashboard on (http:\/\/127\.0\.0\.1:\d+\/) /;
const UI_TIMEOUT = 30_000;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`) });
}

/** The row of a table (by its id) whose first cell is exactly `first`. */
function row(page: Page, tableId: string, first: string) {
  return page.locator(`#${tableId} tbody tr`).filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${first}$`) }) });
}

async function open(page: Page, base: string, hash: string): Promise<void> {
  await page.goto(`${base}#/${hash}`);
  await page.locator('main h1').first().waitFor({ timeout: UI_TIMEOUT });
}

function dialog(page: Page) {
  return page.locator('dialog[open]');
}

async function closeDialog(page: Page): Promise<void> {
  await dialog(page).locator('header button').click();
  await dialog(page).waitFor({ state: 'detached' });
}

test('dashboard in Chromium against mq start with traffic: every page, a topic from the form, resends consumed', async (t) => {
  if (!requireBrowser(t)) return;
  const mq = await startMqAll(t);
  const [, base] = await mq.stdout.waitFor(DASHBOARD_LINE, 10_000);
  const ns = mq.namesrvAddr;

  // ---- traffic ----
  const producer = new Producer({ producerGroup: 'DashProducer', namesrvAddr: ns });
  await producer.start();
  t.after(() => producer.shutdown());
  const send = (topic: string, body: string, keys?: string) =>
    producer.send(new Message(topic, body, { tags: 'TagDash', ...(keys ? { keys } : {}) }));
  for (let i = 0; i < 30; i++) await send('DashTopic', `message ${i}`, `dash-key-${i}`);
  const dash = await recordingGroup(t, ns, 'DashGroup', 'DashTopic');
  const lagging = await recordingGroup(t, ns, 'LagGroup', 'DashTopic');
  await pollUntil(() => dash.messages.length >= 30 && lagging.messages.length >= 30, 'both groups to consume the first 30', 60_000);
  await lagging.consumer.shutdown();
  for (let i = 30; i < 40; i++) await send('DashTopic', `message ${i}`, `dash-key-${i}`);
  await send('DashDlqTopic', 'dead letter');
  const dlqGroup = await recordingGroup(
    t,
    ns,
    'DashDlqGroup',
    'DashDlqTopic',
    { maxReconsumeTimes: 0 },
    ConsumeConcurrentlyStatus.RECONSUME_LATER,
  );
  await pollUntil(
    async () => {
      const groups = (await apiGet(base!, '/api/consumers')).groups;
      const lag = (g: string) => groups.find((x: { group: string }) => x.group === g)?.diffTotal;
      return lag('DashGroup') === 0 && lag('LagGroup') === 10 && dash.messages.length >= 40;
    },
    'DashGroup to catch up (offsets committed) while LagGroup lags by 10',
    60_000,
    250,
  );
  await pollUntil(
    async () => (await apiGet(base!, '/api/dlq', { group: 'DashDlqGroup', begin: 0, end: Date.now() + 60_000 })).messages.length === 1,
    'the DLQ to hold the failed message',
    60_000,
    250,
  );

  const ctx = await launchBrowser(t);
  const errors: string[] = [];
  const page = await newPage(ctx, errors);

  await t.test('cluster: the broker with role, address and version; its configuration; the first load weighed', async () => {
    let transferred = 0;
    const weigh = (r: import('playwright-core').Request) =>
      void r.sizes().then((s) => (transferred += s.responseBodySize + s.responseHeadersSize));
    page.on('requestfinished', weigh);
    await open(page, base!, 'cluster');
    const broker = row(page, 'cluster-DefaultCluster', 'broker-a');
    await broker.waitFor({ timeout: UI_TIMEOUT });
    page.off('requestfinished', weigh);
    t.diagnostic(`first load of the cluster page: ${transferred} bytes transferred (HTML, JS, CSS, API)`);
    const cells = await broker.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 5), ['broker-a', '0', 'MASTER', mq.brokerAddr, 'V4_9_8']);
    assert.match(await page.locator('main').innerText(), /DefaultCluster/);
    await shot(page, 'cluster');
    await broker.getByRole('button', { name: 'Config' }).click();
    await dialog(page).getByRole('cell', { name: 'brokerClusterName', exact: true }).waitFor();
    assert.match(await dialog(page).innerText(), /brokerName\s+broker-a/);
    await closeDialog(page);
  });

  await t.test('topics: the list by kind, status, consumer groups with lag; create from the form (RocketMQ rules) and find it with mq admin topicList', async () => {
    await open(page, base!, 'topics');
    const topic = row(page, 'topics', 'DashTopic');
    await topic.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await row(page, 'topics', '%RETRY%DashGroup').count(), 0, 'retry topics are filtered out by default');
    await shot(page, 'topics');
    await topic.getByRole('button', { name: 'Status' }).click();
    await dialog(page).getByText('40 message(s) stored').waitFor();
    await closeDialog(page);
    await topic.getByRole('button', { name: 'Consumers' }).click();
    await dialog(page).getByText('LagGroup · lag 10').waitFor();
    await dialog(page).getByText('DashGroup · lag 0').waitFor();
    await closeDialog(page);

    await page.getByRole('button', { name: 'Add topic' }).click();
    const form = dialog(page);
    const submit = async (name: string, writeQueues: string) => {
      await form.locator('input[name=topic]').fill(name);
      await form.locator('input[name=writeQueueNums]').fill(writeQueues);
      await form.getByRole('button', { name: 'Create' }).click();
    };
    await submit('bad name!', '4');
    await form.getByText('The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$').waitFor();
    await submit('DashFormTopic', '-2');
    await form.getByText('writeQueueNums must be an integer from 0 to 65535, not "-2"').waitFor();
    await submit('DashFormTopic', '4');
    await page.locator('#toast').getByText(/^Topic DashFormTopic saved on /).waitFor();
    await row(page, 'topics', 'DashFormTopic').waitFor();
    const list = await runMq(['admin', 'topicList', '-n', ns]);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(list.stdout.split('\n').includes('DashFormTopic'), list.stdout);

    await page.getByRole('searchbox', { name: 'Filter topics' }).fill('DashForm');
    assert.deepEqual(await page.locator('#topics tbody td:first-child').allInnerTexts(), ['DashFormTopic']);
    await page.getByRole('searchbox', { name: 'Filter topics' }).fill('');
  });

  await t.test('consumers: groups with members, versions, TPS and lag; clients and per-queue lag', async () => {
    await open(page, base!, 'consumers');
    const lag = row(page, 'groups', 'LagGroup');
    await lag.waitFor({ timeout: UI_TIMEOUT });
    const lagCells = await lag.locator('td').allInnerTexts();
    assert.deepEqual([lagCells[1], lagCells[2], lagCells[6]], ['0', 'OFFLINE', '10']);
    const online = await row(page, 'groups', 'DashGroup').locator('td').allInnerTexts();
    assert.deepEqual([online[1], online[3], online[4], online[6]], ['1', 'PUSH', 'CLUSTERING', '0']);
    assert.match(online[2]!, /^V\d+_\d+_\d+/);
    await shot(page, 'consumers');
    await row(page, 'groups', 'DashGroup').getByRole('button', { name: 'Clients' }).click();
    await dialog(page).locator('#group-clients tbody tr').first().waitFor();
    assert.equal(await dialog(page).locator('#group-clients tbody tr').count(), 1);
    assert.match((await dialog(page).locator('#group-clients tbody td').allInnerTexts())[3]!, /^V\d+_\d+_\d+/);
    await closeDialog(page);
    await row(page, 'groups', 'LagGroup').getByRole('button', { name: 'Detail' }).click();
    await dialog(page).locator('#group-queues tbody tr').first().waitFor();
    const lags = await dialog(page).locator('#group-queues tbody tr td:nth-child(6)').allInnerTexts();
    assert.equal(lags.map(Number).reduce((a, b) => a + b, 0), 10);
    await closeDialog(page);
  });

  await t.test('producers: the connected producer of a group on a topic', async () => {
    await open(page, base!, 'producers?topic=DashTopic&group=DashProducer');
    await page.locator('#producer-clients tbody tr td').first().waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await page.locator('#producer-clients tbody tr').count(), 1);
    assert.match((await page.locator('#producer-clients tbody tr td').allInnerTexts())[3]!, /^V\d+_\d+_\d+/);
    await shot(page, 'producers');
  });

  await t.test('messages: by key, detail with body as text and hex, resend to a group consumed at once; by time', async () => {
    await open(page, base!, 'messages?topic=DashTopic');
    await page.getByRole('tab', { name: 'By key' }).click();
    await page.locator('input[name=key]').fill('dash-key-7');
    await page.getByRole('button', { name: 'Search' }).click();
    const found = page.locator('#messages tbody tr');
    await found.first().getByRole('button', { name: 'Detail' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await found.count(), 1);
    await found.first().getByRole('button', { name: 'Detail' }).click();
    const body = dialog(page).locator('pre.body-view');
    await body.getByText('message 7').waitFor();
    await dialog(page).getByRole('button', { name: 'Show as hex' }).click();
    assert.match(await body.innerText(), /6d 65 73 73 61 67 65 20 37/);
    const track = dialog(page).locator('#tracks tbody tr').filter({ hasText: 'DashGroup' });
    await track.getByText('CONSUMED', { exact: true }).waitFor();
    await shot(page, 'message');
    const before = dash.bodies().filter((b) => b === 'message 7').length;
    await track.getByRole('button', { name: 'Resend' }).click();
    await page.locator('#toast').getByText(/CR_SUCCESS/).waitFor();
    assert.equal(dash.bodies().filter((b) => b === 'message 7').length, before + 1, 'DashGroup consumed the message again');
    await closeDialog(page);

    await page.getByRole('tab', { name: 'By time' }).click();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('40 message(s)', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'messages');
  });

  await t.test('DLQ: the failed message of a group, resent and consumed', async () => {
    await open(page, base!, 'dlq?group=DashDlqGroup');
    const dead = page.locator('#messages tbody tr');
    await dead.first().getByRole('button', { name: 'Resend' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await dead.count(), 1);
    await shot(page, 'dlq');
    dlqGroup.status = ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    const before = dlqGroup.messages.length;
    await dead.first().getByRole('button', { name: 'Resend' }).click();
    await page.locator('#toast').getByText(/CR_SUCCESS/).waitFor();
    assert.equal(dlqGroup.messages.length, before + 1);
    assert.equal(dlqGroup.messages.at(-1)!.body.toString(), 'dead letter');
  });

  await t.test('actions: route, update, send from the page, delete with confirmation, reset offsets, find by id', async () => {
    await open(page, base!, 'topics');
    const formTopic = row(page, 'topics', 'DashFormTopic');
    await formTopic.getByRole('button', { name: 'Route' }).click();
    await dialog(page).getByRole('cell', { name: mq.brokerAddr.replace(/^/, '0: ') }).waitFor();
    assert.deepEqual((await dialog(page).locator('table').nth(1).locator('tbody td').allInnerTexts()).slice(0, 4), [
      'broker-a',
      '8',
      '4',
      'RW',
    ]);
    await closeDialog(page);

    await formTopic.getByRole('button', { name: 'Update' }).click();
    assert.equal(await dialog(page).locator('input[name=topic]').getAttribute('readonly'), '');
    await dialog(page).locator('input[name=writeQueueNums]').fill('6');
    await dialog(page).locator('input[name=readQueueNums]').fill('6');
    await dialog(page).getByRole('button', { name: 'Update' }).click();
    await page.locator('#toast').getByText(/^Topic DashFormTopic saved on /).waitFor();
    const route = await pollUntil(
      async () => {
        const q = (await apiGet(base!, '/api/topic/route', { topic: 'DashFormTopic' })).queues[0];
        return q?.writeQueueNums === 6 && q;
      },
      'the update to reach the route',
      30_000,
      200,
    );
    assert.equal(route.readQueueNums, 6);

    await formTopic.getByRole('button', { name: 'Send' }).click();
    await dialog(page).locator('input[name=keys]').fill('page-key');
    await dialog(page).locator('textarea[name=body]').fill('sent from the page');
    await dialog(page).getByRole('button', { name: 'Send' }).click();
    await dialog(page).getByText(/^SEND_OK: message [0-9A-F]+ in broker-a queue \d+ at offset 0$/).waitFor();
    await closeDialog(page);

    await formTopic.getByRole('button', { name: 'Delete' }).click();
    await dialog(page).getByText('Delete DashFormTopic from every broker and name server?').waitFor();
    await dialog(page).getByRole('button', { name: 'Delete' }).click();
    await page.locator('#toast').getByText('Topic DashFormTopic deleted').waitFor();
    await formTopic.waitFor({ state: 'detached' });

    await open(page, base!, 'consumers');
    await row(page, 'groups', 'LagGroup').getByRole('button', { name: 'Reset offset' }).click();
    assert.equal(await dialog(page).locator('input[name=topic]').inputValue(), 'DashTopic');
    await dialog(page).locator('input[name=time]').fill('2000-01-01T00:00:00');
    await dialog(page).getByRole('button', { name: 'Reset offsets' }).click();
    await dialog(page).getByText('Offsets reset (committed for the offline group)').waitFor();
    await closeDialog(page);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await pollUntil(
      async () => (await row(page, 'groups', 'LagGroup').locator('td').nth(6).innerText()) === '40',
      'LagGroup to lag by every message after a reset to the beginning',
      10_000,
      100,
    );

    await open(page, base!, 'messages?topic=DashTopic');
    await page.getByRole('tab', { name: 'By message ID' }).click();
    await page.locator('input[name=msgId]').fill(dash.messages.find((m) => m.body.toString() === 'message 3')!.msgId);
    await page.getByRole('button', { name: 'Search' }).click();
    await dialog(page).locator('pre.body-view').getByText('message 3').waitFor({ timeout: UI_TIMEOUT });
    await closeDialog(page);
  });

  await t.test('charts: broker and topic TPS drawn and refreshed without reloading', async () => {
    await open(page, base!, 'charts?topics=DashTopic');
    await page.locator('#broker-chart canvas').waitFor({ timeout: UI_TIMEOUT });
    await pollUntil(
      async () => {
        await send('DashTopic', 'tick');
        const series = (await apiGet(base!, '/api/charts/topics', { topics: 'DashTopic' })).series[0];
        return series?.points.length >= 2 && (await page.locator('#topic-chart canvas').count()) > 0;
      },
      'the topic chart to draw its rates',
      60_000,
      500,
    );
    // The page shows them at its next refresh.
    const status = page.locator('#chart-status');
    const seen = await status.innerText();
    await pollUntil(async () => (await status.innerText()) !== seen, 'the page to refresh its charts', 30_000, 200);
    assert.match(await page.locator('#topic-chart').innerText(), /DashTopic/);
    await shot(page, 'charts');
  });

  assert.deepEqual(errors, [], 'no script errors in the pages');
});

test('dashboard in Chromium: a login first, then an unreachable name server said in the page', async (t) => {
  if (!requireBrowser(t)) return;
  const dir = tmpDir('mq-dash-login-', t);
  const users = path.join(dir, 'users.properties');
  fs.writeFileSync(users, 'super=s3cret,1\n');
  const d = new DashboardServer({ namesrvAddr: '127.0.0.1:1', port: 0, usersFile: users });
  t.after(() => d.close());
  const base = await d.start();
  const ctx = await launchBrowser(t);
  const errors: string[] = [];
  const page = await newPage(ctx, errors);
  await page.goto(`${base}#/cluster`);
  await page.getByRole('heading', { name: 'Log in' }).waitFor({ timeout: UI_TIMEOUT });
  await page.locator('input[name=username]').fill('super');
  await page.locator('input[name=password]').fill('wrong');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('bad user name or password').waitFor();
  await page.locator('input[name=password]').fill('s3cret');
  await page.getByRole('button', { name: 'Log in' }).click();
  const box = page.locator('main .error');
  await box.waitFor({ timeout: UI_TIMEOUT });
  assert.match(await box.innerText(), /The name server cannot be reached \(127\.0\.0\.1:1\)\s+cannot reach 127\.0\.0\.1:1/);
  await shot(page, 'unreachable');
  await open(page, base, 'topics');
  await page.locator('main .error').getByText('The name server cannot be reached (127.0.0.1:1)').waitFor();
  assert.deepEqual(errors, []);
});

test('dashboard in Chromium against Apache RocketMQ 4.9.7: the cluster and topic pages show its broker and topics', async (t) => {
  if (!requireBrowser(t) || !requireReferees(t, 'server')) return;
  const ns = await startJavaNamesrv(t);
  const broker = await startJavaBroker(t, ns.addr);
  const d = new DashboardServer({ namesrvAddr: ns.addr, port: 0 });
  t.after(() => d.close());
  const base = await d.start();
  // Registered is not yet answering: a JVM just started may miss its first runtime-info requests,
  // which the page would show as a row without figures.
  await pollUntil(
    async () => {
      const { brokers } = await apiGet(base, '/api/cluster');
      return brokers.length === 1 && brokers[0].version !== '' && brokers[0].error === undefined;
    },
    'the Java broker to register and answer',
    30_000,
    200,
  );
  const ctx = await launchBrowser(t);
  const errors: string[] = [];
  const page = await newPage(ctx, errors);

  await open(page, base, 'cluster');
  const b = row(page, 'cluster-JavaCluster', 'broker-java');
  await b.waitFor({ timeout: UI_TIMEOUT });
  assert.deepEqual((await b.locator('td').allInnerTexts()).slice(0, 5), ['broker-java', '0', 'MASTER', broker.addr, 'V4_9_7']);
  await shot(page, 'java-cluster');
  await b.getByRole('button', { name: 'Status' }).click();
  await dialog(page).getByRole('cell', { name: 'brokerVersionDesc', exact: true }).waitFor();
  await closeDialog(page);

  await open(page, base, 'topics');
  await page.getByRole('button', { name: 'Add topic' }).click();
  await dialog(page).locator('input[name=topic]').fill('JavaDashTopic');
  await dialog(page).getByRole('button', { name: 'Create' }).click();
  await page.locator('#toast').getByText(`Topic JavaDashTopic saved on ${broker.addr}`).waitFor({ timeout: UI_TIMEOUT });
  const topic = row(page, 'topics', 'JavaDashTopic');
  await topic.waitFor({ timeout: UI_TIMEOUT });
  const producer = new Producer({ producerGroup: 'JavaDashProducer', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());
  for (let i = 0; i < 3; i++) await producer.send(new Message('JavaDashTopic', `java ${i}`));
  await topic.getByRole('button', { name: 'Status' }).click();
  await dialog(page).getByText('3 message(s) stored').waitFor({ timeout: UI_TIMEOUT });
  assert.equal(await dialog(page).locator('#topic-status tbody tr').count(), 8, 'the form creates 8 queues');
  await closeDialog(page);
  await page.getByRole('checkbox', { name: 'system' }).check();
  await row(page, 'topics', 'JavaCluster').waitFor();
  await shot(page, 'java-topics');
  assert.deepEqual(errors, []);
});
