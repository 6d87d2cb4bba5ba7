import {
  camelCase,
  capitalCase,
  constantCase,
  kebabCase,
  pascalCase,
  snakeCase,
  split,
} from 'change-case';
import { articleFor, type Article } from './article.ts';
import { InvalidNameError } from './errors.ts';
import { guessPlural } from './plural.ts';
import { reservedReason } from './reserved-words.ts';
import { RUNTIME_EXPORTS } from './runtime-exports.ts';
import { sqlIdentifier } from './sql-identifier.ts';
import { checkTableName } from './table-name.ts';
import {
  TEMPLATE_IDENTIFIERS,
  TEMPLATE_IMPORTS,
  type TemplateIdentifier,
} from './template-identifiers.ts';
import { wordsOf } from './words.ts';

/**
 * Every spelling of one data type that the CoolWidget template (`004`) uses, shown for
 * `names('CoolWidget')`. Templates read them as `names.<key>`, and template paths as `__<key>__`.
 */
export interface Names {
  /** The replicable name, `cool_widget` (`geo_<name>_replication`, `<name>_states`). */
  readonly name: string;
  readonly className: string; // CoolWidget
  readonly title: string; // Cool Widget
  readonly humanName: string; // cool widget
  readonly snakeName: string; // cool_widget
  readonly camelName: string; // coolWidget
  readonly fileName: string; // cool-widget
  readonly constantName: string; // COOL_WIDGET
  /** The indefinite article of the human name, for prose: `a` (cool widget), `an` (upload). */
  readonly article: Article;
  readonly humanNameWithArticle: string; // a cool widget

  readonly classNamePlural: string; // CoolWidgets
  readonly titlePlural: string; // Cool Widgets
  readonly humanNamePlural: string; // cool widgets
  readonly snakeNamePlural: string; // cool_widgets
  readonly camelNamePlural: string; // coolWidgets
  readonly fileNamePlural: string; // cool-widgets
  readonly constantNamePlural: string; // COOL_WIDGETS

  /**
   * The model's table in the main database, `cool_widgets`, or the one given (`--table`). Every
   * SQL identifier derived from the name (tables, the foreign key column) is shortened to
   * PostgreSQL's 63 bytes by `sqlIdentifier`; a given table is checked instead (`checkTableName`).
   */
  readonly tableName: string;
  readonly foreignKey: string; // cool_widget_id
  readonly foreignKeyCamel: string; // coolWidgetId
  readonly uploaderClass: string; // CoolWidgetUploader
  readonly uploaderFileName: string; // cool-widget-uploader

  readonly replicatorClass: string; // CoolWidgetReplicator
  readonly replicatorFileName: string; // cool-widget-replicator
  readonly featureFlag: string; // geo_cool_widget_replication

  /** The registry table in the tracking database, `cool_widget_registry`. */
  readonly registryTable: string;
  readonly registryClass: string; // CoolWidgetRegistry
  readonly registryCamel: string; // coolWidgetRegistry
  readonly registryFileName: string; // cool-widget-registry
  readonly registryFactory: string; // geo_cool_widget_registry
  readonly registriesField: string; // coolWidgetRegistries (GraphQL field)
  readonly registriesSnake: string; // cool_widget_registries
  readonly registryTypeClass: string; // CoolWidgetRegistryType
  readonly registriesResolverClass: string; // CoolWidgetRegistriesResolver
  readonly registryFinderClass: string; // CoolWidgetRegistryFinder

  /** Option 2 of `004`: verification state in its own table, `cool_widget_states`. */
  readonly statesTable: string;
  readonly stateClass: string; // CoolWidgetState
  readonly stateFileName: string; // cool-widget-state
  readonly stateCamel: string; // coolWidgetState
}

export type NameKey = keyof Names;

export interface NamesOptions {
  /** The plural of the whole name in any case (`people`, `CoolWidgets`); default: pluralize's. */
  plural?: string | undefined;
  /**
   * The model's table when it does not follow the name (`ci_job_artifacts` for JobArtifact);
   * only the table changes: the registry's table and foreign key still follow the name.
   */
  table?: string | undefined;
}

