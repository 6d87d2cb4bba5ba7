import type { TestProject } from 'vitest/node';
import { setUpTestServices } from './global-setup.ts';

/**
 * The end-to-end tests' services: PostgreSQL templates and Redis, no PGlite snapshots (these
 * tests start PGlite, if at all, in processes of their own).
 */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setUpTestServices(project, { pgliteSnapshots: false });
}
