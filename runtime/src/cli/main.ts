import type { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { MigrationTarget } from '../db/migrations.ts';
import { errorLine } from './error-line.ts';
import type { FlagAction } from './flag-command.ts';
import type { NodeAddFlags } from './node-command.ts';
import { siteEnvironment } from './site-config.ts';
import { SITE_START_ENV, siteStartConfig, type SiteStartFlags } from './site-start-options.ts';
import { logLevelFrom } from '../log/logger.ts';

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /**
   * Ends a long-running command (`site:start`) gracefully. Without one, SIGTERM and SIGINT do;
   * a second signal exits at once.
   */
  readonly shutdown?: AbortSignal;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return parsed;
}

/**
 * The runtime's command line: database migrations, sites (`node:add`), feature flags (`flag:*`),
 * and `site:start` to run one process of a site.
 * Returns the exit code; errors are printed as one line that says what to do, never as a stack
 * trace.
 */
export async function main(io: CliIo): Promise<number> {
  const program = new Command('geo-runtime')
    .description(
      'Run and administer a Geo site: migrations of its main and tracking databases, its feature flags, and its processes.',
    )
    .option(
      '--root <dir>',
      'the host application root (default: $GEO_ROOT or the current directory)',
    )
    .option(
      '--database <url|dir>',
      'the database to use (default: $GEO_MAIN_DATABASE, or $GEO_TRACKING_DATABASE with --tracking)',
    )
    .option('--debug', 'on an error, print its stack trace too (default: one line)')
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
    .description(
      "apply pending migrations, the framework's and the application's (db/migrate, or db/geo/migrate with --tracking)",
    )
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
    .description(
      'list migrations, whose each is (framework or application) and whether it is applied',
    )
    .option('--tracking', 'the tracking database of a secondary')
    .action(async ({ tracking }: { tracking?: boolean }) => {
      await dbCommand(
        { kind: 'status' },
        target(tracking),
        environmentFor(Boolean(tracking)),
        io.stdout,
      );
    });

  program
    .command('node:add')
    .description(
      "record a site in geo_nodes, with generated access keys (run against the primary's main database)",
    )
    .requiredOption('--name <site>', "the site's name, as its processes are started with")
    .requiredOption('--url <url>', 'the URL users reach the site at')
    .option('--internal-url <url>', 'the URL other sites use (default: --url)')
    .option('--primary', 'the primary site (there is one)')
    .option(
      '--namespaces <ids>',
      'selective sync: only these namespaces (and their descendants), e.g. 3,5',
    )
    .option('--shards <names>', 'selective sync: only projects on these shards, e.g. east,west')
    .option('--sync-object-storage', 'also replicate files kept in object storage')
    .option('--files-max-capacity <n>', 'blob syncs at once (default 10)', positiveInteger)
    .option('--repos-max-capacity <n>', 'repository syncs at once (default 25)', positiveInteger)
    .action(async (flags: NodeAddFlags) => {
      const { nodeAddCommand } = await import('./node-command.ts');
      await nodeAddCommand(flags, environmentFor(false), io.stdout);
    });

  const runFlagCommand = async (action: FlagAction) => {
    const { flagCommand } = await import('./flag-command.ts');
    await flagCommand(action, environmentFor(false), io.stdout);
  };
  const flagName = [
    '<name>',
    'the flag, as defined in config/feature_flags/development/<name>.yml of the host',
  ] as const;
  program
    .command('flag:list')
    .description(
      "list the host's feature flags: each one's default, the override persisted in the main database if any, and the state sites see (the primary's main database, or a secondary's replica of it)",
    )
    .option(
      '--json',
      'print one JSON array of {name, type, group, default_enabled, persisted, enabled}',
    )
    .action(async ({ json }: { json?: boolean }) => {
      await runFlagCommand({ kind: 'list', json: Boolean(json) });
    });
  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable';
    program
      .command(`flag:${verb}`)
      .description(
        `${verb} a feature flag for every site: persists the override in the primary's main database (secondaries read it from there; a secondary's read-only database is refused)`,
      )
      .argument(...flagName)
      .action(async (name: string) => {
        await runFlagCommand({ kind: 'set', name, enabled });
      });
  }

  const env = (key: keyof typeof SITE_START_ENV) => `$${SITE_START_ENV[key]}`;
  program
    .command('site:start')
    .description(
      'run one process of a site (jobs, recurring workers, the log cursor on a secondary, the HTTP API) until SIGTERM or SIGINT; start any number per site',
    )
    .option('--name <site>', `the site's name in geo_nodes (${env('name')})`)
    .option('--storage <dir>', `the site's storage directory (${env('storage')})`)
    .option('--port <n>', `HTTP port, 0 for any free one (${env('port')}; default 0)`)
    .option('--host <address>', `HTTP address (${env('host')}; default 127.0.0.1)`)
    .option('--no-http', 'serve no HTTP (a worker-only process)')
    .option(
      '--redis <url>',
      `run jobs on BullMQ on this Redis, shared by every process of the site (${env('redis')}; default: an in-process queue)`,
    )
    .option('--redis-prefix <prefix>', `the Redis key prefix (${env('redisPrefix')}; default geo)`)
    .option(
      '--concurrency <n>',
      `jobs this process runs at once (${env('concurrency')}; default 10)`,
    )
    .option(
      '--replica',
      `the main database is the primary's streaming replica: open it read-only from the start (every secondary reads it read-only; ${env('replica')}=1)`,
    )
    .option(
      '--admin-token <token>',
      `bearer token for GraphQL, status and metrics; unset, they are off (${env('adminToken')})`,
    )
    .option(
      '--git-read-access <mode>',
      `who reads the site's git repositories besides secondaries: admin (the admin token) or open (anyone) (${env('gitReadAccess')}; default admin)`,
    )
    .option('--no-log-cursor', 'do not run the log cursor in this process (secondaries)')
    .option(
      '--interval-ms <ms>',
      `run every recurring job this often (${env('intervalMs')}; default: a minute each)`,
    )
    .option(
      '--download-lease-ms <ms>',
      `TTL of a download's or repository sync's lease: how soon one whose worker died is retried (${env('downloadLeaseMs')}; default 10 minutes)`,
    )
    .option(
      '--repository-storage <name=path>',
      `where a repository storage's repositories live, once per storage (${env('repositoryStorage')}=name=path,name2=path2; default: default=<storage>/repositories)`,
      (entry: string, previous: string[] | undefined) => [...(previous ?? []), entry],
    )
    .action(async (flags: SiteStartFlags) => {
      const config = siteStartConfig(flags, io.env);
      // Checked before anything opens: a mistyped level should not start a site that logs nothing.
      const logLevel = logLevelFrom(io.env);
      const environment = environmentFor(false);
      const { preflightSiteStart } = await import('./preflight.ts');
      await preflightSiteStart(config, environment);
      const { runSiteProcess } = await import('./site-process.ts');
      const shutdown = io.shutdown ?? processShutdown();
      await runSiteProcess(config, environment, {
        stdout: io.stdout,
        stderr: io.stderr,
        shutdown,
        logLevel,
      });
    });

  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    io.stderr.write(`geo-runtime: ${errorLine(error)}\n`);
    if (program.opts<{ debug?: boolean }>().debug) io.stderr.write(`${inspect(error)}\n`);
    return 1;
  }
}

/** Aborts on the first SIGTERM or SIGINT; a second one exits at once. */
function processShutdown(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}