/**
 * Derives every spelling from one name in any case. Refuses (InvalidNameError) names that are
 * empty, not identifiers, reserved words, whose plural cannot be told from the singular, or whose
 * generated identifiers would shadow what the generated code imports (`Registry`, `GeoSite`).
 *
 * @example names('person').tableName === 'people'; names('Person').registryTable === 'person_registry'
 */
export function names(input: string, options: NamesOptions = {}): Names {
  const words = checkName(input);
  const pluralWords =
    options.plural === undefined ? guessPlural(words).words : wordsOf(options.plural, 'plural');
  const singular = words.join(' ');
  const plural = pluralWords.join(' ');

  if (pluralIsIndistinct(words, pluralWords)) {
    throw options.plural === undefined
      ? new InvalidNameError(
          input,
          `its plural cannot be told apart from the singular (pluralize gives "${plural}"); ` +
            `pass --plural with a distinct plural, e.g. --plural ${pascalCase(singular)}Items`,
        )
      : new InvalidNameError(
          options.plural,
          `it is the same as the singular "${singular}"`,
          'plural',
        );
  }
  // A guessed plural is the name's fault; a given one is the --plural's.
  const pluralIdentifiers = [pascalCase(plural), camelCase(plural)];
  if (options.plural === undefined) refuseReserved(input, 'name', pluralIdentifiers);
  else refuseReserved(options.plural, 'plural', pluralIdentifiers);

  const table = options.table === undefined ? undefined : checkTableName(options.table);
  const spelled = spell(words, pluralWords, { table, leading: leadingWord(input) });
  const given = options.plural;
  refuseShadowing(
    spelled,
    TEMPLATE_IDENTIFIERS.map((pattern) =>
      given !== undefined && PLURAL_KEYS.has(pattern.key)
        ? { pattern, input: given, role: 'plural' }
        : { pattern, input, role: 'name' },
    ),
  );
  return spelled;
}

/**
 * The first word as typed (`SSH` of `SSHKey`), so an acronym keeps the article of its letters;
 * in a name all in capitals (`UPLOAD_FILE`) the case says nothing, so the word is read as a word.
 */
function leadingWord(input: string): string {
  const first = split(input.trim())[0] ?? input;
  return /[a-z]/.test(input) ? first : first.toLowerCase();
}

/** Every spelling of a data type from the words of its singular and plural, unchecked. */
function spell(
  words: readonly string[],
  pluralWords: readonly string[],
  given: { readonly table?: string | undefined; readonly leading?: string } = {},
): Names {
  const singular = words.join(' ');
  const article = articleFor(given.leading ?? singular);
  const plural = pluralWords.join(' ');
  const snakeName = snakeCase(singular);
  const className = pascalCase(singular);
  const camelName = camelCase(singular);
  const fileName = kebabCase(singular);
  const snakeNamePlural = snakeCase(plural);

  return Object.freeze({
    name: snakeName,
    className,
    title: capitalCase(singular),
    humanName: singular,
    snakeName,
    camelName,
    fileName,
    constantName: constantCase(singular),
    article,
    humanNameWithArticle: `${article} ${singular}`,

    classNamePlural: pascalCase(plural),
    titlePlural: capitalCase(plural),
    humanNamePlural: plural,
    snakeNamePlural,
    camelNamePlural: camelCase(plural),
    fileNamePlural: kebabCase(plural),
    constantNamePlural: constantCase(plural),

    tableName: given.table ?? sqlIdentifier(snakeNamePlural),
    foreignKey: sqlIdentifier(snakeName, 'id'),
    foreignKeyCamel: `${camelName}Id`,
    uploaderClass: `${className}Uploader`,
    uploaderFileName: `${fileName}-uploader`,

    replicatorClass: `${className}Replicator`,
    replicatorFileName: `${fileName}-replicator`,
    featureFlag: `geo_${snakeName}_replication`,

    registryTable: sqlIdentifier(snakeName, 'registry'),
    registryClass: `${className}Registry`,
    registryCamel: `${camelName}Registry`,
    registryFileName: `${fileName}-registry`,
    registryFactory: `geo_${snakeName}_registry`,
    registriesField: `${camelName}Registries`,
    registriesSnake: `${snakeName}_registries`,
    registryTypeClass: `${className}RegistryType`,
    registriesResolverClass: `${className}RegistriesResolver`,
    registryFinderClass: `${className}RegistryFinder`,

    statesTable: sqlIdentifier(snakeName, 'states'),
    stateClass: `${className}State`,
    stateFileName: `${fileName}-state`,
    stateCamel: `${camelName}State`,
  });
}

