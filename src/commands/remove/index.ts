import { findReplicator } from '../../analysis/find-replicator.ts';
import { scanHost } from '../../analysis/host-scan.ts';
import { REPLICABLE_TEMPLATES } from '../../generate/data-type-templates.ts';
import { finish, type GenerateOutcome } from '../../generate/finish.ts';
import type { Strategy } from '../../generate/strategies.ts';
import { resolveHost, type Host } from '../../host/resolve-host.ts';
import { withHostSession, type HostSession } from '../../host/session.ts';
import type { Palette } from '../../colour.ts';
import type { Env, TextOutput } from '../../io.ts';
import { names as namesOf, type Names } from '../../naming/names.ts';
import { MissingNameError } from '../../options/missing-argument.ts';
import type { FlushFs } from '../../tree/flush.ts';
import { Tree } from '../../tree/tree.ts';
import { dataTypeFiles } from '../../wiring/data-type-files.ts';
import { danglingImports } from './dangling-imports.ts';
import { detectOwner, detectStrategy, detectVerificationTable } from './detect-layout.ts';
import { expectedFiles, type GeneratedDataType } from './generated-files.ts';
import { isDeleted, judgeFiles } from './judge.ts';
import type { GivenRemoveOptions } from './options.ts';
import { pruneEmptyFolders } from './prune-folders.ts';
import { removeSummary } from './report.ts';
import { revertPatches } from './revert-patches.ts';

export interface RemoveCommandOptions {
  readonly given: GivenRemoveOptions;
  /** Where geo-gen runs; the host is looked for from here. */
  readonly cwd: string;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Colours for the change list and diffs (`colour.ts`); none by default. */
  readonly palette?: Palette;
  /** The templates `geo-gen replicable` renders (tests use their fixtures). */
  readonly templatesDir?: string;
  readonly fs?: FlushFs;
  /** Read for the lock's wait (and the crash test hook); none by default. */
  readonly env?: Env;
}

/**
 * `geo-gen remove <Name>`: `rails destroy`, but safe. Renders the data type's templates again in
 * memory and deletes each host file that is still exactly what geo-gen writes; a file changed
 * since is kept and reported (deleted with --force). Then takes the data type out of every list
 * and docs table the generator patched, by symbol, and writes it all at once like `replicable`,
 * holding the host's lock from the first read.
 */
export async function remove(options: RemoveCommandOptions): Promise<GenerateOutcome> {
  const { given } = options;
  const { name } = given;
  if (name === undefined) throw new MissingNameError('remove');
  const host = await resolveHost(options.cwd, given.root);
  const io = { stderr: options.stderr, env: options.env ?? {} };
  return withHostSession(host.root, 'remove', io, (session) =>
    removeDataType(options, host, name, session),
  );
}

async function removeDataType(
  options: RemoveCommandOptions,
  host: Host,
  name: string,
  session: HostSession,
): Promise<GenerateOutcome> {
  const { given } = options;
  const warn = (message: string): void => void options.stderr.write(`note: ${message}\n`);
  const found = await generatedAs(host, name, given.plural);
  const { names } = found;
  const templatesDir = options.templatesDir ?? REPLICABLE_TEMPLATES;
  const dryRun = given.dryRun === true;
  const force = given.force === true;
  const tree = new Tree(host.root);

  const asGenerated: GeneratedDataType = {
    names,
    host,
    strategy: found.strategy ?? 'blob',
    owner: 'project',
    verificationTable: given.verificationTable ?? 'inline',
    now: new Date(), // only names migrations, which are matched without their timestamp
  };
  const withStrategy =
    found.strategy === undefined
      ? { ...asGenerated, strategy: await detectStrategy(tree, asGenerated, templatesDir) }
      : asGenerated;
  const withOwner = {
    ...withStrategy,
    owner: await detectOwner(tree, withStrategy, templatesDir),
  };
  const context =
    given.verificationTable === undefined
      ? {
          ...withOwner,
          verificationTable: await detectVerificationTable(tree, withOwner, templatesDir),
        }
      : withOwner;
  const expected = await expectedFiles(context, templatesDir, warn);
  const verdicts = judgeFiles(tree, expected, dataTypeFiles(names, host.config.layout).model);
  const deleted = verdicts
    .filter((verdict) => isDeleted(verdict, force))
    .map((verdict) => verdict.path);
  for (const path of deleted) tree.delete(path);
  const generated = new Set([
    ...expected.map((file) => file.path),
    ...verdicts.map((verdict) => verdict.path),
  ]);
  const reverted = await revertPatches(
    tree,
    { names, host, strategy: context.strategy, warn },
    generated,
  );
  const kept = verdicts.map((verdict) => verdict.path).filter((path) => !deleted.includes(path));
  const dangling = await danglingImports(tree, kept, new Set(deleted));

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
  if (result.kind === 'written') await pruneEmptyFolders(host.root, deleted);
  options.stderr.write(
    removeSummary({
      dataType: names.className,
      root: host.root,
      dryRun,
      force,
      verdicts,
      reverted,
      dangling,
    }),
  );
  return result;
}

/**
 * The names as generated (with --plural, else with the plural the replicator declares; with the
 * table its model declares) and the strategy of the replicator, when the host still has it.
 */
async function generatedAs(
  host: Host,
  input: string,
  plural: string | undefined,
): Promise<{ readonly names: Names; readonly strategy: Strategy | undefined }> {
  const found = findReplicator(await scanHost(host), input);
  const strategy = found.kind === 'found' ? found.replicator.strategy : undefined;
  if (plural === undefined) {
    return { names: found.kind === 'found' ? found.names : namesOf(input), strategy };
  }
  // The model's table, as the replicator's names were spelled with it (`findReplicator`).
  const table = found.kind === 'found' ? found.names.tableName : undefined;
  return { names: namesOf(input, { plural, table }), strategy };
}
