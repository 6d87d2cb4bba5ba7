import { relative } from 'node:path';

/** What the next steps depend on. */
export interface InitNextStepsInput {
  readonly root: string;
  readonly cwd: string;
  readonly runtimePackage: string;
  /** Packages the application must install, production first: `geo-runtime`, `vitest`. */
  readonly missing: { readonly dependencies: readonly string[]; readonly dev: readonly string[] };
  /** Set when geo-runtime loads the application's compiled modules (tsc must run first). */
  readonly outDir: string | undefined;
}

/**
 * What to do once `geo-gen init` has set Geo up, for stderr: install what is missing, add a data
 * type, build, migrate both databases and run the specs. Commands run in the application (named
 * when it is not the current directory).
 */
export function initNextSteps(input: InitNextStepsInput): string {
  const { missing, runtimePackage } = input;
  const installs = [
    ...(missing.dependencies.length > 0 ? [`npm install ${missing.dependencies.join(' ')}`] : []),
    ...(missing.dev.length > 0 ? [`npm install --save-dev ${missing.dev.join(' ')}`] : []),
  ];
  const steps: [string, string][] = [];
  if (installs.length > 0) steps.push(['install what Geo needs', installs.join(' && ')]);
  steps.push(['add a data type', 'npx geo-gen replicable <Name> --strategy blob']);
  if (input.outDir !== undefined) {
    steps.push([`build it (${runtimePackage} loads ${input.outDir}/)`, 'npx tsc']);
  }
  steps.push(
    [
      'run the migrations',
      `npx ${runtimePackage} db:migrate && npx ${runtimePackage} db:migrate --tracking`,
    ],
    ['run the specs', 'npx vitest run'],
  );
  const width = Math.max(...steps.map(([what]) => what.length)) + 1;
  const app = relative(input.cwd, input.root);
  return (
    `\nNext steps${app === '' ? '' : ` (in ${app})`}:\n` +
    steps
      .map(([what, command], index) => `  ${index + 1}. ${`${what}:`.padEnd(width)}  ${command}\n`)
      .join('')
  );
}
