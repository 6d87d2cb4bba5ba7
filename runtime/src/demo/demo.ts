import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeoNodeRegistryField } from '../graphql/index.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { adminGraphql, registryClassConstant } from './admin-graphql.ts';
import { demoDataType, type DemoDataType, type DemoRecord } from './demo-data-types.ts';
import { startDemoSites, type DemoSites } from './demo-sites.ts';
import type { ProgressFrame, ReplicableProgress } from './progress.ts';
import { converged, progressOf } from './replicable-progress.ts';

/** What the demo reports per replicable (the `--json` line), whatever its strategy. */
export interface DemoResult {
  readonly created: number;
  readonly synced: number;
  readonly verified: number;
  readonly deleted: number;
  readonly mismatches_detected: number;
  readonly resynced: number;
}

export interface DemoOptions {
  /** Records to create per replicable. */
  readonly count: number;
  readonly replicatorClasses: readonly ReplicatorClass[];
  readonly registryFields: readonly GeoNodeRegistryField[];
  /** The host root (migrations, flag definitions). */
  readonly root?: string;
  /** Give up waiting for one phase after this long. */
  readonly phaseTimeoutMs?: number;
  readonly onFrame?: (frame: ProgressFrame) => void;
  /**
   * Called once the demo is over (converged or not), with the sites still up: the demo closes
   * them when this settles (`--keep-running` waits for Ctrl-C here).
   */
  readonly beforeClose?: (report: DemoReport, links: DemoLinks) => Promise<void>;
}

/** Where the demo's sites are, and the token that signs in to their admin pages. */
export interface DemoLinks {
  readonly sites: readonly { readonly name: string; readonly url: string }[];
  readonly adminToken: string;
}

export interface DemoReport {
  readonly converged: boolean;
  /** Absent if the sites never started. */
  readonly links?: DemoLinks;
  readonly results: Readonly<Record<string, DemoResult>>;
  readonly failure?: string;
}

const RUNTIME_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_PHASE_TIMEOUT_MS = 120_000;

type Counter = { created: number; deleted: number; mismatches: number; resynced: number };

/** A fifth of a list (at least one): the records a phase changes. */
const fifthOf = <T>(list: readonly T[]): T[] =>
  list.slice(0, Math.max(1, Math.floor(list.length / 5)));

