import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPLICATOR_CLASSES } from './replicator-classes.ts';

const read = (path: string) =>
  readFile(fileURLToPath(new URL(`../docs/${path}`, import.meta.url)), 'utf8');

/** A table row whose first cell is `name` (cells may be padded to align the columns). */
const row = (name: string) => new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm');

const FIELDS = [
  'count',
  'checksum_total_count',
  'checksummed_count',
  'checksum_failed_count',
  'synced_count',
  'failed_count',
  'registry_count',
  'verification_total_count',
  'verified_count',
  'verification_failed_count',
  'oldest_unsynced_time',
  'synced_in_percentage',
  'verified_in_percentage',
];

describe.each(REPLICATOR_CLASSES.map((replicator) => [replicator.name, replicator] as const))(
  'docs for %s',
  (_name, replicator) => {
    const plural = replicator.replicableNamePlural;

    it('list every status field in the Geo nodes API', async () => {
      const api = await read('api/geo-nodes.md');
      for (const field of FIELDS) expect(api).toMatch(row(`${plural}_${field}`));
    });

    it('list every metric', async () => {
      const metrics = await read('monitoring/metrics.md');
      for (const field of FIELDS.filter((field) => !field.endsWith('_percentage'))) {
        expect(metrics).toMatch(row(`geo_${`${plural}_${field}`.replace(/_count$/, '')}`));
      }
    });
  },
);
