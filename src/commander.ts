import { createRequire } from 'node:module';
import type * as Commander from 'commander';

/**
 * commander, for every module that uses it at run time. Loaded with `require`: its ECMAScript
 * entry wraps the CommonJS one, which Node then scans for its exports, a cost every run pays,
 * `--help` included.
 */
const commander: typeof Commander = createRequire(import.meta.url)('commander');

export const { Command, CommanderError, InvalidArgumentError, Option } = commander;
export type Command = Commander.Command;
export type CommanderError = Commander.CommanderError;
export type Option = Commander.Option;
