import type { GivenOptions, OptionTable } from '../../options/descriptor.ts';

/** Every option of `geo-gen release`, described once. */
export const RELEASE_OPTIONS = {
  name: {
    kind: 'argument',
    valueName: 'Name',
    required: true,
    description: 'the data type to release, in any case: CoolWidget, cool_widget, "Cool Widget"',
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
    description: 'print what would change, with a diff per file; write nothing',
  },
  json: {
    kind: 'boolean',
    flag: 'json',
    description: 'print only {"created": [...], "updated": [...]} on stdout; messages go to stderr',
  },
} as const satisfies OptionTable;

export type GivenReleaseOptions = GivenOptions<typeof RELEASE_OPTIONS>;
