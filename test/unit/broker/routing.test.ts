// Pure routing decisions of the broker: where a given-back or retried message goes (retry topic at
// which delay level, or the DLQ), tag filtering on consume-queue tag codes, and how a send's
// properties are stored (WAIT dropped, CLUSTER added) and read (WAIT, DELAY).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties } from '../../../src/common/message/properties.js';
import { tagHashCode } from '../../../src/remoting/protocol/subscription.js';
import { filterForSubscription, matchesTagsCode, SubscriptionCache } from '../../../src/broker/filter/tag-filter.js';
import {
  dlqTopic,
  effectiveMaxReconsumeTimes,
  groupOfRetryTopic,
  retrySendTarget,
  retryTopic,
  sendBackTarget,
} from '../../../src/broker/retry/retry-policy.js';
import { delayTimeLevel, storedProperties, waitStoreMsgOK } from '../../../src/broker/processor/send-message.js';
import { notAllowedSendTopic, validateTopic } from '../../../src/broker/topic/topic-validator.js';

test('a given-back message goes to the retry topic at 3 + reconsumeTimes, or the asked level, until the limit', () => {
  assert.deepEqual(sendBackTarget('g', 0, 16, 0, 1, 12345), { dlq: false, topic: '%RETRY%g', queueId: 0, delayLevel: 3 });
  assert.deepEqual(sendBackTarget('g', 5, 16, 0, 1, 7), { dlq: false, topic: '%RETRY%g', queueId: 0, delayLevel: 8 });
  assert.deepEqual(sendBackTarget('g', 5, 16, 2, 4, 7), { dlq: false, topic: '%RETRY%g', queueId: 3, delayLevel: 2 });
  assert.deepEqual(sendBackTarget('g', 16, 16, 0, 1, 7), { dlq: true, topic: '%DLQ%g', queueId: 0, delayLevel: 0 }, 'limit reached');
  assert.deepEqual(
    sendBackTarget('g', 0, 16, -1, 1, 7),
    { dlq: true, topic: '%DLQ%g', queueId: 0, delayLevel: 0 },
    'level -1 means the DLQ now',
  );
});

test('a send to %RETRY%<group> past the limit goes to the DLQ; the client names its limit from 3.4.9 on', () => {
  assert.equal(retrySendTarget('g', 15, 16, 3), undefined);
  assert.deepEqual(retrySendTarget('g', 16, 16, 3), { dlq: true, topic: '%DLQ%g', queueId: 0, delayLevel: 0 });
  assert.equal(effectiveMaxReconsumeTimes(16, 3, 409), 3);
  assert.equal(effectiveMaxReconsumeTimes(16, undefined, 409), 16);
  assert.equal(effectiveMaxReconsumeTimes(16, 3, 100), 16, 'older clients get the group limit');
  assert.equal(groupOfRetryTopic('%RETRY%cg'), 'cg');
  assert.equal(groupOfRetryTopic('TopicTest'), undefined);
  assert.equal(retryTopic('x'), '%RETRY%x');
  assert.equal(dlqTopic('x'), '%DLQ%x');
});

test('tag filters match the consume queue tag codes of "TagA || TagB", everything for "*"', () => {
  const cache = new SubscriptionCache();
  const ab = cache.fromRequest('T', 'TagA || TagB', 'TAG');
  assert.ok(matchesTagsCode(ab.filter, tagHashCode('TagA')));
  assert.ok(matchesTagsCode(ab.filter, tagHashCode('TagB')));
  assert.ok(!matchesTagsCode(ab.filter, tagHashCode('TagC')));
  assert.ok(!matchesTagsCode(ab.filter, 0), 'an untagged message does not match a tag list');
  assert.ok(matchesTagsCode(ab.filter, null), 'an unknown code (a periodic re-check) matches');
  assert.equal(cache.fromRequest('T', 'TagA || TagB', 'TAG'), ab, 'parsed once');
  assert.equal(cache.fromRequest('T', '*', undefined).filter, null);
  assert.equal(cache.fromRequest('T', undefined, undefined).filter, null);
  const sd = cache.fromRequest('T', ' TagC ||', 'TAG').subscription;
  assert.deepEqual([...sd.tagsSet], ['TagC']);
  assert.equal(cache.forSubscription(sd), cache.forSubscription(sd));
  assert.equal(filterForSubscription({ ...sd, classFilterMode: true }), null);
  // Java's String.hashCode of a tag is what the consume queue stores.
  assert.equal(tagHashCode('TagA'), 2598919);
});

test('stored properties drop WAIT and carry CLUSTER; WAIT and DELAY read as Java reads them', () => {
  const props = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}\u0001${v}`).join('\u0002');
  const check = (input: string, expected: Record<string, string>) =>
    assert.deepEqual(Object.fromEntries(decodeProperties(storedProperties(input, 'C1'))), expected, JSON.stringify(input));
  check(props({ UNIQ_KEY: 'u', WAIT: 'true', TAGS: 'A' }), { UNIQ_KEY: 'u', TAGS: 'A', CLUSTER: 'C1' });
  check(props({ WAIT: 'true' }), { CLUSTER: 'C1' });
  check(props({ TAGS: 'A', WAIT: 'false' }), { TAGS: 'A', CLUSTER: 'C1' });
  check('', { CLUSTER: 'C1' });
  check(props({ AWAIT: 'x', WAIT: 'true' }), { AWAIT: 'x', CLUSTER: 'C1' });
  check(props({ WAIT: 'true', CLUSTER: 'old', KEYS: 'k' }), { KEYS: 'k', CLUSTER: 'C1' });
  assert.equal(storedProperties(props({ TAGS: 'A', WAIT: 'true', KEYS: 'k' }), 'C1'), props({ TAGS: 'A', KEYS: 'k', CLUSTER: 'C1' }));
  assert.equal(waitStoreMsgOK(undefined), true);
  assert.equal(waitStoreMsgOK(props({ WAIT: 'TRUE' })), true);
  assert.equal(waitStoreMsgOK(props({ WAIT: 'false' })), false);
  assert.equal(waitStoreMsgOK(props({ WAIT: 'yes' })), false, 'Boolean.parseBoolean');
  assert.equal(delayTimeLevel(props({ DELAY: '3' })), 3);
  assert.equal(delayTimeLevel(props({ TAGS: 'x' })), 0);
});

test('topic names are checked as TopicValidator does, with its codes and remarks', () => {
  assert.equal(validateTopic('Topic_1-a|%'), null);
  assert.deepEqual(validateTopic(''), { code: 1, remark: 'The specified topic is blank.' });
  assert.deepEqual(validateTopic('bad topic'), {
    code: 1,
    remark: 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$',
  });
  assert.deepEqual(validateTopic('x'.repeat(128)), { code: 1, remark: 'The specified topic is longer than topic max length.' });
  assert.equal(validateTopic('x'.repeat(127)), null);
  assert.deepEqual(notAllowedSendTopic('SCHEDULE_TOPIC_XXXX'), {
    code: 16,
    remark: 'Sending message to topic[SCHEDULE_TOPIC_XXXX] is forbidden.',
  });
  assert.equal(notAllowedSendTopic('TBW102'), null);
});
