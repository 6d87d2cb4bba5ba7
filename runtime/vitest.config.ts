import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'runtime',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'app/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    // PGlite takes seconds to start; each file shares one instance per engine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
