import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { loadHostApp } from './host-app.ts';

describe('loadHostApp', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'geo-host-app-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function write(host: string, files: Record<string, string>): Promise<void> {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(host, path)), { recursive: true });
      await writeFile(join(host, path), text);
    }
  }

  it("loads the runtime's host with the default layout", async () => {
    const host = await loadHostApp(RUNTIME_ROOT);
    expect(host.replicatorClasses.map((replicator) => replicator.name)).toContain(
      'PackageFileReplicator',
    );
    expect([...host.featureFlagDefinitions.keys()]).toContain('geo_package_file_replication');
  });

  it('reads the lists and the flags where geo.config.json says, compiled in outDir', async () => {
    const host = join(root, 'custom');
    await write(host, {
      'geo.config.json': JSON.stringify({
        outDir: 'build',
        layout: { appDir: 'src/geo', featureFlagsDir: 'flags' },
        lists: { registryFields: { file: 'src/geo/fields.ts', symbol: 'FIELDS' } },
      }),
      'src/geo/replicator-classes.ts': "throw new Error('the source was imported');\n",
      'src/geo/fields.ts': "throw new Error('the source was imported');\n",
      'build/src/geo/replicator-classes.js': 'export const REPLICATOR_CLASSES = [];\n',
      'build/src/geo/fields.js': "export const FIELDS = [{ name: 'widgetRegistries' }];\n",
      'flags/geo_widget_replication.yml':
        'name: geo_widget_replication\ntype: development\ngroup: group::geo\ndefault_enabled: false\n',
    });
    const app = await loadHostApp(host);
    expect(app.replicatorClasses).toEqual([]);
    expect(app.registryFields).toEqual([{ name: 'widgetRegistries' }]);
    expect([...app.featureFlagDefinitions.keys()]).toEqual(['geo_widget_replication']);
  });

  it('says to build when outDir lacks the compiled list', async () => {
    const host = join(root, 'unbuilt');
    await write(host, { 'geo.config.json': JSON.stringify({ outDir: 'build' }) });
    await expect(loadHostApp(host)).rejects.toThrow(
      `No ${join(host, 'build/app/replicator-classes.js')}, the compiled app/replicator-classes.ts: build the application with tsc`,
    );
  });
});
