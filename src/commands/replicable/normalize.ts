import { pascalCase } from 'change-case';
import { MissingOptionsError, RefusedError } from '../../errors.ts';
import { checkName, names, pluralIsIndistinct, type Names } from '../../naming/names.ts';
import { guessPlural } from '../../naming/plural.ts';
import { askText, choiceOrAsk } from '../../options/ask.ts';
import { missingRequired, usageOf } from '../../options/descriptor.ts';
import type { PromptAdapter } from '../../prompts/adapter.ts';
import {
  REPLICABLE_OPTIONS,
  type GivenReplicableOptions,
  type ReplicableOptions,
} from './options.ts';

export interface NormalizeContext {
  /** Someone can answer: a terminal, no `--yes`, no CI. */
  readonly interactive: boolean;
  readonly prompts: PromptAdapter;
  /** A note for the user (stderr); never a question. */
  readonly warn: (message: string) => void;
}

export interface NormalizedReplicable {
  readonly options: ReplicableOptions;
  readonly names: Names;
}

const table = REPLICABLE_OPTIONS;

/**
 * Turns what the command line gave into complete options and names before anything is planned:
 * on a terminal the missing values are asked for; otherwise every missing value is reported in
 * one MissingOptionsError. Nothing here waits for input that cannot come.
 */
export async function normalizeReplicableOptions(
  given: GivenReplicableOptions,
  context: NormalizeContext,
): Promise<NormalizedReplicable> {
  return context.interactive ? ask(given, context) : resolveWithoutAsking(given, context);
}

async function ask(
  given: GivenReplicableOptions,
  { prompts }: NormalizeContext,
): Promise<NormalizedReplicable> {
  const name =
    given.name ??
    (await askText(table.name, prompts, { validate: (value) => accepts(() => checkName(value)) }));
  const words = checkName(name);

  // Only a plural pluralize is unsure of is asked for (an indistinct one is never "regular").
  const guess = guessPlural(words);
  const plural =
    given.plural ??
    (guess.kind === 'regular'
      ? undefined
      : await askText(table.plural, prompts, {
          message: `Plural of ${pascalCase(words.join(' '))}? (${guess.reason})`,
          default: pascalCase(guess.words.join(' ')),
          validate: (value) => accepts(() => names(name, { plural: value })),
        }));

  const strategy = await choiceOrAsk(table.strategy, given.strategy, prompts);
  const owner = await choiceOrAsk(table.owner, given.owner, prompts);
  const verificationTable = await choiceOrAsk(
    table.verificationTable,
    given.verificationTable,
    prompts,
  );

  return resolved(given, { name, plural, strategy, owner, verificationTable });
}

function resolveWithoutAsking(
  given: GivenReplicableOptions,
  { warn }: NormalizeContext,
): NormalizedReplicable {
  const missing = missingRequired(table, given);
  if (given.name !== undefined && given.plural === undefined) {
    const words = checkName(given.name);
    const guess = guessPlural(words);
    const singular = pascalCase(words.join(' '));
    if (pluralIsIndistinct(words, guess.words)) {
      missing.push(`${usageOf(table.plural)} (the plural of ${singular} cannot be guessed)`);
    } else if (guess.kind !== 'regular') {
      warn(
        `using the plural ${pascalCase(guess.words.join(' '))} for ${singular}: ${guess.reason}; ` +
          'pass --plural to change it',
      );
    }
  }
  const { name, strategy } = given;
  if (missing.length > 0 || name === undefined || strategy === undefined) {
    throw new MissingOptionsError(missing);
  }
  return resolved(given, {
    name,
    plural: given.plural,
    strategy,
    owner: given.owner ?? table.owner.default,
    verificationTable: given.verificationTable ?? table.verificationTable.default,
  });
}

type Answers = Pick<
  ReplicableOptions,
  'name' | 'plural' | 'strategy' | 'owner' | 'verificationTable'
>;

function resolved(given: GivenReplicableOptions, answers: Answers): NormalizedReplicable {
  const options: ReplicableOptions = {
    ...answers,
    table: given.table,
    root: given.root,
    dryRun: given.dryRun ?? false,
    force: given.force ?? false,
    yes: given.yes ?? false,
    json: given.json ?? false,
  };
  return {
    options,
    names: names(options.name, { plural: options.plural, table: options.table }),
  };
}

/** Adapts a throwing check to a prompt validator: the error's message is shown while re-asking. */
function accepts(check: () => unknown): true | string {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof RefusedError) return error.message.split('\n')[0] ?? error.message;
    throw error;
  }
}
