import { InvalidArgumentError, Option, type Command } from '../commander.ts';
import {
  helpOf,
  type ChoiceDescriptor,
  type GivenOptions,
  type OptionDescriptor,
  type OptionTable,
} from './descriptor.ts';

/**
 * Declares every descriptor of `table` on `command`. No commander defaults are set: a value that
 * is undefined was not given, which is what decides whether to prompt; defaults are applied when
 * options are normalised, and shown in help from the descriptor.
 */
export function declareOptions(command: Command, table: OptionTable): Command {
  for (const descriptor of Object.values(table)) {
    if (descriptor.kind === 'argument') {
      // Optional for commander: on a terminal a missing name is asked for instead.
      command.argument(`[${descriptor.valueName}]`, helpOf(descriptor));
    } else {
      command.addOption(optionOf(descriptor));
    }
  }
  return command;
}

function optionOf(descriptor: Exclude<OptionDescriptor, { kind: 'argument' }>): Option {
  switch (descriptor.kind) {
    case 'boolean':
      return new Option(`--${descriptor.flag}`, helpOf(descriptor));
    case 'string':
      return new Option(`--${descriptor.flag} <${descriptor.valueName}>`, helpOf(descriptor));
    case 'choice':
      return new Option(
        `--${descriptor.flag} <${descriptor.valueName}>`,
        helpOf(descriptor),
      ).argParser((value: string) => parseChoice(descriptor, value));
  }
}

function parseChoice(descriptor: ChoiceDescriptor, value: string): string {
  if (descriptor.choices.includes(value)) return value;
  throw new InvalidArgumentError(`Allowed choices are ${descriptor.choices.join(', ')}.`);
}

/**
 * Reads back what commander parsed, keyed like the table. Values are checked against their
 * descriptor instead of trusting commander's loosely typed `opts()`.
 */
export function givenOptions<T extends OptionTable>(
  table: T,
  args: readonly unknown[],
  opts: Readonly<Record<string, unknown>>,
): GivenOptions<T> {
  const given: Record<string, string | boolean | undefined> = {};
  let position = 0;
  for (const [key, descriptor] of Object.entries(table)) {
    const raw = descriptor.kind === 'argument' ? args[position++] : opts[key];
    given[key] = valueOf(descriptor, raw);
  }
  // Safe: every key of the table was assigned a value of its descriptor's type above.
  return given as GivenOptions<T>;
}

function valueOf(descriptor: OptionDescriptor, raw: unknown): string | boolean | undefined {
  if (raw === undefined) return descriptor.kind === 'boolean' ? false : undefined;
  if (descriptor.kind === 'boolean') return raw === true;
  if (typeof raw !== 'string') {
    throw new TypeError(`commander gave ${typeof raw} for a ${descriptor.kind} option`);
  }
  return raw;
}
