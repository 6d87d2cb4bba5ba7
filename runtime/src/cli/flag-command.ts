import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import { MAIN_DATABASE_READER } from '../db/reader-role.ts';
import { loadGeoConfig } from '../config/load.ts';
import {
  loadFeatureFlagDefinitions,
  type FeatureFlagDefinition,
  type FeatureFlagType,
} from '../feature-flags/definition.ts';
import { FeatureFlags, type FeatureFlagState } from '../feature-flags/feature-flags.ts';
import { errorLine } from './error-line.ts';
import { nearestNames } from './nearest-names.ts';
import { checkDatabasePath, MIGRATE } from './preflight.ts';
import { describeDatabase, type SiteEnvironment } from './site-config.ts';
import { openSiteDatabase } from './site-databases.ts';
import { SiteConfigError } from './site-start-options.ts';

export type FlagAction =
  | { readonly kind: 'list'; readonly json: boolean }
  | { readonly kind: 'set'; readonly name: string; readonly enabled: boolean };

/** One flag of `flag:list --json`. */
export interface FlagListEntry {
  readonly name: string;
  readonly type: FeatureFlagType;
  readonly group: string;
  readonly default_enabled: boolean;
  /** The override in `feature_gates`, or null: the flag follows its default. */
  readonly persisted: boolean | null;
  /** What sites see. */
  readonly enabled: boolean;
}

/** PostgreSQL's "relation does not exist". */
const UNDEFINED_TABLE = '42P01';
/** A write refused: a read-only transaction (a standby's, or the session's), or a role's rights. */
const WRITE_REFUSED = new Set(['25006', '42501']);

/**
 * `flag:list`, `flag:enable`, `flag:disable`: the host's feature flags (its definitions) as the
 * main database has them. Overrides are written to the primary's main database, which secondaries
 * read; a database this command may not write to (a streaming replica, a read-only session, the
 * reader role) is refused in one line, before anything is written.
 */
export async function flagCommand(
  action: FlagAction,
  environment: SiteEnvironment,
  stdout: Writable,
): Promise<void> {
  const command = action.kind === 'list' ? 'flag:list' : `flag:${verb(action.enabled)}`;
  const dir = join(
    environment.root,
    (await loadGeoConfig(environment.root)).layout.featureFlagsDir,
  );
  if (!existsSync(dir)) {
    throw new SiteConfigError(
      `No feature flag definitions in ${dir}: run geo-runtime from the host application's root or pass --root (GEO_ROOT).`,
    );
  }
  const definitions = await loadFeatureFlagDefinitions(dir);
  if (action.kind === 'set') requireDefined(action.name, definitions, dir);

  const config = environment.main;
  const setting = environment.settings.main;
  if (config.kind === 'pglite' && config.dataDir === undefined) {
    throw new SiteConfigError(
      `${command} works on the primary's main database: give it with ${setting} (a postgres:// URL or a PGlite directory); PGlite in memory would be a new, empty database.`,
    );
  }
  await checkDatabasePath(config, setting, 'open', MIGRATE.main);
  const database = await openSiteDatabase<MainDatabase>('main', config, false);
  const readOnly = (reason: string, asWriter = false) =>
    new SiteConfigError(
      `The main database (${describeDatabase(config)}) is read-only for ${command}: ${reason}. ` +
        `Flags are set on the primary's main database, which secondaries read: point ${setting} ` +
        `at the primary's${asWriter ? ', as the role db:migrate runs as' : ''}. Nothing was changed.`,
    );
  try {
    const access = await writeAccess(database.db, config, setting);
    const flags = new FeatureFlags(database.db, definitions);
    if (action.kind === 'list') {
      const states = await flags.states();
      if (action.json) stdout.write(`${JSON.stringify(states.map(listEntry))}\n`);
      else if (states.length === 0) stdout.write(`No feature flags are defined in ${dir}.\n`);
      else stdout.write(table(states));
      return;
    }
    const refusal = readOnlyReason(access);
    if (refusal) throw readOnly(refusal, !access.writable);
    const before = await flags.state(action.name);
    if (before.persisted !== action.enabled) {
      try {
        await (action.enabled ? flags.enable(action.name) : flags.disable(action.name));
      } catch (error) {
        if (WRITE_REFUSED.has(codeOf(error) ?? '')) {
          throw readOnly(`the write was refused (${errorLine(error)})`, true);
        }
        throw error;
      }
    }
    stdout.write(`${changeLine(before, action.enabled)}\n`);
  } finally {
    await database.close();
  }
}

