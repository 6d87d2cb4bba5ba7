/**
 * Each option of a command is described once, in a table of these descriptors; the commander
 * flags (`options/commander.ts`), the prompts (`options/ask.ts`), the "missing values" error and
 * the TypeScript options type are all derived from it, so they cannot drift apart.
 */
interface DescriptorBase {
  /** One line for `--help`. */
  readonly description: string;
  /** The question asked on a terminal when the value was not given; no prompt when absent. */
  readonly prompt?: string;
}

/** The positional argument (`geo-gen replicable <Name>`). */
export interface ArgumentDescriptor extends DescriptorBase {
  readonly kind: 'argument';
  readonly valueName: string;
  readonly required: true;
}

/** `--flag <value>` restricted to `choices`. */
export interface ChoiceDescriptor<C extends string = string> extends DescriptorBase {
  readonly kind: 'choice';
  readonly flag: string;
  readonly valueName: string;
  readonly choices: readonly C[];
  /** Shown beside each choice in help and prompts. */
  readonly choiceHelp?: { readonly [K in C]?: string };
  /** Used when the value is not given: an option with a default is never asked for. */
  readonly default?: C;
  /** Pre-selected in the prompt of an option without a default. */
  readonly suggested?: C;
  readonly required?: boolean;
}

/** `--flag <value>`, free text. */
export interface StringDescriptor extends DescriptorBase {
  readonly kind: 'string';
  readonly flag: string;
  readonly valueName: string;
  /** How the default is computed, for `--help`, when it depends on the input. */
  readonly defaultHelp?: string;
  readonly required?: boolean;
}

/** `--flag`, off unless given. */
export interface BooleanDescriptor extends DescriptorBase {
  readonly kind: 'boolean';
  readonly flag: string;
}

export type OptionDescriptor =
  ArgumentDescriptor | ChoiceDescriptor | StringDescriptor | BooleanDescriptor;

export type OptionTable = { readonly [key: string]: OptionDescriptor };

export type ValueOf<D> =
  D extends ChoiceDescriptor<infer C> ? C : D extends BooleanDescriptor ? boolean : string;

/** What the command line gave; anything may be missing. */
export type GivenOptions<T extends OptionTable> = { [K in keyof T]?: ValueOf<T[K]> | undefined };

/** After normalising: required, defaulted and boolean values are always present. */
export type ResolvedOptions<T extends OptionTable> = {
  [K in keyof T]: T[K] extends { required: true } | { default: string } | BooleanDescriptor
    ? ValueOf<T[K]>
    : ValueOf<T[K]> | undefined;
};

/** How the option is written on the command line, for error messages: `--strategy <blob|repository>`. */
export function usageOf(descriptor: OptionDescriptor): string {
  switch (descriptor.kind) {
    case 'argument':
      return `<${descriptor.valueName}> (argument)`;
    case 'choice':
      return `--${descriptor.flag} <${descriptor.choices.join('|')}>`;
    case 'string':
      return `--${descriptor.flag} <${descriptor.valueName}>`;
    case 'boolean':
      return `--${descriptor.flag}`;
  }
}

/** The `--help` line: the description, then choices and the default (or that it is required). */
export function helpOf(descriptor: OptionDescriptor): string {
  const details: string[] = [];
  switch (descriptor.kind) {
    case 'argument':
      // Only an argument with a prompt is asked for (`release` and `remove` never ask).
      details.push(descriptor.prompt === undefined ? 'required' : 'required; asked on a terminal');
      break;
    case 'choice':
      details.push(
        `choices: ${descriptor.choices.map((choice) => choiceLabel(descriptor, choice)).join(', ')}`,
      );
      if (descriptor.default !== undefined) details.push(`default: ${descriptor.default}`);
      else if (descriptor.required === true) details.push('required; asked on a terminal');
      break;
    case 'string':
      if (descriptor.defaultHelp !== undefined) details.push(`default: ${descriptor.defaultHelp}`);
      else if (descriptor.required === true) details.push('required; asked on a terminal');
      break;
    case 'boolean':
      details.push('default: false');
      break;
  }
  return `${descriptor.description} (${details.join('; ')})`;
}

function choiceLabel(descriptor: ChoiceDescriptor, choice: string): string {
  const help = descriptor.choiceHelp?.[choice];
  return help === undefined ? choice : `${choice} [${help}]`;
}

/** The descriptors nobody can be asked for that still have no value, in table order. */
export function missingRequired<T extends OptionTable>(table: T, given: GivenOptions<T>): string[] {
  return Object.entries(table)
    .filter(([key, descriptor]) => isRequired(descriptor) && given[key] === undefined)
    .map(([, descriptor]) => usageOf(descriptor));
}

export function isRequired(descriptor: OptionDescriptor): boolean {
  return descriptor.kind !== 'boolean' && descriptor.required === true;
}
