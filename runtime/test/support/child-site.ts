import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LogEntry } from '../../src/log/log-recorder.ts';
import { parseLogLine } from '../../src/log/logger.ts';
import { SOURCE_NODE_ARGS } from './source-node-args.ts';

const RUNTIME_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/geo-runtime', import.meta.url));

/** Children still running: killed if this process exits without stopping them (a crashed run). */
const LIVE = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

/** How a site process is launched: this repository's runtime from its sources, by default. */
export interface SiteLaunch {
  /** The `geo-runtime` launcher to run. */
  readonly bin: string;
  /** Node options before it (e.g. the ones that run the TypeScript sources). */
  readonly nodeArgs: readonly string[];
  /** The host application's root: working directory and GEO_ROOT. */
  readonly root: string;
}

const SOURCES: SiteLaunch = { bin: BIN, nodeArgs: SOURCE_NODE_ARGS, root: RUNTIME_ROOT };

/** One `geo-runtime site:start` child process, its output kept line by line. */
export class ChildSite {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();

  private constructor(
    readonly label: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    launch: SiteLaunch,
  ) {
    this.#child = spawn(process.execPath, [...launch.nodeArgs, launch.bin, 'site:start', ...args], {
      cwd: launch.root,
      env: { ...process.env, GEO_ROOT: launch.root, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const [stream, lines] of [
      [this.#child.stdout, this.stdout],
      [this.#child.stderr, this.stderr],
    ] as const) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        for (const wake of this.#waiters) wake();
      });
    }
    LIVE.add(this.#child);
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        LIVE.delete(this.#child);
        resolve({ code, signal });
        for (const wake of this.#waiters) wake();
      });
    });
  }

  static spawn(
    label: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    launch: SiteLaunch = SOURCES,
  ): ChildSite {
    return new ChildSite(label, args, env, launch);
  }

  get pid(): number {
    if (this.#child.pid === undefined) throw new Error(`${this.label} did not start.`);
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Its first line: `listening <url>` or `running <site> without HTTP`. */
  async ready(timeoutMs: number): Promise<string> {
    return this.waitForLine(/^(listening |running )/, timeoutMs);
  }

  /** The first stdout line matching `pattern`, waiting for it up to `timeoutMs`. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.stdout.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (!this.running) {
        throw new Error(`${this.label} exited before printing ${pattern}.\n${this.transcript()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.label} printed no ${pattern} in ${timeoutMs} ms.\n${this.transcript()}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }

  /** Lines of stdout matching `pattern`. */
  lines(pattern: RegExp): string[] {
    return this.stdout.filter((line) => pattern.test(line));
  }

  /** Its log records (stdout's JSON lines) whose fields include `fields`. */
  records(fields: Readonly<Record<string, unknown>>): LogEntry[] {
    return this.stdout.flatMap((line) => {
      const entry = parseLogLine(line);
      return entry !== undefined &&
        Object.entries(fields).every(([key, value]) => entry[key] === value)
        ? [entry]
        : [];
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.pid, signal);
  }

  /** SIGTERM, and SIGKILL if it has not exited within `graceMs`. Safe on a dead process. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGCONT'); // A stopped process would only see SIGTERM once continued.
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The output so far, for failure messages. */
  transcript(): string {
    const tail = (lines: string[]) =>
      lines
        .slice(-40)
        .map((line) => `  ${line}`)
        .join('\n');
    return `--- ${this.label} stdout ---\n${tail(this.stdout)}\n--- ${this.label} stderr ---\n${tail(this.stderr)}`;
  }
}
