import type { Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import { FEATURE_FLAG_DEFINITIONS_DIR, type FeatureFlagDefinition } from './definition.ts';

export class UndefinedFeatureFlagError extends Error {
  override readonly name = 'UndefinedFeatureFlagError';
  constructor(readonly flag: string) {
    super(
      `Feature flag ${flag} has no definition. Create ${FEATURE_FLAG_DEFINITIONS_DIR}/${flag}.yml ` +
        `(name, type, group, default_enabled, introduced_by_url).`,
    );
  }
}

export class FeatureFlagDefaultMismatchError extends Error {
  override readonly name = 'FeatureFlagDefaultMismatchError';
  constructor(
    readonly flag: string,
    readonly file: string,
    readonly codeDefault: boolean,
  ) {
    super(
      `Feature flag ${flag}: ${file} says default_enabled: ${!codeDefault} but the code's default ` +
        `is ${codeDefault}. Make them agree (geo-gen release sets both).`,
    );
  }
}

/** A defined flag as one database has it. */
export interface FeatureFlagState {
  readonly definition: FeatureFlagDefinition;
  /** The override persisted in `feature_gates`, or null: the flag follows its default. */
  readonly persisted: boolean | null;
  /** What sites see: the override if one was set, else the default. */
  readonly enabled: boolean;
}

/**
 * Feature flags: definitions from YAML, runtime overrides persisted in the main database's
 * `feature_gates` (so a secondary sees what the primary enabled).
 */
export class FeatureFlags {
  constructor(
    private readonly db: Kysely<MainDatabase>,
    readonly definitions: ReadonlyMap<string, FeatureFlagDefinition>,
  ) {}

  definition(flag: string): FeatureFlagDefinition {
    const definition = this.definitions.get(flag);
    if (!definition) throw new UndefinedFeatureFlagError(flag);
    return definition;
  }

  /**
   * The override if one was set, else the default. `codeDefault` is what the calling code assumes
   * (a replicator's `replicationEnabledByDefault`); it must match the definition's.
   */
  async isEnabled(flag: string, codeDefault?: boolean): Promise<boolean> {
    const definition = this.definition(flag);
    if (codeDefault !== undefined && codeDefault !== definition.defaultEnabled) {
      throw new FeatureFlagDefaultMismatchError(flag, definition.file, codeDefault);
    }
    return (await this.state(flag)).enabled;
  }

  /** One defined flag's default, persisted override and effective state. */
  async state(flag: string): Promise<FeatureFlagState> {
    const definition = this.definition(flag);
    const gate = await this.db
      .selectFrom('feature_gates')
      .select('enabled')
      .where('key', '=', flag)
      .executeTakeFirst();
    return stateOf(definition, gate?.enabled);
  }

  /** Every defined flag's state, by name (overrides of flags no longer defined are left out). */
  async states(): Promise<FeatureFlagState[]> {
    const gates = new Map(
      (await this.db.selectFrom('feature_gates').select(['key', 'enabled']).execute()).map(
        (gate) => [gate.key, gate.enabled],
      ),
    );
    return [...this.definitions.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((definition) => stateOf(definition, gates.get(definition.name)));
  }

  async enable(flag: string): Promise<void> {
    await this.set(flag, true);
  }

  async disable(flag: string): Promise<void> {
    await this.set(flag, false);
  }

  /** Removes the override: the flag is back to its default. */
  async reset(flag: string): Promise<void> {
    this.definition(flag);
    await this.db.deleteFrom('feature_gates').where('key', '=', flag).execute();
  }

  private async set(flag: string, enabled: boolean): Promise<void> {
    this.definition(flag);
    await this.db
      .insertInto('feature_gates')
      .values({ key: flag, enabled })
      .onConflict((oc) => oc.column('key').doUpdateSet({ enabled, updated_at: new Date() }))
      .execute();
  }
}

function stateOf(
  definition: FeatureFlagDefinition,
  persisted: boolean | undefined,
): FeatureFlagState {
  return {
    definition,
    persisted: persisted ?? null,
    enabled: persisted ?? definition.defaultEnabled,
  };
}
