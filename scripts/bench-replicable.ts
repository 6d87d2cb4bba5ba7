// Benchmark: the wall time of a full `geo-gen replicable CoolWidget --strategy blob --yes`
// (a new process, rendering, patching, prettier, parse-back, atomic write) on fresh copies of the
// runtime. Prints each run and the median. Usage: npm run bench [-- --runs N]
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);

async function freshHost(): Promise<{ host: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'geo-gen-bench-'));
  await cp(join(repo, 'runtime'), join(dir, 'runtime'), {
    recursive: true,
    filter: (source) => !/(^|\/)(node_modules|\.data|\.tmp)(\/|$)/.test(source.slice(repo.length)),
  });
  await cp(join(repo, '.prettierrc.json'), join(dir, '.prettierrc.json'));
  await cp(join(repo, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  await symlink(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { host: join(dir, 'runtime'), dir };
}

const times: number[] = [];
for (let run = 1; run <= runs; run++) {
  const { host, dir } = await freshHost();
  const started = process.hrtime.bigint();
  execFileSync(
    process.execPath,
    [join(repo, 'bin/geo-gen'), 'replicable', 'CoolWidget', '--strategy', 'blob', '--yes'],
    {
      cwd: host,
      stdio: 'pipe',
    },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  times.push(ms);
  console.log(`run ${run}: ${ms.toFixed(0)} ms`);
  await rm(dir, { recursive: true, force: true });
}
const sorted = [...times].sort((a, b) => a - b);
const median =
  sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]!
    : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
console.log(
  `median of ${runs} runs: ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})`,
);
