import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MIGRATION_FILE,
  formatTimestamp,
  migrationTimestamps,
  nextMigrationTimestamps,
  plannedMigrationTimestamps,
} from '../../src/templates/migration-timestamp.ts';
import { Tree } from '../../src/tree/tree.ts';
import { fixtureHost } from '../support/host.ts';

const NOW = new Date(Date.UTC(2031, 5, 15, 12, 0, 59, 999));

describe('migration timestamps', () => {
  it('are YYYYMMDDHHMMSS in UTC', () => {
    expect(formatTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('20260102030405');
  });

  it('start at the current second when the folder is older', () => {
    expect(
      nextMigrationTimestamps(['20260101000000_create_nodes.ts', 'README.md'], 3, NOW),
    ).toEqual(['20310615120059', '20310615120100', '20310615120101']);
  });

  it('sort after a migration dated ahead of the clock', () => {
    const existing = ['20320101000000_a.ts', '20321231235959_b.ts', '20320601000000_c.ts'];
    expect(nextMigrationTimestamps(existing, 2, NOW)).toEqual(['20330101000000', '20330101000001']);
  });

  it('count migrations planned in the Tree but not written yet', async () => {
    const tree = new Tree(await fixtureHost());
    tree.create('db/migrate/20400101000000_planned.ts', '');
    expect(migrationTimestamps(tree, 'db/migrate', 1, NOW)).toEqual(['20400101000001']);
  });

  it('keep those of migrations the folder has under the same name (the oldest), when asked', () => {
    const existing = [
      '20260101000000_create_cool_widgets.ts',
      '20260101000001_add_verification_state_to_cool_widgets.ts',
      '20270101000000_add_verification_state_to_cool_widgets.ts',
      '20280101000000_create_other_things.ts',
    ];
    const planned = [
      '__timestamp___add_verification_state_to_cool_widgets.ts',
      '__timestamp2___add_verification_indexes_to_cool_widgets.ts',
      '__timestamp3___create_cool_widgets.ts',
    ];
    expect(plannedMigrationTimestamps(existing, planned, NOW, true)).toEqual([
      '20260101000001',
      '20310615120059',
      '20260101000000',
    ]);
    expect(plannedMigrationTimestamps(existing, planned, NOW, false)).toEqual([
      '20310615120059',
      '20310615120100',
      '20310615120101',
    ]);
  });

  it("produce names the runtime's migration folders accept and sort after their files", async () => {
    const folder = fileURLToPath(new URL('../../runtime/db/migrate/', import.meta.url));
    const existing = (await readdir(folder)).filter((file) => MIGRATION_FILE.test(file));
    const [timestamp] = nextMigrationTimestamps(existing, 1, new Date(0));
    const file = `${timestamp}_create_cool_widgets.ts`;
    expect(file).toMatch(MIGRATION_FILE);
    expect([...existing, file].sort().at(-1)).toBe(file);
  });
});
