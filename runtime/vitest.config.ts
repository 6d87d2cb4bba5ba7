import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'runtime',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'app/**/*.test.ts', 'test/**/*.test.ts'],
    // The end-to-end tests are a project of the repository's config (run by npm test there).
    exclude: [...configDefaults.exclude, 'test/**/*.e2e.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    // PGlite takes seconds to start; each file shares one instance per engine and target.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
