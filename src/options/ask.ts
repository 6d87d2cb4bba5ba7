import type { PromptAdapter } from '../prompts/adapter.ts';
import type { ArgumentDescriptor, ChoiceDescriptor, StringDescriptor } from './descriptor.ts';

/**
 * The value of a choice on a terminal: the one given, else its default (an option with a
 * default is never asked for: the flag changes it), else the user's answer.
 */
export async function choiceOrAsk<C extends string>(
  descriptor: ChoiceDescriptor<C>,
  given: C | undefined,
  prompts: PromptAdapter,
): Promise<C> {
  return given ?? descriptor.default ?? (await askChoice(descriptor, prompts));
}

/** Asks for a choice with the descriptor's prompt, each choice with its help. */
export function askChoice<C extends string>(
  descriptor: ChoiceDescriptor<C>,
  prompts: PromptAdapter,
): Promise<C> {
  return prompts.select<C>({
    message: descriptor.prompt ?? descriptor.description,
    choices: descriptor.choices.map((value) => ({
      value,
      description: descriptor.choiceHelp?.[value],
    })),
    default: descriptor.suggested,
  });
}

export interface AskTextOptions {
  /** Replaces the descriptor's prompt when the question depends on earlier answers. */
  readonly message?: string;
  readonly default?: string;
  readonly validate?: (value: string) => true | string;
}

/** Asks for free text (a name, a plural) with the descriptor's prompt. */
export function askText(
  descriptor: ArgumentDescriptor | StringDescriptor,
  prompts: PromptAdapter,
  options: AskTextOptions = {},
): Promise<string> {
  return prompts.input({
    message: options.message ?? descriptor.prompt ?? descriptor.description,
    default: options.default,
    validate: options.validate,
  });
}