/** The spellings that depend on the plural (found by spelling one name with two plurals). */
const PLURAL_KEYS: ReadonlySet<NameKey> = (() => {
  const one = spell(['cool', 'widget'], ['cool', 'widgets']);
  const other = spell(['cool', 'widget'], ['cool', 'gadgets']);
  return new Set((Object.keys(one) as NameKey[]).filter((key) => one[key] !== other[key]));
})();

/** Why a generated identifier cannot be declared, or undefined when it can. */
type ShadowCheck = (identifier: string) => string | undefined;

/**
 * The checks in the order their reasons are given: a clash with an import of the same file is
 * the more telling reason (`Blob` gives `BlobReplicator`), so it is looked for first.
 */
const SHADOW_CHECKS: readonly ShadowCheck[] = [
  (identifier) =>
    Object.hasOwn(TEMPLATE_IMPORTS, identifier)
      ? `the generated code would declare \`${identifier}\`, which shadows the \`${identifier}\` it imports from ${TEMPLATE_IMPORTS[identifier]}`
      : undefined,
  (identifier) =>
    RUNTIME_EXPORTS.has(identifier)
      ? `the generated code would declare \`${identifier}\`, a name the runtime exports, so the two could not be imported together`
      : undefined,
];

/** Refuses a name whose generated identifier would shadow an import or a runtime export. */
function refuseShadowing(
  spelled: Names,
  patterns: readonly {
    readonly pattern: TemplateIdentifier;
    readonly input: string;
    readonly role: 'name' | 'plural';
  }[],
): void {
  for (const check of SHADOW_CHECKS) {
    for (const { pattern, input, role } of patterns) {
      const reason = check(`${pattern.prefix}${spelled[pattern.key]}${pattern.suffix}`);
      if (reason !== undefined) throw new InvalidNameError(input, reason, role);
    }
  }
}

/**
 * Checks the singular alone (for a prompt, before the plural is known) and returns its words.
 * Throws InvalidNameError for an empty, non-identifier or reserved name.
 */
export function checkName(input: string): string[] {
  const words = wordsOf(input, 'name');
  const singular = words.join(' ');
  refuseReserved(input, 'name', [pascalCase(singular), camelCase(singular)]);
  // The identifiers of the singular alone; those of the plural are checked once it is known.
  const spelled = spell(words, words);
  refuseShadowing(
    spelled,
    TEMPLATE_IDENTIFIERS.filter((pattern) => !PLURAL_KEYS.has(pattern.key)).map((pattern) => ({
      pattern,
      input,
      role: 'name',
    })),
  );
  return words;
}

/** The plural spellings of a name would equal the singular ones (sheep, data, news). */
export function pluralIsIndistinct(
  words: readonly string[],
  pluralWords: readonly string[],
): boolean {
  return snakeCase(words.join(' ')) === snakeCase(pluralWords.join(' '));
}

function refuseReserved(
  input: string,
  role: 'name' | 'plural',
  identifiers: readonly string[],
): void {
  for (const identifier of identifiers) {
    const reason = reservedReason(identifier);
    if (reason !== undefined) throw new InvalidNameError(input, reason, role);
  }
}
