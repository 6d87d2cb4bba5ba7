import { inject } from 'vitest';

/**
 * The root of the application under test (its migration folders, its feature flag definitions):
 * the vitest project's root, which the global setup provides. A project without that setup runs
 * its tests from its root, the working directory.
 */
export function applicationRoot(): string {
  const provided: string | undefined = inject('applicationRoot');
  return provided ?? process.cwd();
}
