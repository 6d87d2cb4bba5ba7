import { CancelledError } from '../../src/errors.ts';
import type { InputQuestion, PromptAdapter, SelectQuestion } from '../../src/prompts/adapter.ts';

/** Pressing Ctrl-C at this question. */
export const CANCEL = Symbol('cancel');

export interface AskedQuestion {
  readonly kind: 'select' | 'input';
  readonly message: string;
  readonly default: string | undefined;
  readonly choices?: readonly { value: string; disabled?: string | undefined }[];
  /** Answers the question's validator refused, with its message. */
  readonly rejected: { answer: string; message: string }[];
}

export interface ScriptedPrompts extends PromptAdapter {
  readonly asked: AskedQuestion[];
}

/**
 * A prompt adapter answering from a script, in order. An input answer refused by the question's
 * validator is recorded and the next answer is tried, as a user retyping would. An empty string
 * accepts the default. Asking more questions than scripted fails the test.
 */
export function scriptedPrompts(answers: readonly (string | typeof CANCEL)[]): ScriptedPrompts {
  const queue = [...answers];
  const asked: AskedQuestion[] = [];
  const next = (message: string): string => {
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`unexpected question: ${message}`);
    if (answer === CANCEL) throw new CancelledError();
    return answer;
  };
  return {
    asked,
    async select<T extends string>(question: SelectQuestion<T>): Promise<T> {
      asked.push({
        kind: 'select',
        message: question.message,
        default: question.default,
        choices: question.choices,
        rejected: [],
      });
      const answer = next(question.message);
      const choice = question.choices.find(
        (candidate) => candidate.value === (answer || question.default),
      );
      if (choice === undefined) throw new Error(`${answer} is not a choice of ${question.message}`);
      return choice.value;
    },
    async input(question: InputQuestion): Promise<string> {
      const record: AskedQuestion = {
        kind: 'input',
        message: question.message,
        default: question.default,
        rejected: [],
      };
      asked.push(record);
      for (;;) {
        const typed = next(question.message);
        const answer = typed === '' ? (question.default ?? '') : typed;
        const verdict = question.validate?.(answer) ?? true;
        if (verdict === true) return answer;
        record.rejected.push({ answer, message: verdict });
      }
    },
  };
}
