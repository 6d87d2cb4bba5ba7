import type { NameKey, Names } from '../naming/names.ts';

/** `__fileName__`, `__name__`, `__timestamp__`, `__timestamp2__`: a key between double underscores. */
const TOKEN = /__([A-Za-z][A-Za-z0-9]*)__/g;
const TIMESTAMP = /^timestamp(\d*)$/;
/** Conventional folder names that look like tokens and are kept as they are. */
const LITERAL_FOLDERS: ReadonlySet<string> = new Set(['tests', 'mocks', 'snapshots', 'fixtures']);

/** A template path with its name tokens replaced; migration timestamps come later. */
export interface PlannedPath {
  /** With `__timestamp__` tokens still in place. */
  readonly path: string;
  /** 1 for `__timestamp__`, N for `__timestampN__`; undefined if the path has none. */
  readonly timestampOrdinal: number | undefined;
}

/**
 * Replaces every `__<key>__` of `names` in a template path. Unknown tokens are errors (a typo
 * would otherwise silently produce a file literally named `__fileNmae__.ts`).
 */
export function replaceNameTokens(
  templatePath: string,
  names: Names,
): PlannedPath | { readonly unknown: string } {
  let timestampOrdinal: number | undefined;
  let unknown: string | undefined;
  const path = templatePath.replace(TOKEN, (token, key: string) => {
    const timestamp = TIMESTAMP.exec(key);
    if (timestamp !== null) {
      const ordinal = timestamp[1] === undefined || timestamp[1] === '' ? 1 : Number(timestamp[1]);
      if (timestampOrdinal !== undefined && timestampOrdinal !== ordinal) unknown ??= token;
      timestampOrdinal = ordinal;
      return token;
    }
    if (LITERAL_FOLDERS.has(key)) return token;
    if (Object.hasOwn(names, key)) return names[key as NameKey];
    unknown ??= token;
    return token;
  });
  return unknown === undefined ? { path, timestampOrdinal } : { unknown };
}

export function replaceTimestampTokens(path: string, timestamp: string): string {
  return path.replace(TOKEN, (token, key: string) => (TIMESTAMP.test(key) ? timestamp : token));
}

/** Every key a template path may use, for error messages. */
export function knownTokens(names: Names): string[] {
  return [...Object.keys(names), 'timestamp', 'timestampN'].map((key) => `__${key}__`);
}
