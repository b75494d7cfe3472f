// mqadmin queryMsgTraceById's output: for each send (Pub) a header and a row, then per consumer
// group (in Java HashMap order of the group names) a header and one "Sub" row per consume (SubAfter);
// a blank line after each block. Columns are "%-10s %-20s %-20s %-20s %-10s %-10s"; times are
// yyyy-MM-dd HH:mm:ss in local time, costs "<n>ms".

import type { TraceView } from '../../client/trace/trace-view.js';
import { formatDate, YYYY_MM_DD_HH_MM_SS } from '../../common/time-format.js';
import { javaHashMapOrder } from './java-hashmap.js';
import { jformat } from './printf.js';

const ROW = '%-10s %-20s %-20s %-20s %-10s %-10s';

function row(type: string, v: TraceView): string {
  return jformat(ROW, type, v.groupName, v.clientHost, formatDate(v.timeStamp, YYYY_MM_DD_HH_MM_SS), `${v.costTime}ms`, v.status);
}

/** The lines Java prints (each blank line an empty string). */
export function traceLines(views: readonly TraceView[]): string[] {
  const out: string[] = [];
  const byGroup = new Map<string, TraceView[]>();
  for (const v of views) {
    if (v.msgType === 'Pub') {
      out.push(jformat(ROW, '#Type', '#ProducerGroup', '#ClientHost', '#SendTime', '#CostTimes', '#Status'), row('Pub', v), '');
    }
    if (v.msgType === 'SubAfter') {
      let list = byGroup.get(v.groupName);
      if (!list) byGroup.set(v.groupName, list = []);
      list.push(v);
    }
  }
  for (const [, list] of javaHashMapOrder(byGroup)) {
    out.push(jformat(ROW, '#Type', '#ConsumerGroup', '#ClientHost', '#ConsumerTime', '#CostTimes', '#Status'));
    for (const v of list) out.push(row('Sub', v));
    out.push('');
  }
  return out;
}
