// MQVersion: the `version` every remoting header carries is the ordinal of a name in Java's
// MQVersion.Version enum (V3_0_0_SNAPSHOT is 0, V4_9_8 is 409, V5_9_9 at 611 is the last; larger
// ordinals print as the last, as getVersionDesc does). After its first 16 names the enum is
// regular: a SNAPSHOT then a release for each patch of each minor version, so the table is built
// rather than listed. The named ordinals below are looked up in it, never written as numbers.

const EARLY = [
  'V3_0_0_SNAPSHOT',
  'V3_0_0_ALPHA1',
  'V3_0_0_BETA1',
  'V3_0_0_BETA2',
  'V3_0_0_BETA3',
  'V3_0_0_BETA4',
  'V3_0_0_BETA5',
  'V3_0_0_BETA6_SNAPSHOT',
  'V3_0_0_BETA6',
  'V3_0_0_BETA7_SNAPSHOT',
  'V3_0_0_BETA7',
  'V3_0_0_BETA8_SNAPSHOT',
  'V3_0_0_BETA8',
  'V3_0_0_BETA9_SNAPSHOT',
  'V3_0_0_BETA9',
  'V3_0_0_FINAL',
];

function buildNames(): string[] {
  const names = [...EARLY];
  const release = (major: number, minor: number, patch: number) => {
    names.push(`V${major}_${minor}_${patch}_SNAPSHOT`, `V${major}_${minor}_${patch}`);
  };
  for (let p = 1; p <= 15; p++) release(3, 0, p);
  for (let minor = 1; minor <= 9; minor++) {
    // 3.3 to 3.9 have no x.y.0 release.
    for (let p = minor >= 3 ? 1 : 0; p <= 9; p++) release(3, minor, p);
  }
  for (const major of [4, 5]) for (let minor = 0; minor <= 9; minor++) for (let p = 0; p <= 9; p++) release(major, minor, p);
  return names;
}

const NAMES: readonly string[] = buildNames();
const ORDINALS: ReadonlyMap<string, number> = new Map(NAMES.map((n, i) => [n, i]));

export const MQ_VERSION_COUNT = NAMES.length;

/** The name Java prints for an ordinal (MQVersion.getVersionDesc). */
export function mqVersionDesc(ordinal: number): string {
  if (ordinal >= NAMES.length) return NAMES[NAMES.length - 1]!;
  return NAMES[ordinal] ?? String(ordinal);
}

/** The ordinal of a version name; throws for a name the enum does not have. */
export function mqVersionOrdinal(name: string): number {
  const o = ORDINALS.get(name);
  if (o === undefined) throw new Error(`no MQVersion named ${name}`);
  return o;
}

/** Versions whose ordinal changes behaviour somewhere. */
export const MQVersion = {
  /** Clients from here on take offset resets and report their consumer status. */
  V3_0_7_SNAPSHOT: mqVersionOrdinal('V3_0_7_SNAPSHOT'),
  /** Brokers from here on register with a RegisterBrokerBody (with filter servers). */
  V3_0_11: mqVersionOrdinal('V3_0_11'),
  /** Consumers from here on answer running-info and consume-directly requests. */
  V3_1_8_SNAPSHOT: mqVersionOrdinal('V3_1_8_SNAPSHOT'),
  /** Clients from here on send their own maxReconsumeTimes. */
  V3_4_9: mqVersionOrdinal('V3_4_9'),
  /** Clients from here on get route data in strict JSON. */
  V4_9_4: mqVersionOrdinal('V4_9_4'),
  V4_9_8: mqVersionOrdinal('V4_9_8'),
} as const;

/** The version this code speaks and announces, client and server alike: 4.9.8. */
export const CURRENT_VERSION = MQVersion.V4_9_8;
