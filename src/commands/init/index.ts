import type { Palette } from '../../colour.ts';
import { finish, type ChangeNote, type GenerateOutcome } from '../../generate/finish.ts';
import { HOST_CONFIG_FILE, readHostConfig, type HostConfig } from '../../host/config.ts';
import { hostLists } from '../../host/lists.ts';
import { withHostSession, type HostSession } from '../../host/session.ts';
import type { Env, TextOutput } from '../../io.ts';
import type { FlushFs } from '../../tree/flush.ts';
import { Tree } from '../../tree/tree.ts';
import { applicationRoot } from './application.ts';
import { initFiles, initFolders, INIT_TEMPLATES, topFolder } from './artefacts.ts';
import { initialConfig } from './config-file.ts';
import { initNextSteps } from './next-steps.ts';
import type { GivenInitOptions } from './options.ts';
import { declares, moduleTypeNote, readPackageJson, useModuleType } from './package-type.ts';
import { planInitFiles, planInitFolders, type KeptFile } from './plan.ts';
import { compilesFolder, readAppTypeScript, type AppTypeScript } from './typescript-config.ts';

export interface InitCommandOptions {
  readonly given: GivenInitOptions;
  /** Where geo-gen runs: the application unless --root names another directory. */
  readonly cwd: string;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Colours for the change list and diffs (`colour.ts`); none by default. */
  readonly palette?: Palette;
  /** Read for the lock's wait (and the crash test hook); none by default. */
  readonly env?: Env;
  // Defaults below are the real ones; tests replace them.
  readonly templatesDir?: string;
  readonly fs?: FlushFs;
}

/**
 * `geo-gen init`: sets Geo up in an existing TypeScript application, as `geo-gen replicable`
 * then expects it: geo.config.json (from its tsconfig.json), the lists replicable patches, the
 * docs tables, the status spec, a vitest configuration with the testing kit's global set-up,
 * the migration and feature flag folders, and `"type": "module"`. Only what is missing is
 * written, all at once; the application's own files are kept and reported. A second run
 * changes nothing.
 */
export async function init(options: InitCommandOptions): Promise<GenerateOutcome> {
  const root = await applicationRoot(options.cwd, options.given.root);
  const typescript = await readAppTypeScript(root);
  const io = { stderr: options.stderr, env: options.env ?? {} };
  const { outcome, config, manifest } = await withHostSession(root, 'init', io, (session) =>
    planAndFinish(options, root, typescript, session),
  );
  const json = options.given.json === true;
  if (outcome.changes.length === 0) {
    options.stderr.write(`Geo is already set up in ${root}: nothing to change.\n`);
  } else if (outcome.kind === 'written' && !json) {
    const missing = (names: readonly string[]) => names.filter((name) => !declares(manifest, name));
    options.stderr.write(
      initNextSteps({
        root,
        cwd: options.cwd,
        runtimePackage: config.runtimePackage,
        missing: { dependencies: missing([config.runtimePackage]), dev: missing(['vitest']) },
        outDir: typeof config['outDir'] === 'string' ? config['outDir'] : undefined,
      }),
    );
  }
  return outcome;
}

async function planAndFinish(
  options: InitCommandOptions,
  root: string,
  typescript: AppTypeScript,
  session: HostSession,
): Promise<{ outcome: GenerateOutcome; config: HostConfig; manifest: Record<string, unknown> }> {
  const warn = (message: string): void => void options.stderr.write(`warning: ${message}\n`);
  for (const warning of typescript.warnings) warn(warning);
  const tree = new Tree(root);
  const config = await applicationConfig(tree, typescript, warn);
  warnIfNotCompiled(typescript, config, warn);
  const manifest = readPackageJson(tree);
  const moduleType = useModuleType(tree, manifest);

  const kept = await planInitFiles(
    tree,
    initFiles(config, tree),
    options.templatesDir ?? INIT_TEMPLATES,
    warn,
  );
  planInitFolders(tree, initFolders(config));
  for (const file of kept) {
    if (file.lacks !== undefined)
      warn(`${file.path} is yours and left as it is, but ${file.lacks}`);
  }

  const dryRun = options.given.dryRun === true;
  const outcome = await finish(tree, {
    dryRun,
    force: false,
    json: options.given.json === true,
    stdout: options.stdout,
    stderr: options.stderr,
    ...(options.palette ? { palette: options.palette } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
    steps: session.steps,
    noteOn: () => keptNote(kept),
  });
  if (moduleType !== undefined) {
    options.stderr.write(`note: ${moduleTypeNote(moduleType, dryRun)}\n`);
  }
  return { outcome, config, manifest };
}

/** Says so when tsc would not compile the folder geo-gen writes the application's Geo code in. */
function warnIfNotCompiled(
  typescript: AppTypeScript,
  config: HostConfig,
  warn: (message: string) => void,
): void {
  const folder = topFolder(hostLists(config).replicatorClasses.file);
  if (folder === undefined || compilesFolder(typescript, folder)) return;
  warn(
    `tsconfig.json's "include" leaves out ${folder}/, where geo-gen writes the application's ` +
      `Geo code: add "${folder}" to it, or tsc neither checks nor builds that code`,
  );
}

/**
 * The application's geo.config.json if it has one (kept as it is), else the one init writes.
 * Says so when the application's import style and the configuration's disagree.
 */
async function applicationConfig(
  tree: Tree,
  typescript: AppTypeScript,
  warn: (message: string) => void,
): Promise<HostConfig> {
  if (!tree.exists(HOST_CONFIG_FILE)) {
    const { text, config } = initialConfig(tree.root, typescript);
    tree.create(HOST_CONFIG_FILE, text);
    return config;
  }
  const config = await readHostConfig(tree.root);
  const configured = config.importExtension;
  if (configured !== typescript.importExtension) {
    warn(
      `${HOST_CONFIG_FILE} has "importExtension": "${configured}", but tsconfig.json's options ` +
        `need "${typescript.importExtension}" in relative imports; set it to "${typescript.importExtension}"`,
    );
  }
  return config;
}

/** The application's own files init left alone: the note on stderr, and `kept` with --json. */
function keptNote(kept: readonly KeptFile[]): ChangeNote | undefined {
  if (kept.length === 0) return undefined;
  const paths = kept.map((file) => file.path);
  return {
    message: `kept ${paths.length === 1 ? 'a file' : `${paths.length} files`} of the application that init would have written: ${paths.join(', ')}`,
    json: { kept: paths },
  };
}
