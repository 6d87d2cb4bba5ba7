/**
 * The only way commands ask the user anything. The real adapter (`inquirer.ts`) loads
 * @inquirer/prompts on first use; tests pass a scripted one. Implementations throw
 * CancelledError when the user cancels (Ctrl-C), so callers never see library errors.
 */
export interface PromptAdapter {
  select<T extends string>(question: SelectQuestion<T>): Promise<T>;
  input(question: InputQuestion): Promise<string>;
}

export interface SelectChoice<T extends string> {
  readonly value: T;
  readonly description?: string | undefined;
  /** Shown but not selectable; the text says why. */
  readonly disabled?: string | undefined;
}

export interface SelectQuestion<T extends string> {
  readonly message: string;
  readonly choices: readonly SelectChoice<T>[];
  readonly default?: T | undefined;
}

export interface InputQuestion {
  readonly message: string;
  readonly default?: string | undefined;
  /** `true` to accept the answer, or the message shown while asking again. */
  readonly validate?: ((value: string) => true | string) | undefined;
}