/**
 * Two sites in one process on the embedded default (PGlite, in-process jobs, HTTP on 127.0.0.1):
 * creates records of every data type on the primary (files for blobs, git repositories with real
 * commits for repositories), watches the secondary sync and verify them, pushes more commits,
 * deletes some, corrupts some copies, and watches the fetches, the deletions, the mismatches and
 * the resyncs.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const root = options.root ?? RUNTIME_ROOT;
  const storage = await mkdtemp(join(tmpdir(), 'geo-demo-'));
  const started = Date.now();
  const log: string[] = [];
  const note = (entry: string) => log.push(entry);
  const counters = new Map<string, Counter>(
    options.replicatorClasses.map((r) => [
      r.replicableName,
      { created: 0, deleted: 0, mismatches: 0, resynced: 0 },
    ]),
  );
  const counter = (replicator: ReplicatorClass): Counter => {
    const found = counters.get(replicator.replicableName);
    if (!found) throw new Error(`No counter for ${replicator.replicableName}`);
    return found;
  };
  let sites: DemoSites | undefined;
  let links: DemoLinks | undefined;
  let report: DemoReport;

  try {
    sites = await startDemoSites({ ...options, root, storage, onNote: note });
    links = {
      sites: [
        { name: 'primary', url: sites.primaryUrl },
        { name: 'secondary', url: sites.secondaryUrl },
      ],
      adminToken: sites.adminToken,
    };
    const { primary, secondary } = sites;
    const { secondaryUrl, adminToken } = sites;
    const projectId = await createDemoProject(primary);
    const dataTypes = options.replicatorClasses.map((replicator) =>
      demoDataType(replicator, { primary, secondary }, projectId),
    );

    const frame = async (phase: string): Promise<ProgressFrame> => ({
      phase,
      elapsedMs: Date.now() - started,
      log,
      replicables: await Promise.all(
        options.replicatorClasses.map((r) => progressOf(primary, secondary, r)),
      ),
    });
    const timeoutMs = options.phaseTimeoutMs ?? DEFAULT_PHASE_TIMEOUT_MS;
    const waitFor = async (
      phase: string,
      done: (progress: readonly ReplicableProgress[]) => boolean | Promise<boolean>,
    ) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await frame(phase);
        options.onFrame?.(current);
        if (await done(current.replicables)) return;
        if (Date.now() > deadline)
          throw new Error(`${phase}: not done after ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const eachType = async (act: (type: DemoDataType, records: DemoRecord[]) => Promise<void>) => {
      for (const type of dataTypes)
        await act(type, records.get(type.replicator.replicableName) ?? []);
    };
    const titleOf = (type: DemoDataType) => type.replicator.replicableTitlePlural.toLowerCase();

    // 1. Create records on the primary: the secondary tracks, syncs and verifies them.
    const records = new Map<string, DemoRecord[]>();
    for (const type of dataTypes) {
      const created: DemoRecord[] = [];
      for (let index = 1; index <= options.count; index++) created.push(await type.create(index));
      records.set(type.replicator.replicableName, created);
      counter(type.replicator).created = created.length;
      note(`created ${created.length} ${titleOf(type)} on the primary`);
    }
    await waitFor('syncing and verifying', converged);
    note('every copy synced and verified');

    // 2. Change some on the primary (pushes to repositories): the secondary fetches them.
    const updated: { type: DemoDataType; record: DemoRecord }[] = [];
    await eachType(async (type, list) => {
      let pushed = 0;
      for (const record of fifthOf(list)) {
        if (!(await type.update(record))) break;
        updated.push({ type, record });
        pushed++;
      }
      if (pushed > 0) note(`pushed new commits to ${pushed} ${titleOf(type)} on the primary`);
    });
    if (updated.length > 0) {
      const fetched = async () => {
        for (const { type, record } of updated)
          if (!(await type.copyIsCurrent(record))) return false;
        return true;
      };
      await waitFor('fetching pushes', async (list) => converged(list) && (await fetched()));
      note('the secondary fetched every push and verified the new refs');
    }

    // 3. Delete some on the primary: the secondary removes copies and registries.
    await eachType(async (type, list) => {
      const doomed = fifthOf(list);
      list.splice(0, doomed.length);
      for (const record of doomed) await record.destroy();
      counter(type.replicator).deleted = doomed.length;
      note(`deleted ${doomed.length} ${titleOf(type)} on the primary`);
    });
    await waitFor('propagating deletions', converged);
    note('deletions reached the secondary');

    // 4. Corrupt some copies on the secondary; reverify; mismatches are detected and resynced.
    const corrupted = new Map<string, number[]>();
    await eachType(async (type, list) => {
      const victims = fifthOf(list);
      for (const record of victims) await type.corruptCopy(record);
      corrupted.set(
        type.replicator.replicableName,
        victims.map((record) => record.id),
      );
      note(`corrupted ${victims.length} of the secondary's copies of ${titleOf(type)}`);
    });
    for (const replicator of options.replicatorClasses) {
      await adminGraphql(
        secondaryUrl,
        adminToken,
        `mutation { geoRegistriesBulkUpdate(input: { registryClass: ${registryClassConstant(replicator)}, action: REVERIFY_ALL }) { updatedCount } }`,
      );
    }
    note(
      'asked the secondary to reverify everything (GraphQL geoRegistriesBulkUpdate REVERIFY_ALL)',
    );
    await waitFor('detecting mismatches', (list) =>
      list.every((p) => p.mismatches >= (corrupted.get(p.replicableName)?.length ?? 0)),
    );
    for (const replicator of options.replicatorClasses) {
      const found = (await progressOf(primary, secondary, replicator)).mismatches;
      counter(replicator).mismatches = found;
      note(
        `${found} checksum mismatches detected in ${replicator.replicableTitlePlural.toLowerCase()}; resyncing them`,
      );
      await adminGraphql(
        secondaryUrl,
        adminToken,
        `mutation { geoRegistriesBulkUpdate(input: { registryClass: ${registryClassConstant(replicator)}, action: RESYNC_ALL, verificationState: FAILED }) { updatedCount } }`,
      );
    }
    await waitFor('resyncing', converged);
    for (const replicator of options.replicatorClasses) {
      let resynced = 0;
      for (const id of corrupted.get(replicator.replicableName) ?? []) {
        const registry = await replicator.registryClass.findByModelId(secondary, id);
        if (registry?.state === 'synced' && registry.verificationState === 'succeeded') resynced++;
      }
      counter(replicator).resynced = resynced;
    }
    note('mismatched copies fetched again and verified');
    options.onFrame?.(await frame('converged'));

    const results: Record<string, DemoResult> = {};
    for (const replicator of options.replicatorClasses) {
      const progress = await progressOf(primary, secondary, replicator);
      const { created, deleted, mismatches, resynced } = counter(replicator);
      results[replicator.replicableName] = {
        created,
        synced: progress.synced,
        verified: progress.verified,
        deleted,
        mismatches_detected: mismatches,
        resynced,
      };
    }
    report = { converged: true, results, links };
  } catch (error) {
    report = {
      converged: false,
      results: {},
      failure: error instanceof Error ? error.message : String(error),
      ...(links && { links }),
    };
  }
  try {
    if (links) await options.beforeClose?.(report, links);
  } finally {
    await sites?.close();
    await rm(storage, { recursive: true, force: true });
  }
  return report;
}

/** The namespace and project every demo record belongs to; returns the project's id. */
export async function createDemoProject(primary: GeoSite): Promise<number> {
  const namespace = await primary.mainDb
    .insertInto('namespaces')
    .values({ name: 'Demo', path: 'demo' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const project = await primary.mainDb
    .insertInto('projects')
    .values({ name: 'Demo', namespace_id: namespace.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return project.id;
}
