import { readFileSync } from 'node:fs';
import { Command } from './commander.ts';
import { paletteFor } from './colour.ts';
import type { CheckCommandOptions } from './commands/check/index.ts';
import { CHECK_OPTIONS } from './commands/check/options.ts';
import type { InitCommandOptions } from './commands/init/index.ts';
import { INIT_OPTIONS } from './commands/init/options.ts';
import type { ReleaseCommandOptions } from './commands/release/index.ts';
import { RELEASE_OPTIONS } from './commands/release/options.ts';
import type { RemoveCommandOptions } from './commands/remove/index.ts';
import { REMOVE_OPTIONS } from './commands/remove/options.ts';
import type { ReplicableCommandOptions } from './commands/replicable/index.ts';
import { REPLICABLE_EXAMPLES, REPLICABLE_OPTIONS } from './commands/replicable/options.ts';
import { ENV, isEnvFlagSet, type CliIo } from './io.ts';
import { declareOptions, givenOptions } from './options/commander.ts';
import type { PromptAdapter } from './prompts/adapter.ts';

/** How each command's module is loaded: lazily, so `--help` and other commands never pay for it. */
export interface CommandLoaders {
  readonly replicable: () => Promise<{
    replicable: (options: ReplicableCommandOptions) => Promise<unknown>;
  }>;
  // Optional so a test replacing one command need not stub the others (the real ones are used).
  readonly check?: () => Promise<{ check: (options: CheckCommandOptions) => Promise<unknown> }>;
  readonly release?: () => Promise<{
    release: (options: ReleaseCommandOptions) => Promise<unknown>;
  }>;
  readonly remove?: () => Promise<{ remove: (options: RemoveCommandOptions) => Promise<unknown> }>;
  readonly init?: () => Promise<{ init: (options: InitCommandOptions) => Promise<unknown> }>;
}

export const COMMAND_LOADERS: Required<CommandLoaders> = {
  replicable: () => import('./commands/replicable/index.ts'),
  check: () => import('./commands/check/index.ts'),
  release: () => import('./commands/release/index.ts'),
  remove: () => import('./commands/remove/index.ts'),
  init: () => import('./commands/init/index.ts'),
};

/** Replaceable parts of the replicable command, for tests (templates, patches, clock, disk). */
export type ReplicableSeams = Pick<
  ReplicableCommandOptions,
  'templatesDir' | 'patches' | 'existingNames' | 'now' | 'fs'
>;

export interface CliContext extends CliIo {
  /** Default: @inquirer/prompts on stdin/stderr, loaded on the first question. */
  readonly prompts?: PromptAdapter;
  readonly loaders?: CommandLoaders;
  readonly replicableSeams?: ReplicableSeams;
}

/**
 * The commander program: declarations only. Options come from the command's descriptor table,
 * and each action imports its command module when it runs. Errors propagate to `main()`.
 */
