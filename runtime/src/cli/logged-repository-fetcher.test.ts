import { describe, expect, it } from 'vitest';
import type {
  RepositoryReplicator,
  RepositorySyncResult,
} from '../replicator/repository-replicator.ts';
import { LoggedRepositoryFetcher } from './logged-repository-fetcher.ts';

const replicator = {
  replicableName: 'project_repository',
  modelRecordId: 7,
} as RepositoryReplicator;

async function linesFor(result: RepositorySyncResult): Promise<string[]> {
  const lines: string[] = [];
  const fetcher = new LoggedRepositoryFetcher({ fetch: async () => result }, (line) =>
    lines.push(line.replace(/ in \d+ ms$/, ' in N ms')),
  );
  expect(await fetcher.fetch(replicator)).toBe(result);
  return lines;
}

describe('LoggedRepositoryFetcher', () => {
  it('logs one line when a sync begins and one when it ends, saying how it ended', async () => {
    expect(
      await linesFor({
        kind: 'synced',
        how: 'cloned',
        refsChecksum: 'e3b0c44298fc1c149afbf4c8996fb924',
        housekeeping: { kind: 'done' },
      }),
    ).toEqual([
      'repository sync started project_repository/7',
      'repository sync synced project_repository/7 (cloned, refs e3b0c44298fc) in N ms',
    ]);
    expect(
      await linesFor({
        kind: 'failed',
        reason: 'Error syncing repository',
        details: { error: 'git clone exited with code 128: fatal: …', url: 'http://p/a.git' },
      }),
    ).toContain(
      'repository sync failed project_repository/7 (Error syncing repository: git clone exited with code 128: fatal: …) in N ms',
    );
    expect(await linesFor({ kind: 'missing-on-primary' })).toContain(
      'repository sync missing-on-primary project_repository/7 (the primary has no such repository: synced as missing on the primary) in N ms',
    );
    expect(await linesFor({ kind: 'skipped', reason: 'already-running' })).toContain(
      'repository sync skipped project_repository/7 (already-running) in N ms',
    );
  });
});
