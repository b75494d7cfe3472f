// Running a client's hooks (send, consume, end of transaction): each in turn; one that throws is
// logged and never fails or stops what it hooks into.

import { getLogger } from '../common/logger.js';

const log = getLogger('client');

export function runHooks<H extends { readonly hookName: string }>(hooks: readonly H[], what: string, call: (h: H) => void): void {
  for (const h of hooks) {
    try {
      call(h);
    } catch (err) {
      log.warn(`${what} hook failed`, { hook: h.hookName, err });
    }
  }
}
