import { configDefaults, defineConfig } from 'vitest/config';
import { sourceAliases } from './vitest.source-aliases.ts';

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    name: 'runtime',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'app/**/*.test.ts', 'test/**/*.test.ts'],
    // The end-to-end tests are a project of the repository's config (run by npm test there).
    exclude: [...configDefaults.exclude, 'test/**/*.e2e.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    // Hang detectors, not speed limits: on a loaded 2-core machine a PGlite start, a child
    // process or a sync can take ten times as long as idle, and that is no failure.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
