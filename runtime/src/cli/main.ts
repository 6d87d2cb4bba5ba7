import type { Writable } from 'node:stream';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { MigrationTarget } from '../db/migrations.ts';
import { siteEnvironment } from './site-config.ts';

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return parsed;
}

/**
 * The runtime's command line: database migrations for now. Returns the exit code; errors are
 * printed as one line that says what to do, never as a stack trace.
 */
export async function main(io: CliIo): Promise<number> {
  const program = new Command('geo-runtime')
    .description('Run and administer a Geo site: migrations of its main and tracking databases.')
    .option(
      '--root <dir>',
      'the host application root (default: $GEO_ROOT or the current directory)',
    )
    .option(
      '--database <url|dir>',
      'the database to use (default: $GEO_MAIN_DATABASE, or $GEO_TRACKING_DATABASE with --tracking)',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const environmentFor = (tracking: boolean) => {
    const { root, database } = program.opts<{ root?: string; database?: string }>();
    return siteEnvironment(io.env, {
      ...(root !== undefined && { root }),
      ...(database !== undefined && (tracking ? { tracking: database } : { main: database })),
    });
  };
  const target = (tracking: boolean | undefined): MigrationTarget =>
    tracking ? 'tracking' : 'main';
  const { dbCommand } = await import('./db-command.ts');

  program
    .command('db:migrate')
    .description('apply pending migrations (db/migrate, or db/geo/migrate with --tracking)')
    .option('--tracking', 'the tracking database of a secondary')
    .action(async ({ tracking }: { tracking?: boolean }) => {
      await dbCommand(
        { kind: 'migrate' },
        target(tracking),
        environmentFor(Boolean(tracking)),
        io.stdout,
      );
    });
  program
    .command('db:rollback')
    .description('revert the last migration(s)')
    .option('--tracking', 'the tracking database of a secondary')
    .option('--steps <n>', 'how many migrations to revert', positiveInteger, 1)
    .action(async ({ tracking, steps }: { tracking?: boolean; steps: number }) => {
      await dbCommand(
        { kind: 'rollback', steps },
        target(tracking),
        environmentFor(Boolean(tracking)),
        io.stdout,
      );
    });
  program
    .command('db:status')
    .description('list migrations and whether each is applied')
    .option('--tracking', 'the tracking database of a secondary')
    .action(async ({ tracking }: { tracking?: boolean }) => {
      await dbCommand(
        { kind: 'status' },
        target(tracking),
        environmentFor(Boolean(tracking)),
        io.stdout,
      );
    });

  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    io.stderr.write(`geo-runtime: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
