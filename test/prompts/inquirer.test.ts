import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.ts';
import { inquirerPrompts } from '../../src/prompts/inquirer.ts';
import { captureStream } from '../support/streams.ts';

/** The real adapter on fake terminal streams: keys go in, the rendered prompt comes out. */
function terminal() {
  const input = new PassThrough();
  const output = captureStream();
  const prompts = inquirerPrompts({ input, output: output.stream });
  /** Types `keys` once the prompt has printed `expected` (the prompt loads lazily). */
  const typeWhenShown = async (expected: string, keys: string): Promise<void> => {
    await expect.poll(() => output.text(), { timeout: 5000 }).toContain(expected);
    input.write(keys);
  };
  return { prompts, output, typeWhenShown };
}

describe('inquirerPrompts', () => {
  it('asks for text, showing the default and re-asking with the validation message', async () => {
    const { prompts, output, typeWhenShown } = terminal();
    const answer = prompts.input({
      message: 'Which model?',
      default: 'CoolWidget',
      validate: (value) => (value === 'class' ? 'reserved word' : true),
    });
    await typeWhenShown('Which model? (CoolWidget)', 'class\r');
    await typeWhenShown('reserved word', '\u0015Person\r');
    await expect(answer).resolves.toBe('Person');
    expect(output.text()).toContain('✔ Which model? Person');
  });

  it('selects a choice, with disabled choices shown but skipped', async () => {
    const { prompts, output, typeWhenShown } = terminal();
    const answer = prompts.select({
      message: 'How is the data stored?',
      choices: [{ value: 'blob' }, { value: 'repository', disabled: 'not supported yet' }],
      default: 'blob',
    });
    await typeWhenShown('How is the data stored?', '\r');
    await expect(answer).resolves.toBe('blob');
    expect(output.text()).toContain('repository not supported yet');
  });

  it('turns Ctrl-C into CancelledError: "cancelled, nothing written"', async () => {
    const { prompts, typeWhenShown } = terminal();
    const answer = prompts.input({ message: 'Which model?' });
    const settled = answer.catch((error: unknown) => error);
    await typeWhenShown('Which model?', '\u0003');
    const error = await settled;
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toHaveProperty('message', 'cancelled, nothing written');
  });
});
