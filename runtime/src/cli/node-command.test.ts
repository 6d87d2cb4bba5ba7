import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MainDatabase } from '../db/main-database.ts';
import { openDatabase } from '../db/open-database.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { runGeoRuntime } from './cli-harness.ts';

describe('geo-runtime node:add', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'geo-node-add-')), 'main');
    expect((await runGeoRuntime(['db:migrate'], dir)).code).toBe(0);
  });
  afterAll(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('records a primary and a selectively synced secondary with generated keys', async () => {
    const primary = await runGeoRuntime(
      ['node:add', '--name', 'eu', '--url', 'https://eu.example.test', '--primary'],
      dir,
    );
    expect(primary.stdout).toMatch(/^added primary site eu \(https:\/\/eu\.example\.test\)/);
    const secondary = await runGeoRuntime(
      [
        'node:add',
        '--name',
        'us',
        '--url',
        'https://us.example.test',
        '--namespaces',
        '3,5',
        '--files-max-capacity',
        '4',
        '--repos-max-capacity',
        '6',
      ],
      dir,
    );
    expect(secondary.code).toBe(0);
    const database = await openDatabase<MainDatabase>({ kind: 'pglite', dataDir: dir });
    try {
      const us = await new GeoNodes(database.db).findByName('us');
      expect(us).toMatchObject({
        primary: false,
        selectiveSync: { type: 'namespaces', namespaceIds: [3, 5] },
        filesMaxCapacity: 4,
        reposMaxCapacity: 6,
      });
      expect(us?.accessKey).toMatch(/^[A-Za-z0-9]{20}$/);
    } finally {
      await database.close();
    }
  });

  it('refuses contradictory selective sync, saying why', async () => {
    const result = await runGeoRuntime(
      [
        'node:add',
        '--name',
        'ap',
        '--url',
        'https://ap.example.test',
        '--namespaces',
        '1',
        '--shards',
        'east',
      ],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Give --namespaces or --shards, not both');
  });
});
