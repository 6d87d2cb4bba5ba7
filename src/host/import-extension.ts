import type { HostConfig } from './config.ts';

/**
 * How a host's relative imports name a TypeScript file: `.ts` as written (a host that runs its
 * sources, or compiles with `rewriteRelativeImportExtensions`), or `.js`, the file tsc emits
 * (a standard `NodeNext` configuration without `allowImportingTsExtensions`).
 */
export type ImportExtension = '.ts' | '.js';

export const DEFAULT_IMPORT_EXTENSION: ImportExtension = '.ts';

/** The host's import extension: geo.config.json's `"importExtension"`, `.ts` by default. */
export function hostImportExtension(config: HostConfig): ImportExtension {
  return config['importExtension'] === '.js' ? '.js' : DEFAULT_IMPORT_EXTENSION;
}

/** What each TypeScript extension is imported as when the host imports emitted files. */
const EMITTED: Readonly<Record<string, string>> = { ts: 'js', tsx: 'jsx', mts: 'mjs', cts: 'cjs' };

/** A relative specifier in the host's style: `../models/widget.ts` becomes `../models/widget.js`. */
export function inHostStyle(specifier: string, extension: ImportExtension): string {
  if (extension === '.ts' || !specifier.startsWith('.')) return specifier;
  return specifier.replace(/\.([cm]?tsx?)$/, (whole, ext: string) =>
    EMITTED[ext] === undefined ? whole : `.${EMITTED[ext]}`,
  );
}

// `from '…'`, `import '…'` and `import('…')` of a relative module written with a .ts extension.
const RELATIVE_TS_IMPORT =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"\n]*?\.[cm]?tsx?)\2/g;

/** A generated script's relative imports in the host's style (templates write `.ts`). */
export function importsInHostStyle(text: string, extension: ImportExtension): string {
  if (extension === '.ts') return text;
  return text.replace(
    RELATIVE_TS_IMPORT,
    (_whole, keyword: string, quote: string, specifier: string) =>
      `${keyword}${quote}${inHostStyle(specifier, extension)}${quote}`,
  );
}
