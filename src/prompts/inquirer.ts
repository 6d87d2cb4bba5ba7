import { CancelledError } from '../errors.ts';
import type { InputQuestion, PromptAdapter, SelectQuestion } from './adapter.ts';

export interface PromptStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** The names @inquirer/core gives its errors for Ctrl-C, an aborted signal and `.cancel()`. */
const CANCELLATIONS: ReadonlySet<string> = new Set([
  'ExitPromptError',
  'AbortPromptError',
  'CancelPromptError',
]);

/**
 * Prompts on a terminal with @inquirer/prompts, imported on the first question only, so runs
 * that ask nothing never load it. Prompts are drawn on `output` (stderr), keeping stdout for results.
 */
export function inquirerPrompts(streams: PromptStreams): PromptAdapter {
  return {
    async select<T extends string>(question: SelectQuestion<T>): Promise<T> {
      const { select } = await import('@inquirer/prompts');
      const choices = question.choices.map((choice) => ({
        value: choice.value,
        name: choice.value,
        description: choice.description,
        disabled: choice.disabled ?? false,
      }));
      return cancellable(() =>
        select({ message: question.message, choices, default: question.default }, streams),
      );
    },
    async input(question: InputQuestion): Promise<string> {
      const { input } = await import('@inquirer/prompts');
      return cancellable(() =>
        input(
          {
            message: question.message,
            default: question.default,
            validate: question.validate ?? (() => true),
          },
          streams,
        ),
      );
    },
  };
}

async function cancellable<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (isCancellation(error)) throw new CancelledError({ cause: error });
    throw error;
  }
}

export function isCancellation(error: unknown): boolean {
  return (
    error instanceof CancelledError || (error instanceof Error && CANCELLATIONS.has(error.name))
  );
}
