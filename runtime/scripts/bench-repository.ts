// npm run bench:repository [-- --commits 1000 --runs 3]: how fast a repository replicates.
//
// Two sites in this process on the embedded default (PGlite, in-process jobs, HTTP on 127.0.0.1).
// For each run, a project repository of N commits is made on the primary (git fast-import), its
// push is published (`afterPush`), and the time until the secondary's registry is synced with the
// primary's refs is measured. The limit, measured in the same run over the same loopback from the
// same primary: a plain `git clone --mirror` of the same repository with the same GL-Geo header.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { GEO_NODE_REGISTRY_FIELDS } from '../app/graphql/geo-node-registry-fields.ts';
import { ProjectRepository } from '../app/models/project-repository.ts';
import { ProjectRepositoryRegistry } from '../app/registries/project-repository-registry.ts';
import { ProjectRepositoryReplicator } from '../app/replicators/project-repository-replicator.ts';
import { createDemoProject } from '../src/demo/demo.ts';
import { startDemoSites } from '../src/demo/demo-sites.ts';
import { runGit } from '../src/repository/git.ts';
import { calculateRefsChecksum } from '../src/repository/refs-checksum.ts';
import { remoteConfig } from '../src/repository/remote-access.ts';
import { geoRepositorySyncAuthorization } from '../src/transfer/authorization-header.ts';

const { values } = parseArgs({
  options: {
    commits: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
  },
});
const COMMITS = Number(values.commits);
const RUNS = Number(values.runs);
if (!Number.isInteger(COMMITS) || COMMITS < 1 || !Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write('--commits and --runs take whole numbers of at least 1\n');
  process.exit(1);
}
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** `git fast-import` of `commits` commits on main, each changing two files: a real history. */
async function fillRepository(gitDir: string, commits: number): Promise<void> {
  const lines: string[] = [];
  for (let index = 1; index <= commits; index++) {
    const readme = `# Benchmark\n\nCommit ${index}.\n`;
    const data = `${'line of source code\n'.repeat(20)}${index}\n`;
    lines.push(
      'commit refs/heads/main',
      `committer Geo Bench <geo-bench@example.com> ${1_700_000_000 + index} +0000`,
      `data ${Buffer.byteLength(`Commit ${index}`)}`,
      `Commit ${index}`,
      `M 100644 inline README.md`,
      `data ${Buffer.byteLength(readme)}`,
      readme,
      `M 100644 inline src/file-${index % 50}.txt`,
      `data ${Buffer.byteLength(data)}`,
      data,
    );
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', [`--git-dir=${gitDir}`, 'fast-import', '--quiet'], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`fast-import: ${code}`)),
    );
    child.stdin.end(lines.join('\n'));
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const storage = await mkdtemp(join(tmpdir(), 'geo-bench-repository-'));
const sites = await startDemoSites({
  root: ROOT,
  storage,
  replicatorClasses: [ProjectRepositoryReplicator],
  registryFields: GEO_NODE_REGISTRY_FIELDS,
  onNote: () => {},
});
try {
  const { primary, secondary, primaryUrl } = sites;
  const projectId = await createDemoProject(primary);

  const geoMs: number[] = [];
  const mirrorMs: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const record = await ProjectRepository.create(primary, {
      project_id: projectId,
      full_path: `bench/repository-${run}`,
    });
    // Wait until the secondary holds the empty repository, so the figure is the push's alone.
    for (;;) {
      const registry = await ProjectRepositoryRegistry.findByModelId(secondary, record.id);
      if (registry?.state === 'synced') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await fillRepository(record.gitDir, COMMITS);
    const expected = await calculateRefsChecksum(record.gitDir);

    // The limit: the same repository from the same primary route, as plain git would fetch it.
    const mirror = await mkdtemp(join(tmpdir(), 'geo-bench-mirror-'));
    const authorization = await geoRepositorySyncAuthorization(secondary.node, {
      fullPath: record.fullPath,
    });
    const mirrorStarted = performance.now();
    await runGit(
      [
        'clone',
        '--mirror',
        '--quiet',
        '--',
        `${primaryUrl}/${record.fullPath}.git`,
        join(mirror, 'r.git'),
      ],
      { config: remoteConfig({ Authorization: authorization }) },
    );
    mirrorMs.push(performance.now() - mirrorStarted);
    await rm(mirror, { recursive: true, force: true });

    // geo-runtime: from the push's event to the secondary's registry synced with the same refs.
    const started = performance.now();
    await record.afterPush();
    const copy = new ProjectRepositoryReplicator(secondary, { modelRecordId: record.id });
    for (;;) {
      const registry = await ProjectRepositoryRegistry.findByModelId(secondary, record.id);
      if (
        registry?.state === 'synced' &&
        (await calculateRefsChecksum(await copy.gitDir()).catch(() => '')) === expected
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    geoMs.push(performance.now() - started);
    process.stderr.write(
      `run ${run}: geo-runtime ${geoMs.at(-1)?.toFixed(0)} ms, git clone --mirror ${mirrorMs.at(-1)?.toFixed(0)} ms\n`,
    );
  }

  const geo = median(geoMs);
  const limit = median(mirrorMs);
  const rows = [
    ['figure', 'geo-runtime', 'limit, same run', 'ratio'],
    [
      `replicate a repository of ${COMMITS} commits (median of ${RUNS})`,
      `${(geo / 1000).toFixed(2)} s`,
      `${(limit / 1000).toFixed(2)} s (git clone --mirror)`,
      (geo / limit).toFixed(2),
    ],
  ];
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
  process.stdout.write(
    'geo-runtime: from the push event to the secondary synced with the same refs (log cursor, ' +
      'job, clone or fetch, HEAD, gc --auto, refs checksum, registry); limit: one plain mirror clone.\n',
  );
} finally {
  await sites.close();
  await rm(storage, { recursive: true, force: true });
}
