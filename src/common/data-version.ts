// A table's version (Java's common DataVersion): the time of the last change and a change counter.
// Brokers send it with their topic table, the name server compares it, and the live configuration
// counts its updates with it. Its JSON form lives with the remoting bodies (protocol/topic-config.ts).

/** A change of either field means the versioned table changed. */
export interface DataVersion {
  timestamp: number;
  counter: number;
}

export function createDataVersion(now: number = Date.now()): DataVersion {
  return { timestamp: now, counter: 0 };
}

/** Advances in place, as DataVersion.nextVersion does on every change. */
export function nextDataVersion(dv: DataVersion, now: number = Date.now()): DataVersion {
  dv.timestamp = now;
  dv.counter += 1;
  return dv;
}

export function dataVersionEquals(a: DataVersion | undefined | null, b: DataVersion | undefined | null): boolean {
  if (!a || !b) return a === b;
  return a.timestamp === b.timestamp && a.counter === b.counter;
}
