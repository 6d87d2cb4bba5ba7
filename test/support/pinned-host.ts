import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The runtime's host application as committed (PackageFile only), for tests that expect a host of
 * known content. It lives outside `test/` so that neither vitest nor tsc takes its specs and
 * sources for the generator's own; `test/golden/pinned-host.test.ts` keeps it equal to `runtime/`.
 */
export const PINNED_HOST = fileURLToPath(new URL('../../fixtures/pinned-host', import.meta.url));

/**
 * The parts of a runtime that belong to its host application: what adding, releasing or removing
 * a data type changes. Everything else of a runtime (`src/`, `package.json`, configs) is framework.
 */
export const PINNED_PARTS = ['app', 'config', 'db', 'docs', 'geo.config.json'] as const;

/** Copies the host parts of `from` (the pinned host by default) into the runtime folder `into`. */
export async function copyHostParts(into: string, from: string = PINNED_HOST): Promise<void> {
  for (const part of PINNED_PARTS)
    await cp(join(from, part), join(into, part), { recursive: true });
}
