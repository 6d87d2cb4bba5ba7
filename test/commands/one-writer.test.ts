import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATOR_FILES } from '../../src/host/layout.ts';
import { BIN, runNode, SOURCE_NODE_ARGS } from '../support/child.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { fixtureHost, snapshot } from '../support/host.ts';
import { runMain } from '../support/run-main.ts';

const BLOB = ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'];
/** Short, so that a refusal comes quickly; the wait is bounded by it, not timed by the test. */
const SHORT_WAIT = { GEO_GEN_LOCK_WAIT_MS: '200' };

const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }
});

/** A live process that is not geo-gen, to stand in for a run holding the lock. */
async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], {
    stdio: 'ignore',
  });
  started.push(child);
  await once(child, 'spawn');
  return child;
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('the process did not start');
  return child.pid;
}

/** What a lock file says about the run that holds it. */
function owner(pid: number) {
  return { pid, hostname: hostname(), startedAt: '2031-06-15T12:00:00.000Z', command: 'remove' };
}

async function holdLock(host: string, pid: number): Promise<string> {
  const lock = join(host, GENERATOR_FILES.lock);
  await mkdir(join(host, GENERATOR_FILES.dir), { recursive: true });
  await writeFile(lock, JSON.stringify(owner(pid)));
  return lock;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('one writer at a time', () => {
  it('refuses, once its wait is over, while another live run holds the lock, naming it', async () => {
    const host = await fixtureHost();
    const holder = await liveProcess();
    const lock = await holdLock(host, holder.pid ?? -1);
    const before = await snapshot(host);

    const refused = await runMain(BLOB, { cwd: host, env: SHORT_WAIT });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `geo-gen: another geo-gen run is changing this host: geo-gen remove, pid ${holder.pid} on ` +
        `${hostname()}, since 2031-06-15T12:00:00.000Z; waited 0.2 s for it to finish. Run again ` +
        `once it has. If no geo-gen is running there, delete ${lock} and run again. Nothing was written.\n`,
    );
    expect(await snapshot(host)).toEqual(before);
    // check neither judges a host being written: it could not run (exit 2).
    const check = await runMain(['check'], { cwd: host, env: SHORT_WAIT });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`check could not run: another geo-gen run`);
    expect(await readFile(lock, 'utf8')).toContain(`"pid":${holder.pid}`);
  });

  it('takes over the lock of a run that died, says so, and leaves no lock behind', async () => {
    const host = await fixtureHost();
    const pid = await deadPid();
    await holdLock(host, pid);

    const run = await runMain(BLOB, { cwd: host, env: SHORT_WAIT });
    expect(run.code).toBe(0);
    expect(run.stderr.split('\nNext steps')[0]).toBe(
      `geo-gen: took over the lock of geo-gen remove (pid ${pid}), which is no longer running\n` +
        `wrote 6 files in ${host}\n`,
    );
    expect(await exists(join(host, GENERATOR_FILES.dir))).toBe(false);
  });

  it('clears what a run killed while taking the lock left, so no .geo-gen/ stays behind', async () => {
    const host = await fixtureHost();
    const pid = await deadPid();
    await holdLock(host, pid);
    const lock = join(host, GENERATOR_FILES.lock);
    await writeFile(`${lock}.${pid}-0badf00d`, 'half-taken');
    await writeFile(`${lock}.takeover`, JSON.stringify({ ...owner(pid), command: 'check' }));
    const run = await runMain(BLOB, { cwd: host, env: SHORT_WAIT });
    expect(run.code).toBe(0);
    expect(await exists(join(host, GENERATOR_FILES.dir))).toBe(false);
  });

  it('releases the lock it took when the command fails', async () => {
    const host = await fixtureHost();
    expect((await runMain(BLOB, { cwd: host })).code).toBe(0);
    const pid = await deadPid();
    await holdLock(host, pid);
    const again = await runMain(BLOB, { cwd: host, env: SHORT_WAIT });
    expect(again.stderr).toContain(`took over the lock of geo-gen remove (pid ${pid})`);
    expect(again.stderr).toContain('files already exist');
    expect(again.code).toBe(1);
    expect(await exists(join(host, GENERATOR_FILES.dir))).toBe(false);
  });

  it('refuses to write over a file that changed on disk after the plan read it', async () => {
    const host = await fixtureHost();
    const list = 'app/replicator-classes.ts';
    const run = await runMain(BLOB, {
      cwd: host,
      seams: {
        patches: [
          (tree) => tree.write(list, `${tree.read(list) ?? ''}// patched\n`),
          // An editor saving the file after geo-gen read it, before geo-gen writes.
          () => writeFile(join(host, list), '// saved by an editor meanwhile\n'),
        ],
      },
    });
    expect(run.stderr).toBe(
      `geo-gen: ${list} changed on disk while geo-gen was planning its change. Nothing was ` +
        'written, so that change is kept; run the command again to plan from it.\n',
    );
    expect(run.code).toBe(1);
    expect(await readFile(join(host, list), 'utf8')).toBe('// saved by an editor meanwhile\n');
    expect(await exists(join(host, 'app/models/cool-widget.ts'))).toBe(false);
  });

  it('two replicable runs started at once: both data types wired, or one refused, never a lost patch', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    // Long enough for the first run to finish on a busy machine, so both normally succeed.
    const env = { GEO_GEN_LOCK_WAIT_MS: '60000' };
    const names = ['CoolWidget', 'LeafBlade'] as const;
    const runs = await Promise.all(
      names.map((name) =>
        runNode([...SOURCE_NODE_ARGS, BIN, 'replicable', name, '--strategy', 'blob', '--yes'], {
          cwd: host,
          env,
        }),
      ),
    );
    const wired = names.filter((_, index) => runs[index]?.code === 0);
    for (const [index, run] of runs.entries()) {
      if (run.code === 0) continue;
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr, `${names[index]} failed otherwise`).toContain(
        'another geo-gen run is changing this host',
      );
    }
    expect(wired.length).toBeGreaterThan(0);

    const list = await readFile(join(host, 'app/replicator-classes.ts'), 'utf8');
    const fields = await readFile(join(host, 'app/graphql/geo-node-registry-fields.ts'), 'utf8');
    for (const name of wired) {
      expect(list).toContain(`  ${name}Replicator,\n`);
      const field = `${name[0]?.toLowerCase()}${name.slice(1)}Registries`;
      expect(fields).toContain(`name: '${field}',`);
    }
    const check = await runMain(['check'], { cwd: host });
    expect(check.stderr).toBe(
      `check passed: ${1 + wired.length} uploaders, 1 repository model and ${2 + wired.length} replicators in ` +
        `${host}, all wired\n`,
    );
    expect(check.code).toBe(0);
    expect(Object.keys(await listing(host)).length).toBeGreaterThan(Object.keys(before).length);
  }, 120_000);
});
