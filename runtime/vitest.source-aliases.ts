import { readFileSync } from 'node:fs';

/**
 * Inside this repository `geo-runtime` and its subpaths resolve to the TypeScript sources: the
 * `geo-source` targets of package.json "exports" (users get dist/). Aliases rather than resolve
 * conditions, which Vite does not apply to a global setup's imports.
 */
export function sourceAliases(): { find: RegExp; replacement: string }[] {
  const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
    name: string;
    exports: Record<string, { 'geo-source': string }>;
  };
  return Object.entries(manifest.exports).map(([subpath, targets]) => ({
    find: new RegExp(`^${manifest.name}${subpath.slice(1).replaceAll('/', '\\/')}$`),
    replacement: new URL(targets['geo-source'], import.meta.url).pathname,
  }));
}
