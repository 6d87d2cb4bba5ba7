import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChangedOnDiskError, ConflictError, WriteFailedError } from '../../src/tree/errors.ts';
import { flush, type FlushFs } from '../../src/tree/flush.ts';
import { Tree } from '../../src/tree/tree.ts';
import { snapshot, tempDir } from '../support/host.ts';

let root: string;
beforeEach(async () => {
  root = await tempDir();
  await fs.mkdir(join(root, 'app'));
  await fs.writeFile(join(root, 'app/a.ts'), 'a v1\n');
  await fs.writeFile(join(root, 'app/b.ts'), 'b v1\n');
  await fs.writeFile(join(root, 'app/gone.ts'), 'gone v1\n');
});

/** A plan touching every kind of change, including files in directories that do not exist yet. */
function plan(): Tree {
  const tree = new Tree(root);
  tree.write('app/a.ts', 'a v2\n');
  tree.create('app/new/deep/c.ts', 'c v1\n');
  tree.write('app/b.ts', 'b v2\n');
  tree.create('d.ts', 'd v1\n');
  tree.delete('app/gone.ts');
  return tree;
}

/** The real file system, except that the `nth` call of `operation` fails like a full disk. */
function failingOn(operation: 'rename' | 'writeFile', nth: number): FlushFs {
  let calls = 0;
  const fail = (): void => {
    calls += 1;
    if (calls === nth)
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  };
  return {
    mkdir: (path, options) => fs.mkdir(path, options),
    unlink: (path) => fs.unlink(path),
    writeFile: async (path, data) => {
      if (operation === 'writeFile') fail();
      await fs.writeFile(path, data);
    },
    rename: async (from, to) => {
      if (operation === 'rename') fail();
      await fs.rename(from, to);
    },
  };
}

describe('flush', () => {
  it('writes every change', async () => {
    const written = await flush(plan(), { force: false });
    expect(written.map((change) => `${change.kind} ${change.path}`)).toEqual([
      'UPDATE app/a.ts',
      'UPDATE app/b.ts',
      'DELETE app/gone.ts',
      'CREATE app/new/deep/c.ts',
      'CREATE d.ts',
    ]);
    expect(await snapshot(root)).toEqual(
      snapshotOf({
        'app/a.ts': 'a v2\n',
        'app/b.ts': 'b v2\n',
        'app/new/deep/c.ts': 'c v1\n',
        'd.ts': 'd v1\n',
      }),
    );
  });

  // Renames: 1-2 park and replace a.ts, 3-4 b.ts, 5 parks gone.ts, 6 c.ts, 7 d.ts.
  it.each([
    ['writing the first temporary file', 'writeFile', 1],
    ['writing the last temporary file', 'writeFile', 4],
    ['moving the first file into place', 'rename', 2],
    ['moving an update into place, after another update', 'rename', 4],
    ['parking the deleted file', 'rename', 5],
    ['moving a new file into a new directory', 'rename', 6],
    ['moving the very last file into place', 'rename', 7],
  ] as const)('leaves the disk untouched when %s fails', async (_, operation, nth) => {
    const before = await snapshot(root);
    const error: unknown = await flush(plan(), {
      force: false,
      fs: failingOn(operation, nth),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WriteFailedError);
    expect(String(error)).toContain('ENOSPC: no space left on device');
    expect(String(error)).toContain('Nothing was written');
    // Same files, same contents; no temporaries, backups or new directories left behind.
    expect(await snapshot(root)).toEqual(before);
    expect(await fs.readdir(join(root, 'app'))).toEqual(['a.ts', 'b.ts', 'gone.ts']);
  });

  it('names the file whose write failed', async () => {
    const error = await flush(plan(), { force: false, fs: failingOn('rename', 4) }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ path: 'app/b.ts' });
  });

  it('keeps the mode of each file it replaces: read-only stays read-only, executable executable', async () => {
    await fs.chmod(join(root, 'app/a.ts'), 0o444);
    await fs.chmod(join(root, 'app/b.ts'), 0o755);
    await flush(plan(), { force: false });
    expect(await fs.readFile(join(root, 'app/a.ts'), 'utf8')).toBe('a v2\n');
    expect(await modeOf('app/a.ts')).toBe(0o444);
    expect(await modeOf('app/b.ts')).toBe(0o755);
  });

  it('refuses, writing nothing, when a file the plan read changed on disk before the write', async () => {
    const tree = new Tree(root);
    tree.write('app/a.ts', `${tree.read('app/a.ts') ?? ''}more\n`);
    tree.create('d.ts', 'd v1\n');
    await fs.writeFile(join(root, 'app/a.ts'), 'a edited meanwhile\n');
    const before = await snapshot(root);

    await expect(flush(tree, { force: false })).rejects.toThrow(ChangedOnDiskError);
    await expect(flush(tree, { force: false })).rejects.toThrow(
      'app/a.ts changed on disk while geo-gen was planning its change. Nothing was written',
    );
    expect(await snapshot(root)).toEqual(before);
  });

  it('refuses when a file the plan found absent appeared before the write', async () => {
    const tree = new Tree(root);
    if (!tree.exists('app/c.ts')) tree.write('app/a.ts', 'a without c\n');
    await fs.writeFile(join(root, 'app/c.ts'), 'c, written meanwhile\n');
    await expect(flush(tree, { force: false })).rejects.toThrow('app/c.ts changed on disk');
    expect(await fs.readFile(join(root, 'app/a.ts'), 'utf8')).toBe('a v1\n');
  });

  it('never overwrites a file it meant to create without force', async () => {
    const tree = new Tree(root);
    tree.create('app/a.ts', 'generated\n');
    tree.create('app/fresh.ts', 'fresh\n');
    const before = await snapshot(root);
    await expect(flush(tree, { force: false })).rejects.toThrow(ConflictError);
    await expect(flush(tree, { force: false })).rejects.toThrow(
      '1 file already exists:\n  app/a.ts\n',
    );
    expect(await snapshot(root)).toEqual(before);

    await flush(tree, { force: true });
    expect(await fs.readFile(join(root, 'app/a.ts'), 'utf8')).toBe('generated\n');
  });
});

async function modeOf(path: string): Promise<number> {
  return (await fs.stat(join(root, path))).mode & 0o7777;
}

function snapshotOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => [path, Buffer.from(text).toString('base64')]),
  );
}
