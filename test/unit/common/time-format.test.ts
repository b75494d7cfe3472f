// Dates in the forms RocketMQ's Java code writes (UtilAll), in local time: each named form, the
// pattern formatter behind them, and parsing back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDate,
  formatDateTime,
  parseDate,
  timeMillisToHumanString,
  timeMillisToHumanString2,
  timeMillisToHumanString3,
  YYYY_MM_DD_HH_MM_SS,
  YYYY_MM_DD_HH_MM_SS_SSS,
  YYYYMMDDHHMMSS,
} from '../../../src/common/time-format.js';

const t = new Date(2026, 10, 7, 8, 5, 9, 7).getTime();

test('the UtilAll forms, zero-padded, in local time', () => {
  assert.equal(timeMillisToHumanString(t), '20261107080509007');
  assert.equal(timeMillisToHumanString2(t), '2026-11-07 08:05:09,007');
  assert.equal(timeMillisToHumanString3(t), '20261107080509');
  assert.equal(formatDateTime(t), '2026-11-07 08:05:09');
  assert.equal(formatDate(t, YYYY_MM_DD_HH_MM_SS), '2026-11-07 08:05:09');
  assert.equal(formatDate(t, YYYY_MM_DD_HH_MM_SS_SSS), '2026-11-07#08:05:09:007');
  assert.equal(formatDate(new Date(2026, 0, 1, 23, 59, 59, 999).getTime(), 'yyyy-MM-dd HH:mm:ss.SSS'), '2026-01-01 23:59:59.999');
  assert.equal(formatDate(t, 'at HH.mm'), 'at 08.05', 'other characters stand for themselves');
});

test('parseDate reads a pattern back; a mismatch is NaN; out-of-range fields roll over as in lenient Java', () => {
  assert.equal(parseDate('20261107080509007', 'yyyyMMddHHmmssSSS'), t);
  assert.equal(parseDate('2026-11-07#08:05:09:007', YYYY_MM_DD_HH_MM_SS_SSS), t);
  assert.equal(parseDate('20261107080509', YYYYMMDDHHMMSS), t - 7);
  assert.equal(parseDate(timeMillisToHumanString(t + 1), 'yyyyMMddHHmmssSSS'), t + 1);
  assert.ok(Number.isNaN(parseDate('2026-11-07', YYYYMMDDHHMMSS)));
  assert.ok(Number.isNaN(parseDate('2026110708050', YYYYMMDDHHMMSS)), 'one digit short');
  assert.ok(Number.isNaN(parseDate('2026-11-07 08:05:09', 'yyyy-MM-dd.HH:mm:ss')), 'literals are not patterns');
  assert.equal(parseDate('20260230000000', YYYYMMDDHHMMSS), new Date(2026, 2, 2).getTime());
});
