import type { TestProject } from 'vitest/node';
import { setUpTestServices } from './global-setup.ts';
import { RUNTIME_ROOT } from './postgres-templates.ts';

/**
 * The end-to-end tests' services: PostgreSQL templates and Redis, no PGlite snapshots (these
 * tests start PGlite, if at all, in processes of their own). Their project's root is the
 * repository's, but the application they run is runtime/'s host.
 */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setUpTestServices(project, { root: RUNTIME_ROOT, pgliteSnapshots: false });
}
