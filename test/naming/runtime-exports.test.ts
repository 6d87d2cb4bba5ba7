import { join } from 'node:path';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { RUNTIME_EXPORTS } from '../../src/naming/runtime-exports.ts';
import { REPO_ROOT } from '../support/runtime-copy.ts';

/** The Pascal-case names `runtime/src/index.ts` exports, followed through its re-exports. */
function runtimeExports(): string[] {
  const project = new Project({
    tsConfigFilePath: join(REPO_ROOT, 'runtime', 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
  });
  const index = project.addSourceFileAtPath(join(REPO_ROOT, 'runtime', 'src', 'index.ts'));
  project.resolveSourceFileDependencies();
  return [...index.getExportedDeclarations().keys()].filter((name) => /^[A-Z][a-z]/.test(name));
}

describe('the runtime exports a data type may not be named after', () => {
  it('are the ones runtime/src/index.ts exports (update src/naming/runtime-exports.ts)', () => {
    const found = runtimeExports();
    expect(found).toContain('Replicator');
    expect([...RUNTIME_EXPORTS].sort()).toEqual(found.sort());
  });
});