export function createProgram(context: CliContext): Command {
  const program = new Command('geo-gen')
    .description('Scaffold Geo replication for a new data type into a host application.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    })
    .showHelpAfterError('(geo-gen --help lists the commands and their options)');
  // Colour on stdout only for a terminal (see colour.ts); the plan is what gets coloured.
  const palette = paletteFor(context.stdout, context.env);

  const replicableCommand = program
    .command('replicable')
    .description(
      'Generate everything a new data type needs to replicate between Geo sites: migrations, ' +
        'replicator, registry, factories, GraphQL, specs, and the wiring of existing lists.',
    )
    .addHelpText('after', `\n${examples()}`);
  // The top-level help shows the main command's options too, so one --help tells everything.
  program.addHelpText('after', () => `\n${replicableCommand.helpInformation()}\n${examples()}`);
  declareOptions(replicableCommand, REPLICABLE_OPTIONS).action(async (...args: unknown[]) => {
    const command = commandOf(args);
    const given = givenOptions(REPLICABLE_OPTIONS, command.processedArgs, command.opts());
    const interactive =
      context.isTTY &&
      given.yes !== true &&
      !isEnvFlagSet(context.env[ENV.nonInteractive]) &&
      !isEnvFlagSet(context.env['CI']);
    const prompts = context.prompts ?? (await defaultPrompts(context));
    const { replicable } = await (context.loaders ?? COMMAND_LOADERS).replicable();
    await replicable({
      given,
      cwd: context.cwd,
      stdout: context.stdout,
      stderr: context.stderr,
      interactive,
      prompts,
      env: context.env,
      palette,
      ...context.replicableSeams,
    });
  });

  const io = { cwd: context.cwd, stdout: context.stdout, stderr: context.stderr, env: context.env };
  const loaders = context.loaders;
  const checkCommand = program
    .command('check')
    .description(
      'The CI gate: fail when an uploader has no replicator (and no reasoned exception in ' +
        'geo.config.json "uploaderExceptions"), or a replicator is not fully wired. ' +
        'Exit 0 clean, 1 findings, 2 the check could not run.',
    );
  declareOptions(checkCommand, CHECK_OPTIONS).action(async (...args: unknown[]) => {
    const command = commandOf(args);
    const given = givenOptions(CHECK_OPTIONS, command.processedArgs, command.opts());
    const { check } = await (loaders?.check ?? COMMAND_LOADERS.check)();
    await check({ given, ...io });
  });

  const releaseCommand = program
    .command('release')
    .description(
      "Release a data type: its flag on by default, the replicator's off-by-default override " +
        "and the GraphQL field's flag removed, its row in the data types docs. Idempotent.",
    );
  declareOptions(releaseCommand, RELEASE_OPTIONS).action(async (...args: unknown[]) => {
    const command = commandOf(args);
    const given = givenOptions(RELEASE_OPTIONS, command.processedArgs, command.opts());
    const { release } = await (loaders?.release ?? COMMAND_LOADERS.release)();
    await release({ given, ...io, palette });
  });

  const removeCommand = program
    .command('remove')
    .description(
      'Undo geo-gen replicable: delete the generated files nobody changed since (changed ones ' +
        'are kept and reported unless --force) and take the data type out of every patched list.',
    );
  declareOptions(removeCommand, REMOVE_OPTIONS).action(async (...args: unknown[]) => {
    const command = commandOf(args);
    const given = givenOptions(REMOVE_OPTIONS, command.processedArgs, command.opts());
    const { remove } = await (loaders?.remove ?? COMMAND_LOADERS.remove)();
    const templatesDir = context.replicableSeams?.templatesDir;
    await remove({
      given,
      ...io,
      palette,
      ...(templatesDir === undefined ? {} : { templatesDir }),
    });
  });

  const initCommand = program
    .command('init')
    .description(
      'Set Geo up in an existing TypeScript application: geo.config.json, the lists and docs ' +
        'tables geo-gen replicable fills, the status spec, the vitest set-up and the database ' +
        "folders. Writes only what is missing; the application's own files are kept.",
    );
  declareOptions(initCommand, INIT_OPTIONS).action(async (...args: unknown[]) => {
    const command = commandOf(args);
    const given = givenOptions(INIT_OPTIONS, command.processedArgs, command.opts());
    const { init } = await (loaders?.init ?? COMMAND_LOADERS.init)();
    await init({ given, ...io, palette });
  });
  return program;
}

/** Commander passes an action its arguments, its options, then the command itself. */
function commandOf(args: readonly unknown[]): Command {
  const command = args.at(-1);
  if (!(command instanceof Command)) throw new TypeError('commander passed no command');
  return command;
}

async function defaultPrompts(context: CliContext): Promise<PromptAdapter> {
  const { inquirerPrompts } = await import('./prompts/inquirer.ts');
  return inquirerPrompts({ input: context.stdin, output: context.stderr });
}

function examples(): string {
  const width = Math.max(...REPLICABLE_EXAMPLES.map(([command]) => command.length));
  return (
    'Examples:\n' +
    REPLICABLE_EXAMPLES.map(([command, what]) => `  $ ${command.padEnd(width)}  # ${what}\n`).join(
      '',
    )
  );
}

function packageVersion(): string {
  const manifest: unknown = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  );
  return typeof manifest === 'object' && manifest !== null && 'version' in manifest
    ? String(manifest.version)
    : '0.0.0';
}
