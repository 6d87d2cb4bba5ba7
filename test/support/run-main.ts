import { PassThrough } from 'node:stream';
import type { ReplicableSeams } from '../../src/cli.ts';
import type { ExitCode } from '../../src/errors.ts';
import { main } from '../../src/main.ts';
import type { PromptAdapter } from '../../src/prompts/adapter.ts';
import { FIXTURE_TEMPLATES } from './host.ts';
import { captureStream } from './streams.ts';

export interface RunOptions {
  readonly cwd: string;
  readonly isTTY?: boolean;
  /** Makes stdout look like a terminal (`isTTY`), as colour decides by it. */
  readonly stdoutIsTTY?: boolean;
  readonly prompts?: PromptAdapter;
  readonly env?: Record<string, string>;
  readonly seams?: ReplicableSeams;
}

export interface RunResult {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

/** The 2031-06-15 12:00:00 UTC clock of every test run. */
export const NOW = new Date(Date.UTC(2031, 5, 15, 12, 0, 0));

/** Runs `geo-gen <argv>` in-process, with the fixture templates and a fixed clock by default. */
export async function runMain(argv: readonly string[], options: RunOptions): Promise<RunResult> {
  const stdout = captureStream();
  const stderr = captureStream();
  if (options.stdoutIsTTY === true) Object.assign(stdout.stream, { isTTY: true });
  const code = await main({
    argv,
    cwd: options.cwd,
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: new PassThrough(),
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    ...(options.prompts ? { prompts: options.prompts } : {}),
    // The machinery's tests use fixture templates and no host-list patches (tested on their own).
    replicableSeams: {
      templatesDir: FIXTURE_TEMPLATES,
      now: () => NOW,
      patches: [],
      ...options.seams,
    },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
