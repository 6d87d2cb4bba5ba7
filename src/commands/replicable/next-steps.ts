import { relative } from 'node:path';
import type { Names } from '../../naming/names.ts';
import type { FileChange } from '../../tree/tree.ts';

/**
 * What to do once `geo-gen replicable` has written a data type, for stderr: migrate both
 * databases, run the specs it wrote, turn replication on at the primary, and release it once it
 * replicates and verifies. Commands run in the host (named when it is not the current directory).
 */
export function nextSteps(
  names: Names,
  changes: readonly FileChange[],
  where: { readonly root: string; readonly cwd: string },
): string {
  const specs = changes
    .filter((change) => change.kind !== 'DELETE' && /\.(test|spec)\.ts$/.test(change.path))
    .map((change) => change.path);
  const host = relative(where.cwd, where.root);
  const steps: [string, string][] = [
    ['run the migrations', 'npx geo-runtime db:migrate && npx geo-runtime db:migrate --tracking'],
  ];
  if (specs.length > 0)
    steps.push(['run the generated specs', `npx vitest run ${specs.join(' ')}`]);
  steps.push(
    ['enable replication on the primary', `npx geo-runtime flag:enable ${names.featureFlag}`],
    ['when it replicates and verifies', `npx geo-gen release ${names.className}`],
  );
  const width = Math.max(...steps.map(([what]) => what.length)) + 1;
  return (
    `\nNext steps${host === '' ? '' : ` (in ${host})`}:\n` +
    steps
      .map(([what, command], index) => `  ${index + 1}. ${`${what}:`.padEnd(width)}  ${command}\n`)
      .join('')
  );
}
