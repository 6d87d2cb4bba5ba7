import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './host.ts';

/** What `npm init -y` writes (npm 11: `"type": "commonjs"`). */
export const NPM_INIT_PACKAGE = {
  name: 'my-app',
  version: '1.0.0',
  description: '',
  main: 'index.js',
  scripts: { test: 'echo "Error: no test specified" && exit 1' },
  keywords: [],
  author: '',
  license: 'ISC',
  type: 'commonjs',
};

/**
 * The strict NodeNext options of `tsc --init` (TypeScript 5.9 and later), with `outDir: dist`,
 * written as tsc writes them: JSON with comments.
 */
export const TSC_INIT_CONFIG = `{
  // Visit https://aka.ms/tsconfig to read more about this file
  "compilerOptions": {
    "outDir": "./dist",
    "module": "nodenext",
    "target": "esnext",
    "types": [],
    "sourceMap": true,
    "declaration": true,
    "declarationMap": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "strict": true,
    "jsx": "react-jsx",
    "verbatimModuleSyntax": true,
    "isolatedModules": true,
    "noUncheckedSideEffectImports": true,
    "moduleDetection": "force",
    "skipLibCheck": true,
  }
}
`;

/** A new application without Geo in a temp dir (removed after the test): package.json, tsconfig. */
export async function newApp(files: Readonly<Record<string, string>> = {}): Promise<string> {
  const app = await tempDir('geo-gen-app-');
  await writeFile(join(app, 'package.json'), `${JSON.stringify(NPM_INIT_PACKAGE, null, 2)}\n`);
  await writeFile(join(app, 'tsconfig.json'), TSC_INIT_CONFIG);
  for (const [path, text] of Object.entries(files)) await writeFile(join(app, path), text);
  return app;
}
