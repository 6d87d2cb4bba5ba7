import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostModuleError } from './host-module.ts';
import { DEFAULT_GEO_CONFIG, resolveGeoConfig } from './geo-config.ts';
import { hostImportFailure, hostModulePath, importHostModule } from './host-module.ts';

describe('host modules', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'geo-host-module-'));
    await mkdir(join(root, 'build/app'), { recursive: true });
    await writeFile(join(root, 'build/app/list.js'), 'export const LIST = ["compiled"];\n');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('imports the compiled file from outDir, with its .js name', async () => {
    const config = resolveGeoConfig({ outDir: 'build' });
    expect(hostModulePath(root, config, 'app/list.ts')).toBe(join(root, 'build/app/list.js'));
    expect(hostModulePath(root, config, 'db/x.mts')).toBe(join(root, 'build/db/x.mjs'));
    expect((await importHostModule(root, config, 'app/list.ts'))['LIST']).toEqual(['compiled']);
  });

  it('imports the source as it is without outDir', () => {
    expect(hostModulePath(root, DEFAULT_GEO_CONFIG, 'app/list.ts')).toBe(join(root, 'app/list.ts'));
  });

  it('says to build when the compiled file is missing', async () => {
    const config = resolveGeoConfig({ outDir: 'build' });
    await expect(importHostModule(root, config, 'app/other.ts')).rejects.toThrow(
      `No ${join(root, 'build/app/other.js')}, the compiled app/other.ts: build the application with tsc`,
    );
  });

  it('says how to load TypeScript when Node cannot', () => {
    const refused = Object.assign(new TypeError('Unknown file extension ".ts"'), {
      code: 'ERR_UNKNOWN_FILE_EXTENSION',
    });
    const file = join(root, 'app/list.ts');
    const error = hostImportFailure(refused, file, DEFAULT_GEO_CONFIG, root);
    expect(error).toBeInstanceOf(HostModuleError);
    expect(error).toHaveProperty(
      'message',
      `Cannot import ${file}: Node cannot load TypeScript by itself. Build the application with tsc and set "outDir" in ${join(root, 'geo.config.json')} to tsc's outDir, or run with a TypeScript loader (NODE_OPTIONS="--import tsx").`,
    );
    const other = new SyntaxError('Unexpected token');
    expect(hostImportFailure(other, file, DEFAULT_GEO_CONFIG, root)).toBe(other);
  });
});
