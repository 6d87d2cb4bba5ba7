import { VERIFICATION_TABLES } from '../../generate/strategies.ts';
import type { GivenOptions, OptionTable } from '../../options/descriptor.ts';

/** Every option of `geo-gen remove`, described once. */
export const REMOVE_OPTIONS = {
  name: {
    kind: 'argument',
    valueName: 'Name',
    required: true,
    description: 'the data type to remove, as given to geo-gen replicable (any case)',
  },
  plural: {
    kind: 'string',
    flag: 'plural',
    valueName: 'word',
    defaultHelp: "the plural the replicator declares, else pluralize's",
    description: 'the plural given to geo-gen replicable, if any',
  },
  verificationTable: {
    kind: 'choice',
    flag: 'verification-table',
    valueName: 'table',
    choices: VERIFICATION_TABLES,
    choiceHelp: {
      inline: 'columns on the model table, option 1',
      separate: 'a <name>_states table, option 2',
    },
    description: 'the verification layout it was generated with (default: told from the files)',
  },
  root: {
    kind: 'string',
    flag: 'root',
    valueName: 'dir',
    defaultHelp:
      'the nearest directory with geo.config.json, from the current one up, else ./runtime',
    description: 'the host application to change',
  },
  dryRun: {
    kind: 'boolean',
    flag: 'dry-run',
    description: 'print what would be deleted and updated, with a diff per update; write nothing',
  },
  force: {
    kind: 'boolean',
    flag: 'force',
    description: 'also delete generated files that were changed since they were generated',
  },
  json: {
    kind: 'boolean',
    flag: 'json',
    description:
      'print only {"created": [], "updated": [...], "deleted": [...]} on stdout; messages go to stderr',
  },
} as const satisfies OptionTable;

export type GivenRemoveOptions = GivenOptions<typeof REMOVE_OPTIONS>;