function requireDefined(
  name: string,
  definitions: ReadonlyMap<string, FeatureFlagDefinition>,
  dir: string,
): void {
  if (definitions.has(name)) return;
  const defined = [...definitions.keys()].sort();
  const near = nearestNames(name, defined);
  const hint =
    defined.length === 0
      ? `: ${dir} holds no definitions.`
      : near.length > 0
        ? ` in ${dir}: did you mean ${orList(near)}?`
        : ` in ${dir}; the defined flags are ${defined.join(', ')}.`;
  throw new SiteConfigError(`No feature flag ${name} is defined${hint} Nothing was changed.`);
}

interface WriteAccess {
  readonly role: string;
  readonly in_recovery: boolean;
  readonly read_only: boolean;
  readonly writable: boolean;
}

/** Whether this session may write `feature_gates`; the table's absence means "migrate first". */
async function writeAccess(
  db: Kysely<MainDatabase>,
  config: SiteEnvironment['main'],
  setting: string,
): Promise<WriteAccess> {
  try {
    const { rows } = await sql<WriteAccess>`
      SELECT
        current_user AS role,
        pg_is_in_recovery() AS in_recovery,
        current_setting('transaction_read_only') = 'on' AS read_only,
        has_table_privilege('feature_gates', 'INSERT')
          AND has_table_privilege('feature_gates', 'UPDATE') AS writable`.execute(db);
    const access = rows[0];
    if (!access) throw new Error('the server returned no row for the access check');
    return access;
  } catch (error) {
    throw new SiteConfigError(
      codeOf(error) === UNDEFINED_TABLE
        ? `The main database (${describeDatabase(config)}) has no feature_gates table: run ${MIGRATE.main} on the primary first.`
        : `Cannot read the main database (${describeDatabase(config)}): ${errorLine(error)}. Check ${setting}.`,
    );
  }
}

function readOnlyReason(access: WriteAccess): string | undefined {
  if (access.in_recovery) return "it is a streaming replica (in recovery), as a secondary's is";
  if (access.read_only) {
    return "its transactions are read-only (default_transaction_read_only is on), as a secondary's are";
  }
  if (access.writable) return undefined;
  return access.role === MAIN_DATABASE_READER
    ? `it is connected as ${MAIN_DATABASE_READER}, the role secondaries read it as, which may only SELECT`
    : `its role ${access.role} may not write feature_gates`;
}

function verb(enabled: boolean): 'enable' | 'disable' {
  return enabled ? 'enable' : 'disable';
}

function stateWord(enabled: boolean): 'enabled' | 'disabled' {
  return enabled ? 'enabled' : 'disabled';
}

/**
 * What `flag:enable`/`flag:disable` did, e.g. `geo_x: enabled (default: disabled)`; `already` when
 * the same override was persisted (nothing written).
 */
function changeLine(before: FeatureFlagState, enabled: boolean): string {
  const { name, defaultEnabled } = before.definition;
  const state = stateWord(enabled);
  const byDefault = `(default: ${stateWord(defaultEnabled)})`;
  if (before.persisted === enabled)
    return `${name}: already ${state} ${byDefault}; nothing changed`;
  if (before.enabled === enabled) {
    return `${name}: ${state} ${byDefault}, now persisted: it no longer follows the default`;
  }
  if (before.enabled === defaultEnabled) return `${name}: ${state} ${byDefault}`;
  return `${name}: ${state}, was ${stateWord(before.enabled)} ${byDefault}`;
}

function listEntry(state: FeatureFlagState): FlagListEntry {
  return {
    name: state.definition.name,
    type: state.definition.type,
    group: state.definition.group,
    default_enabled: state.definition.defaultEnabled,
    persisted: state.persisted,
    enabled: state.enabled,
  };
}

function table(states: readonly FeatureFlagState[]): string {
  const header = ['flag', 'default', 'persisted', 'effective'];
  const rows = [
    header,
    ...states.map((state) => [
      state.definition.name,
      stateWord(state.definition.defaultEnabled),
      state.persisted === null ? '-' : stateWord(state.persisted),
      stateWord(state.enabled),
    ]),
  ];
  const widths = header.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) => `${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`)
    .map((line) => `${line.trimEnd()}\n`)
    .join('');
}

/** `a`, `a or b`, `a, b or c`. */
function orList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
