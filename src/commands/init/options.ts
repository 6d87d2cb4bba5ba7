import type { GivenOptions, OptionTable } from '../../options/descriptor.ts';

/** Every option of `geo-gen init`, described once (flags, help and types derive from it). */
export const INIT_OPTIONS = {
  root: {
    kind: 'string',
    flag: 'root',
    valueName: 'dir',
    defaultHelp: 'the current directory',
    description: 'the TypeScript application to set Geo up in (its package.json and tsconfig.json)',
  },
  dryRun: {
    kind: 'boolean',
    flag: 'dry-run',
    description: 'print what would be created and updated, with a diff per update; write nothing',
  },
  json: {
    kind: 'boolean',
    flag: 'json',
    description:
      'print only {"created": [...], "updated": [...], "kept": [...]} on stdout; messages go to stderr',
  },
} as const satisfies OptionTable;

export type GivenInitOptions = GivenOptions<typeof INIT_OPTIONS>;
