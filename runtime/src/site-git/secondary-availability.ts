// A secondary serves users only what it has: a repository it has not synced yet is refused with
// a message that sends them to the primary, rather than served empty or stale.
import type { GitAccess } from '../git-http/git-access.ts';
import { bareRepositoryExists } from '../repository/bare-repository.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { FoundRepository } from './repository-lookup.ts';

/**
 * Whether this secondary may serve the repository it found for `fullPath`: only a `synced`
 * registry whose repository is on disk. Not synced yet (pending, started, failed, or no registry
 * yet): 503, try later or fetch from the primary. Outside selective sync: 404, fetch from the
 * primary. Missing on the primary: the repository's 404, as the primary answers. Not found at
 * all: the repository's 404 too.
 *
 * @example
 * await secondaryRepositoryAccess(site, await findRepositoryByFullPath(site, classes, path), path);
 */
export async function secondaryRepositoryAccess(
  site: GeoSite,
  found: FoundRepository | undefined,
  fullPath: string,
): Promise<GitAccess> {
  if (found === undefined) return { kind: 'not-found' };
  const { replicatorClass, record } = found;
  const fromPrimary = async () => {
    const primary = await site.nodes.primary();
    return primary === undefined
      ? 'from the primary site'
      : `from the primary at ${primary.url.replace(/\/+$/, '')}/${fullPath}.git`;
  };

  if (!(await record.inReplicablesForCurrentSecondary())) {
    return {
      kind: 'denied',
      status: 404,
      message:
        `${fullPath} is not replicated to this secondary (its selective sync leaves it out); ` +
        `fetch it ${await fromPrimary()}.`,
    };
  }
  const registry = await replicatorClass.registryClass.findByModelId(site, record.id);
  if (registry === undefined || registry.state !== 'synced') {
    const state = registry === undefined ? 'not tracked yet' : `state: ${registry.state}`;
    return {
      kind: 'denied',
      status: 503,
      message:
        `${fullPath} is not synced to this secondary yet (${state}); fetch it ` +
        `${await fromPrimary()}, or try again later.`,
    };
  }
  if (registry.missingOnPrimary) return { kind: 'not-found' };
  if (!(await bareRepositoryExists(record.gitDir))) {
    return {
      kind: 'denied',
      status: 503,
      message:
        `${fullPath} is recorded as synced but is not on this secondary's disk; fetch it ` +
        `${await fromPrimary()}, and ask an administrator to resync it.`,
    };
  }
  return { kind: 'granted' };
}
