// RocketMQ 5's rocketmq_rpc_latency (RemotingMetricsManager): how long a server took over each
// request, in milliseconds, by request code, response code, whether the request was held for long
// polling and whether it was answered (success) or oneway (oneway). Codes are named by the
// lowercase names of the code tables, unknown ones by their number, as RemotingHelper names them.
// Recording is a numeric-keyed lookup and a BucketCounts observation per request.

import { BucketCounts, RPC_LATENCY_BUCKETS_MS } from '../common/prometheus/bucket-counts.js';
import { isOneway } from './command.js';
import { requestCodeName } from './request-code.js';
import { responseCodeName } from './response-code.js';
import type { RequestObserver } from './server.js';

export const RPC_LATENCY_LABELS = ['protocol_type', 'request_code', 'response_code', 'is_long_polling', 'result'] as const;

interface Series {
  labels: Record<string, string>;
  counts: BucketCounts;
}

function codeDesc(name: string, code: number): string {
  return name.startsWith('UNKNOWN(') ? String(code) : name.toLowerCase();
}

export class RpcLatencyRecorder {
  private readonly table = new Map<number, Series>();
  private readonly odd = new Map<string, Series>();

  /** The server observer that records each answered request. */
  readonly observe: RequestObserver = (request, response, elapsedMs) => {
    if (!response) return;
    const oneway = isOneway(request);
    const longPolling = request.suspended === true;
    // A small-integer key for the codes that exist (below 4096 and 512): no number is boxed per
    // request. Other codes share one key per pair of codes through the string table.
    const rq = request.code;
    const rs = response.code;
    const flags = (longPolling ? 2 : 0) + (oneway ? 1 : 0);
    const small = rq >= 0 && rq < 4096 && rs >= 0 && rs < 512;
    let s = small ? this.table.get((((rq << 9) | rs) << 2) | flags) : this.odd.get(`${rq}/${rs}/${flags}`);
    if (!s) {
      s = {
        labels: {
          protocol_type: 'remoting',
          request_code: codeDesc(requestCodeName(request.code), request.code),
          response_code: codeDesc(responseCodeName(response.code), response.code),
          is_long_polling: String(longPolling),
          result: oneway ? 'oneway' : 'success',
        },
        counts: new BucketCounts(RPC_LATENCY_BUCKETS_MS),
      };
      if (small) this.table.set((((rq << 9) | rs) << 2) | flags, s);
      else this.odd.set(`${rq}/${rs}/${flags}`, s);
    }
    s.counts.observe(elapsedMs);
  };

  *series(): Iterable<Series> {
    yield* this.table.values();
    yield* this.odd.values();
  }
}
