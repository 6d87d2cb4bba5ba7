// Benchmark of issue 11's speed targets: each figure of geo-gen next to its limit, measured in the
// same run on the same machine (the references run interleaved with geo-gen, so a busy machine
// slows both alike). Runs the compiled CLI (`node bin/geo-gen.cjs`, built first), never tsx.
// Exits 1 when a target is missed. Not part of `npm test`: timings are not tests.
// Usage: npm run bench [-- --runs N --no-build]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = fileURLToPath(new URL('../', import.meta.url));
const geoGen = [process.execPath, join(repo, 'bin/geo-gen.cjs')];
const hygen = [process.execPath, join(repo, 'node_modules/hygen/dist/bin.js')];
const tsc = [join(repo, 'node_modules/.bin/tsc')];
const hygenTemplates = join(repo, 'scripts/bench/hygen/_templates');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');

/** One process's wall and CPU (user + system) time, in seconds. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

interface Command {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that count as a good run. */
  readonly ok?: readonly number[];
}

/**
 * Times one child with bash's `time`, which reads the child's own rusage (Node has no per-child
 * CPU time): wall, user and system seconds, on the shell's stderr.
 */
function timeOnce(command: Command): Timing {
  const log = join(tmpdir(), `geo-gen-bench-${process.pid}.log`);
  const result = spawnSync(
    'bash',
    [
      '-c',
      'TIMEFORMAT="BENCH %3R %3U %3S"; time "$@" >"$BENCH_LOG" 2>&1',
      'bench',
      ...command.argv,
    ],
    {
      cwd: command.cwd,
      env: { ...process.env, ...command.env, BENCH_LOG: log },
      encoding: 'utf8',
    },
  );
  const match = /BENCH (\S+) (\S+) (\S+)/.exec(result.stderr);
  if (match === null || !(command.ok ?? [0]).includes(result.status ?? -1)) {
    const output = existsSync(log)
      ? spawnSync('tail', ['-20', log], { encoding: 'utf8' }).stdout
      : '';
    throw new Error(
      `${command.argv.join(' ')} (in ${command.cwd}) exited ${result.status}:\n${output}${result.stderr}`,
    );
  }
  return { wall: Number(match[1]), cpu: Number(match[2]) + Number(match[3]) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs each command once to warm the disk cache, then `count` times interleaved, each run on what
 * `prepare` makes (outside the timing). Returns the medians of wall and CPU time per command.
 */
async function compare(
  count: number,
  commands: readonly (() => Promise<{ command: Command; cleanup?: () => Promise<void> }>)[],
): Promise<Timing[]> {
  const timings: Timing[][] = commands.map(() => []);
  for (let run = 0; run <= count; run++) {
    for (const [index, prepare] of commands.entries()) {
      const { command, cleanup } = await prepare();
      const timing = timeOnce(command);
      await cleanup?.();
      if (run > 0) timings[index]!.push(timing);
    }
  }
  return timings.map((series) => ({
    wall: median(series.map((timing) => timing.wall)),
    cpu: median(series.map((timing) => timing.cpu)),
  }));
}

/** A fresh copy of the runtime host (the repository's node_modules linked in), in a temp dir. */
async function freshHost(from = join(repo, 'runtime')): Promise<{ host: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'geo-gen-bench-'));
  await cp(from, join(dir, 'runtime'), {
    recursive: true,
    filter: (source) =>
      !/(^|\/)(node_modules|dist|\.data|\.tmp|\.geo-gen)(\/|$)/.test(source.slice(from.length)),
  });
  await cp(join(repo, '.prettierrc.json'), join(dir, '.prettierrc.json'));
  await cp(join(repo, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  await symlink(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { host: join(dir, 'runtime'), dir };
}

const EXTRA_TYPES = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel'];
const EXTRA_KINDS = ['Archive', 'Bundle', 'Capture', 'Digest', 'Export', 'Snapshot'];

/**
 * The runtime host with 48 more data types (50 replicators), made once by geo-gen itself and
 * kept in the temp dir under a hash of what it is made from.
 */
async function hostOfFifty(): Promise<string> {
  // Keyed by this checkout too (the copy links to its node_modules) and by every file copied
  // that the host's type-check reads.
  const hash = createHash('sha256').update(repo);
  const copied = [
    ...(await filesBelow(join(repo, 'templates'))),
    ...(await filesBelow(join(repo, 'runtime'), ['node_modules', 'dist', '.data', '.tmp'])),
    join(repo, 'tsconfig.base.json'),
    join(repo, 'package-lock.json'),
  ];
  for (const file of copied) hash.update(relative(repo, file)).update(await readFile(file));
  const cached = join(tmpdir(), `geo-gen-bench-fifty-${hash.digest('hex').slice(0, 16)}`);
  const host = join(cached, 'runtime');
  if (existsSync(join(cached, 'complete'))) return host;
  console.log('making a host of 50 replicators (once, kept in the temp dir)…');
  await rm(cached, { recursive: true, force: true });
  const { dir } = await freshHost();
  await cp(dir, cached, { recursive: true, verbatimSymlinks: true });
  await rm(dir, { recursive: true, force: true });
  let index = 0;
  for (const type of EXTRA_TYPES) {
    for (const kind of EXTRA_KINDS) {
      const strategy = index++ % 4 === 3 ? 'repository' : 'blob';
      timeOnce({
        argv: [...geoGen, 'replicable', `${type}${kind}`, '--strategy', strategy, '--yes'],
        cwd: host,
      });
    }
  }
  await writeFile(join(cached, 'complete'), '');
  return host;
}

/** The files in `folder`, at any depth, but for those in folders named in `skip`. */
async function filesBelow(folder: string, skip: readonly string[] = []): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter(
      (entry) =>
        entry.isFile() &&
        !relative(folder, entry.parentPath)
          .split('/')
          .some((part) => skip.includes(part)),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function fresh(argv: readonly string[], env?: NodeJS.ProcessEnv) {
  return async () => {
    const { host, dir } = await freshHost();
    return {
      command: { argv, cwd: host, ...(env ? { env } : {}) },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  };
}

function same(command: Command) {
  return async () => ({ command });
}

// --- the run -----------------------------------------------------------------------------------

if (!values['no-build']) {
  console.log('building geo-gen (tsc -p tsconfig.build.json)…');
  timeOnce({ argv: [...tsc, '-p', 'tsconfig.build.json'], cwd: repo });
}
const fifty = await hostOfFifty();
console.log(
  `load average at start: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);

const [generated, byHygen] = await compare(runs, [
  fresh([...geoGen, 'replicable', 'CoolWidget', '--strategy', 'blob', '--yes']),
  fresh([...hygen, 'replicable', 'new', '--name', 'CoolWidget'], { HYGEN_TMPLS: hygenTemplates }),
]);
const [help, bareNode] = await compare(runs * 3, [
  same({ argv: [...geoGen, '--help'], cwd: repo }),
  same({ argv: [process.execPath, '-e', '0'], cwd: repo }),
]);
const [check, typecheck] = await compare(runs, [
  same({ argv: [...geoGen, 'check', '--root', fifty], cwd: repo }),
  // The host must type-check: a tsc that stops at an error is no reference.
  same({ argv: [...tsc, '--noEmit', '-p', join(fifty, 'tsconfig.json')], cwd: repo }),
]);

interface Figure {
  readonly what: string;
  readonly value: number;
  readonly reference: string;
  readonly referenceValue: number;
  /** The most `value / referenceValue` may be. */
  readonly maxRatio: number;
}

const figures: Figure[] = [
  {
    what: '`geo-gen replicable` CPU',
    value: generated!.cpu,
    reference: 'hygen, 16 files + 2 injections, CPU',
    referenceValue: byHygen!.cpu,
    maxRatio: 3,
  },
  {
    what: '`geo-gen replicable` wall',
    value: generated!.wall,
    reference: 'fixed limit',
    referenceValue: 0.8,
    maxRatio: 1,
  },
  {
    what: '`geo-gen --help` wall',
    value: help!.wall,
    reference: '`node -e 0` wall',
    referenceValue: bareNode!.wall,
    maxRatio: 1.5,
  },
  {
    what: '`geo-gen check`, 50 replicators, wall',
    value: check!.wall,
    reference: '`tsc --noEmit` (TypeScript 7) wall',
    referenceValue: typecheck!.wall,
    maxRatio: 0.5,
  },
];

const rows = figures.map((figure) => {
  const ratio = figure.value / figure.referenceValue;
  return {
    cells: [
      figure.what,
      seconds(figure.value),
      `${figure.reference}: ${seconds(figure.referenceValue)}`,
      `${ratio.toFixed(2)}×`,
      `≤ ${figure.maxRatio}×`,
      ratio <= figure.maxRatio ? 'met' : 'MISSED',
    ],
    met: ratio <= figure.maxRatio,
  };
});
console.log(
  `\nmedians of ${runs} runs (${runs * 3} for --help) after a warm-up, node ${process.version}\n`,
);
console.log('| figure | geo-gen | limit measured in the same run | ratio | target | |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.cells.join(' | ')} |`);
console.log(
  `\nalso: replicable wall ${seconds(generated!.wall)} (hygen ${seconds(byHygen!.wall)}), ` +
    `--help CPU ${seconds(help!.cpu)} (node -e 0 ${seconds(bareNode!.cpu)}), ` +
    `check CPU ${seconds(check!.cpu)} (tsc ${seconds(typecheck!.cpu)})`,
);
console.log(
  `load average at end: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
if (rows.some((row) => !row.met)) process.exitCode = 1;

function seconds(value: number): string {
  return `${value.toFixed(3)} s`;
}
