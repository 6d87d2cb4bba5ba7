import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { sourceAliases } from './runtime/vitest.source-aliases.ts';

const E2E = 'e2e';

/** The end-to-end files first: each takes minutes, while the other workers run the fast files. */
class EndToEndFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isE2e = (file: TestSpecification) => file.project.name === E2E;
    return [...sorted.filter(isE2e), ...sorted.filter((file) => !isE2e(file))];
  }
}

// One run covers the CLI (test/, src/), the runtime (its own project config) and the slow
// end-to-end tests of both, reported as a project of their own.
export default defineConfig({
  test: {
    // vitest's default is cores - 1: one worker on a 2-core machine, so the suite ran file after
    // file. Files mostly wait (PGlite start-up, polling, child processes): two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: EndToEndFirstSequencer },
    projects: [
      {
        resolve: { alias: sourceAliases() },
        test: {
          name: 'geo-gen',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.e2e.test.ts'],
          // Hang detectors, as in runtime/vitest.config.ts: child processes are slow on a busy machine.
          testTimeout: 120_000,
        },
      },
      './runtime/vitest.config.ts',
      {
        resolve: { alias: sourceAliases() },
        test: {
          name: E2E,
          include: ['test/e2e/**/*.e2e.test.ts', 'runtime/test/**/*.e2e.test.ts'],
          // PostgreSQL templates and Redis for the multi-process test; the generator's test runs
          // a vitest of its own on a copy of the runtime, whose setup migrates the copy.
          globalSetup: ['./runtime/src/testing/global-setup-e2e.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
