import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findReplicator } from '../../analysis/find-replicator.ts';
import { scanHost } from '../../analysis/host-scan.ts';
import { finish, type GenerateOutcome } from '../../generate/finish.ts';
import { hostLayout } from '../../host/layout.ts';
import { resolveHost, type Host } from '../../host/resolve-host.ts';
import { withHostSession, type HostSession } from '../../host/session.ts';
import type { Palette } from '../../colour.ts';
import type { Env, TextOutput } from '../../io.ts';
import { MissingNameError } from '../../options/missing-argument.ts';
import type { FlushFs } from '../../tree/flush.ts';
import { Tree } from '../../tree/tree.ts';
import { ReplicatorNotFoundError } from './errors.ts';
import type { GivenReleaseOptions } from './options.ts';
import { RELEASE_STEPS, type ReleaseTarget, type StepOutcome } from './steps.ts';

export interface ReleaseCommandOptions {
  readonly given: GivenReleaseOptions;
  /** Where geo-gen runs; the host is looked for from here. */
  readonly cwd: string;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Colours for the change list and diffs (`colour.ts`); none by default. */
  readonly palette?: Palette;
  readonly fs?: FlushFs;
  /** Read for the lock's wait (and the crash test hook); none by default. */
  readonly env?: Env;
}

/**
 * `geo-gen release <Name>`: the "Release" section of the template. The flag definition gets
 * `default_enabled: true`, the replicator loses its off-by-default override, the GraphQL field
 * its feature flag, and the data types docs get (or update) the data type's row. Every step
 * is planned into one Tree and written at once, holding the host's lock from the first read; a
 * released type gives nothing to change.
 */
export async function release(options: ReleaseCommandOptions): Promise<GenerateOutcome> {
  const { given } = options;
  const { name } = given;
  if (name === undefined) throw new MissingNameError('release');
  const host = await resolveHost(options.cwd, given.root);
  const io = { stderr: options.stderr, env: options.env ?? {} };
  return withHostSession(host.root, 'release', io, (session) =>
    releaseDataType(options, host, name, session),
  );
}

async function releaseDataType(
  options: ReleaseCommandOptions,
  host: Host,
  name: string,
  session: HostSession,
): Promise<GenerateOutcome> {
  const { given } = options;
  const warn = (message: string): void => void options.stderr.write(`note: ${message}\n`);
  const target = await releaseTarget(host, name, warn);

  const tree = new Tree(host.root);
  const outcomes: StepOutcome[] = [];
  for (const step of RELEASE_STEPS) outcomes.push(await step(tree, target));

  const dryRun = given.dryRun === true;
  const result = await finish(tree, {
    dryRun,
    force: false,
    json: given.json === true,
    stdout: options.stdout,
    stderr: options.stderr,
    ...(options.palette ? { palette: options.palette } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
    steps: session.steps,
  });
  options.stderr.write(summary(target, outcomes, dryRun));
  return result;
}

/** Finds the replicator by its data type's name, and where each file of the release is. */
async function releaseTarget(
  host: Host,
  name: string,
  warn: (message: string) => void,
): Promise<ReleaseTarget> {
  const { root, config } = host;
  const scan = await scanHost(host);
  const found = findReplicator(scan, name);
  if (found.kind === 'none') throw new ReplicatorNotFoundError(found.className, root);
  if (found.kind === 'several') {
    const where = found.replicators.map(({ hostClass }) => `${hostClass.file}:${hostClass.line}`);
    throw new ReplicatorNotFoundError(
      found.className,
      root,
      `${found.className} is declared ${found.replicators.length} times (${where.join(', ')}); keep one`,
    );
  }
  const { replicator, names } = found;
  const layout = hostLayout(config);
  const featureFlag = replicator.featureFlag ?? names.featureFlag;
  const yaml = `${layout.featureFlagsDir}/${featureFlag}.yaml`;
  return {
    names,
    host,
    warn,
    replicator,
    strategy: replicator.strategy ?? 'blob',
    featureFlag,
    flagFile: existsSync(join(root, yaml)) ? yaml : `${layout.featureFlagsDir}/${featureFlag}.yml`,
    version: hostVersion(root),
  };
}

/** The host's package.json version, for "Released in 1.2.0". */
function hostVersion(root: string): string | undefined {
  const tree = new Tree(root);
  try {
    const manifest: unknown = JSON.parse(tree.read('package.json') ?? '{}');
    const version =
      typeof manifest === 'object' && manifest !== null && 'version' in manifest
        ? manifest.version
        : undefined;
    return typeof version === 'string' && version !== '' ? version : undefined;
  } catch {
    return undefined; // an unreadable package.json only loses the version in the docs row
  }
}

function summary(target: ReleaseTarget, outcomes: readonly StepOutcome[], dryRun: boolean): string {
  const name = target.names.className;
  if (outcomes.every((step) => step.kind === 'already')) {
    return `${name} is already released: nothing to change.\n`;
  }
  const lines = outcomes.map(
    (step) =>
      `  ${step.kind === 'changed' ? (dryRun ? 'would' : 'done') : 'already'}  ${step.path}: ${step.what}\n`,
  );
  return `${dryRun ? `releasing ${name} would do` : `released ${name}`}:\n${lines.join('')}`;
}
