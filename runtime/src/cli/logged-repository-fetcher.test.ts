import { describe, expect, it } from 'vitest';
import { LogRecorder, type LogEntry } from '../log/log-recorder.ts';
import type {
  RepositoryReplicator,
  RepositorySyncResult,
} from '../replicator/repository-replicator.ts';
import { LoggedRepositoryFetcher } from './logged-repository-fetcher.ts';

const replicator = {
  replicableName: 'project_repository',
  modelRecordId: 7,
} as RepositoryReplicator;

async function recordsFor(result: RepositorySyncResult): Promise<LogEntry[]> {
  const recorder = new LogRecorder();
  const fetcher = new LoggedRepositoryFetcher(
    { fetch: async () => result },
    recorder.logger('secondary'),
  );
  expect(await fetcher.fetch(replicator)).toBe(result);
  return recorder.entries;
}

const subject = { site: 'secondary', replicable_name: 'project_repository', model_record_id: 7 };

describe('LoggedRepositoryFetcher', () => {
  it('logs one record when a sync begins and one when it ends, saying how it ended', async () => {
    expect(
      await recordsFor({
        kind: 'synced',
        how: 'cloned',
        refsChecksum: 'e3b0c44298fc1c149afbf4c8996fb924',
        housekeeping: { kind: 'done' },
      }),
    ).toEqual([
      expect.objectContaining({
        ...subject,
        level: 'info',
        event: 'repository-sync-started',
        message: 'Repository sync started',
      }),
      expect.objectContaining({
        ...subject,
        event: 'repository-sync-ended',
        message: 'Repository sync ended',
        result: 'synced',
        how: 'cloned',
        refs_checksum: 'e3b0c44298fc1c149afbf4c8996fb924',
        duration_ms: expect.any(Number),
      }),
    ]);
    expect(
      (
        await recordsFor({
          kind: 'failed',
          reason: 'Error syncing repository',
          details: { error: 'git clone exited with code 128: fatal: …', url: 'http://p/a.git' },
        })
      )[1],
    ).toMatchObject({
      result: 'failed',
      reason: 'Error syncing repository',
      error: 'git clone exited with code 128: fatal: …',
    });
    expect((await recordsFor({ kind: 'missing-on-primary' }))[1]).toMatchObject({
      result: 'missing-on-primary',
    });
    expect((await recordsFor({ kind: 'skipped', reason: 'already-running' }))[1]).toMatchObject({
      result: 'skipped',
      reason: 'already-running',
    });
  });
});
