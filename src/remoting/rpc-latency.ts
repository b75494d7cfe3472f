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

  /** The server observer that records each answered request. */
  readonly observe: RequestObserver = (request, response, elapsedMs) => {
    if (!response) return;
    const oneway = isOneway(request);
    const longPolling = request.suspended === true;
    // Distinct for any int32 request code and response codes below 2^16: the key never allocates.
    const key = request.code * 1048576 + (response.code & 0xffff) * 8 + (longPolling ? 4 : 0) + (oneway ? 2 : 0);
    let s = this.table.get(key);
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
      this.table.set(key, s);
    }
    s.counts.observe(elapsedMs);
  };

  series(): Iterable<Series> {
    return this.table.values();
  }
}
