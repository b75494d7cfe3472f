// LanguageCode of the remoting header: a name in JSON headers, a byte in ROCKETMQ headers.
// Java 4.9 rejects names it does not know, so we only ever send names from this table.

export const LanguageCode = {
  JAVA: 0,
  CPP: 1,
  DOTNET: 2,
  PYTHON: 3,
  DELPHI: 4,
  ERLANG: 5,
  RUBY: 6,
  OTHER: 7,
  HTTP: 8,
  GO: 9,
  PHP: 10,
  OMS: 11,
  RUST: 12,
} as const;

export type LanguageName = keyof typeof LanguageCode;

const byCode: string[] = [];
for (const [name, code] of Object.entries(LanguageCode)) byCode[code] = name;

export function languageName(code: number): string {
  return byCode[code] ?? 'OTHER';
}

export function languageCodeOf(name: string): number {
  return (LanguageCode as Record<string, number>)[name] ?? LanguageCode.OTHER;
}
