import { defineConfig } from 'vitest/config';

// One run covers the CLI (test/, src/) and the runtime (its own project config).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'geo-gen',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      './runtime/vitest.config.ts',
    ],
  },
});
