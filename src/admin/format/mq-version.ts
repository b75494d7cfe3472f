// Names of MQVersion ordinals (the `version` every remoting header carries), as Java's
// MQVersion.getVersionDesc prints them: V3_0_0_SNAPSHOT is 0, V4_9_8 is 409, V5_9_9 (611) is the
// last, and larger ordinals print as the last. The enum is regular after its first 16 names:
// a SNAPSHOT then a release for each patch of each minor version.

const EARLY = [
  'V3_0_0_SNAPSHOT', 'V3_0_0_ALPHA1', 'V3_0_0_BETA1', 'V3_0_0_BETA2', 'V3_0_0_BETA3', 'V3_0_0_BETA4', 'V3_0_0_BETA5',
  'V3_0_0_BETA6_SNAPSHOT', 'V3_0_0_BETA6', 'V3_0_0_BETA7_SNAPSHOT', 'V3_0_0_BETA7', 'V3_0_0_BETA8_SNAPSHOT', 'V3_0_0_BETA8',
  'V3_0_0_BETA9_SNAPSHOT', 'V3_0_0_BETA9', 'V3_0_0_FINAL',
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

export function mqVersionDesc(ordinal: number): string {
  if (ordinal >= NAMES.length) return NAMES[NAMES.length - 1]!;
  return NAMES[ordinal] ?? String(ordinal);
}

export const MQ_VERSION_COUNT = NAMES.length;
