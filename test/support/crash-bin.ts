import { fileURLToPath } from 'node:url';
import type { ReplicablePatch } from '../../src/commands/replicable/context.ts';
import { main } from '../../src/main.ts';

/** Where this launcher is, for `node --import tsx <CRASH_BIN> ...`. */
export const CRASH_BIN = fileURLToPath(import.meta.url);

/** Files the launcher's patch changes, relative to the host root. */
export const REPLACED_BY_PATCH = 'docs/crash-test.txt';
export const DELETED_BY_PATCH = 'docs/obsolete.txt';
/** A file the templates write too, so `--force` replaces it. */
export const REPLACED_BY_TEMPLATE = 'config/cool-widget.txt';

/** Replaces one file and deletes another, so that a plan holds every kind of change. */
const everyKind: ReplicablePatch = (tree) => {
  tree.write(
    REPLACED_BY_PATCH,
    `${tree.read(REPLACED_BY_PATCH) ?? ''}\nPatched by a crash test.\n`,
  );
  if (tree.exists(DELETED_BY_PATCH)) tree.delete(DELETED_BY_PATCH);
};

/**
 * `bin/geo-gen.cjs` in a process of its own, for tests that kill it: the real main(), with a few
 * text and binary templates (nothing to parse back, so a run is quick), a fixed clock, and the
 * patch above instead of the host-list patches: a `replicable` run creates files in new
 * folders, replaces two files and deletes one, the same bytes every time.
 */
async function run(): Promise<void> {
  process.exitCode = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: false,
    env: process.env,
    replicableSeams: {
      templatesDir: fileURLToPath(new URL('../fixtures/crash-templates', import.meta.url)),
      now: () => new Date(Date.UTC(2031, 5, 15, 12, 0, 0)),
      patches: [everyKind],
    },
  });
}

if (process.argv[1] === CRASH_BIN) await run();
