import { REPLICABLE_TEMPLATES } from '../../generate/data-type-templates.ts';
import { finish, type GenerateOutcome } from '../../generate/finish.ts';
import { resolveHost } from '../../host/resolve-host.ts';
import { withHostSession } from '../../host/session.ts';
import type { Palette } from '../../colour.ts';
import type { Env, TextOutput } from '../../io.ts';
import { refuseCollisions } from '../../naming/collisions.ts';
import type { PromptAdapter } from '../../prompts/adapter.ts';
import type { WriteSteps } from '../../tree/crash-hook.ts';
import type { FlushFs } from '../../tree/flush.ts';
import { rendersInStyle } from '../../templates/style.ts';
import { Tree } from '../../tree/tree.ts';
import { dataTypeFiles } from '../../wiring/data-type-files.ts';
import type { ReplicableContext, ReplicablePatch } from './context.ts';
import { readHostExistingNames, type ExistingNamesReader } from './existing-names.ts';
import { nextSteps } from './next-steps.ts';
import { normalizeReplicableOptions } from './normalize.ts';
import type { GivenReplicableOptions } from './options.ts';
import { REPLICABLE_PATCHES } from './patches.ts';
import { planReplicable } from './plan.ts';
import { replacedMigrationsNote } from './replaced-migrations.ts';

export interface ReplicableCommandOptions {
  /** What the command line gave. */
  readonly given: GivenReplicableOptions;
  /** Where geo-gen runs; the host is looked for from here. */
  readonly cwd: string;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Whether missing values may be asked for. */
  readonly interactive: boolean;
  readonly prompts: PromptAdapter;
  /** Colours for the change list and diffs (`colour.ts`); none by default. */
  readonly palette?: Palette;
  /** Read for the lock's wait (and the crash test hook); none by default. */
  readonly env?: Env;
  // Defaults below are the real ones; tests replace them.
  readonly templatesDir?: string;
  readonly patches?: readonly ReplicablePatch[];
  readonly existingNames?: ExistingNamesReader;
  readonly now?: () => Date;
  readonly fs?: FlushFs;
}

/**
 * `geo-gen replicable <Name>`: normalise the options (asking on a terminal), derive the names,
 * find the host, then, holding its lock, plan every file into a Tree (templates, then patches)
 * and finish: format, parse back, and print the plan or write it all at once.
 */
export async function replicable(options: ReplicableCommandOptions): Promise<GenerateOutcome> {
  const warn = (message: string): void => void options.stderr.write(`note: ${message}\n`);
  const { options: resolved, names } = await normalizeReplicableOptions(options.given, {
    interactive: options.interactive,
    prompts: options.prompts,
    warn,
  });
  const host = await resolveHost(options.cwd, resolved.root);
  if (host.configFile === undefined) {
    warn(`${host.root} has no geo.config.json; using the defaults`);
  }
  const context: ReplicableContext = {
    names,
    options: resolved,
    host,
    now: (options.now ?? (() => new Date()))(),
    warn,
  };
  const io = { stderr: options.stderr, env: options.env ?? {} };
  const outcome = await withHostSession(host.root, 'replicable', io, (session) =>
    planAndFinish(options, context, session.steps),
  );
  // After the lock is released: the next steps are for a person, so never with --json.
  if (outcome.kind === 'written' && outcome.changes.length > 0 && !resolved.json) {
    options.stderr.write(nextSteps(names, outcome.changes, { root: host.root, cwd: options.cwd }));
  }
  return outcome;
}

async function planAndFinish(
  options: ReplicableCommandOptions,
  context: ReplicableContext,
  steps: WriteSteps,
): Promise<GenerateOutcome> {
  const { host, names, options: resolved } = context;
  const tree = new Tree(host.root);
  // --force is the user saying "overwrite": what already exists is then replaced, not refused.
  if (!resolved.force) {
    const existing = await (options.existingNames ?? readHostExistingNames)(tree, host, names);
    refuseCollisions(names, existing, {
      // The model's table is created only when the host has no model yet.
      modelTable: !tree.exists(dataTypeFiles(names, host.config.layout).model),
      statesTable: resolved.verificationTable === 'separate',
    });
  }

  const rendered = await planReplicable(
    tree,
    options.templatesDir ?? REPLICABLE_TEMPLATES,
    context,
  );
  const asRendered = new Map(rendered.map((path) => [path, tree.read(path)]));
  for (const patch of options.patches ?? REPLICABLE_PATCHES) await patch(tree, context);
  // What no patch changed since is the templates' output, written in their style (format.ts).
  const templateOutput = rendersInStyle(names, host.config.runtimePackage)
    ? new Set(
        [...asRendered].filter(([path, text]) => tree.read(path) === text).map(([path]) => path),
      )
    : new Set<string>();

  return finish(tree, {
    dryRun: resolved.dryRun,
    force: resolved.force,
    json: resolved.json,
    templateOutput,
    stdout: options.stdout,
    stderr: options.stderr,
    ...(options.palette ? { palette: options.palette } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
    steps,
    noteOn: (changes, dryRun) => replacedMigrationsNote(changes, dryRun, host),
  });
}
