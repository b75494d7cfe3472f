// For admin commands that run until stopped (startMonitoring): `stopped` settles on the first SIGINT
// or SIGTERM; the command shuts its clients down and calls `done()`, and the process then exits 0
// (the runtime seam's shutdown-signal handling: a second signal exits at once).

import { onShutdownSignal } from '../../common/runtime.js';

export function untilShutdownSignal(): { stopped: Promise<void>; done: () => void } {
  let stop!: () => void;
  let done!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const finished = new Promise<void>((r) => (done = r));
  onShutdownSignal(() => {
    stop();
    return finished;
  });
  return { stopped, done };
}
