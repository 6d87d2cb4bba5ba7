import type { GivenOptions, OptionTable } from '../../options/descriptor.ts';

/** Every option of `geo-gen check`, described once (flags, help and types derive from it). */
export const CHECK_OPTIONS = {
  root: {
    kind: 'string',
    flag: 'root',
    valueName: 'dir',
    defaultHelp:
      'the nearest directory with geo.config.json, from the current one up, else ./runtime',
    description: 'the host application to check',
  },
  json: {
    kind: 'boolean',
    flag: 'json',
    description:
      'print only one JSON object on stdout: {"ok", "root", "checked", "findings", "excepted"}',
  },
} as const satisfies OptionTable;

export type GivenCheckOptions = GivenOptions<typeof CHECK_OPTIONS>;
