import { OWNERS, STRATEGIES, VERIFICATION_TABLES } from '../../generate/strategies.ts';
import type { GivenOptions, OptionTable, ResolvedOptions } from '../../options/descriptor.ts';

/**
 * Every option of `geo-gen replicable`, described once. Keys are the camelCase names commander
 * derives from the flags. Kept free of heavy imports: `cli.ts` loads it to build `--help`.
 */
export const REPLICABLE_OPTIONS = {
  name: {
    kind: 'argument',
    valueName: 'Name',
    required: true,
    description:
      'the model to replicate, in any case: CoolWidget, cool_widget, cool-widget, "Cool Widget"',
    prompt: 'Which model should Geo replicate? (e.g. CoolWidget)',
  },
  strategy: {
    kind: 'choice',
    flag: 'strategy',
    valueName: 'strategy',
    choices: STRATEGIES,
    choiceHelp: { blob: 'files written by an uploader', repository: 'git repositories' },
    suggested: 'blob',
    required: true,
    description: 'how the data is stored, and so how it is copied between sites',
    prompt: 'How is the data stored?',
  },
  owner: {
    kind: 'choice',
    flag: 'owner',
    valueName: 'owner',
    choices: OWNERS,
    choiceHelp: {
      project: 'project_id; follows its project under selective sync',
      namespace: 'namespace_id, e.g. a group; follows the namespace and its descendants',
      none: 'the instance; replicated under any selective sync',
    },
    default: 'project',
    description: 'who a record belongs to, which decides what selective sync replicates',
    prompt: 'Who does a record belong to?',
  },
  verificationTable: {
    kind: 'choice',
    flag: 'verification-table',
    valueName: 'table',
    choices: VERIFICATION_TABLES,
    choiceHelp: {
      inline: 'columns on the model table, option 1',
      separate: 'a <name>_states table, option 2, for large or wide tables',
    },
    default: 'inline',
    description: "where the primary keeps each record's verification state",
    prompt: 'Where should the primary keep verification state?',
  },
  plural: {
    kind: 'string',
    flag: 'plural',
    valueName: 'word',
    defaultHelp: "pluralize's plural of the name, asked on a terminal when irregular",
    description: 'the plural of the whole name, e.g. People',
    prompt: 'Plural of the name?',
  },
  table: {
    kind: 'string',
    flag: 'table',
    valueName: 'name',
    defaultHelp: 'the snake_case plural of the name, e.g. cool_widgets',
    description: "the model's table, when it does not follow the name (e.g. ci_job_artifacts)",
  },
  root: {
    kind: 'string',
    flag: 'root',
    valueName: 'dir',
    defaultHelp:
      'the nearest directory with geo.config.json, from the current one up, else ./runtime',
    description: 'the host application to write into',
  },
  dryRun: {
    kind: 'boolean',
    flag: 'dry-run',
    description: 'print what would be created and updated, with a diff per update; write nothing',
  },
  force: {
    kind: 'boolean',
    flag: 'force',
    description:
      'overwrite files that already exist; a migration already there under the same name is rewritten in place',
  },
  yes: {
    kind: 'boolean',
    flag: 'yes',
    description: 'never prompt: use the defaults and fail listing every missing value',
  },
  json: {
    kind: 'boolean',
    flag: 'json',
    description: 'print only {"created": [...], "updated": [...]} on stdout; messages go to stderr',
  },
} as const satisfies OptionTable;

export type ReplicableOptionTable = typeof REPLICABLE_OPTIONS;
/** What `geo-gen replicable` was given on the command line. */
export type GivenReplicableOptions = GivenOptions<ReplicableOptionTable>;
/** The options once asked for, defaulted and checked. */
export type ReplicableOptions = ResolvedOptions<ReplicableOptionTable>;

export const REPLICABLE_EXAMPLES = [
  [
    'geo-gen replicable CoolWidget --strategy blob',
    'generate, asking for anything else on a terminal',
  ],
  [
    'geo-gen replicable cool_widget --strategy blob --verification-table separate --yes',
    'never ask',
  ],
  [
    'geo-gen replicable Person --strategy blob --plural People --dry-run',
    'show the plan and diffs only',
  ],
  [
    'geo-gen replicable GroupUpload --strategy blob --owner namespace --yes',
    'records of a group, selected by namespace',
  ],
  [
    'geo-gen replicable JobArtifact --strategy blob --table ci_job_artifacts --yes',
    'a model whose table does not follow its name',
  ],
  [
    'geo-gen replicable Gizmo --strategy repository --yes',
    'a model that owns a git repository per record',
  ],
  ['geo-gen replicable CoolWidget --strategy blob --yes --json', 'machine-readable list of paths'],
] as const;
