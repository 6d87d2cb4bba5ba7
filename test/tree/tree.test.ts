import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { OutsideRootError } from '../../src/tree/errors.ts';
import { Tree } from '../../src/tree/tree.ts';
import { tempDir } from '../support/host.ts';

let root: string;
beforeEach(async () => {
  root = await tempDir();
  await mkdir(join(root, 'app'));
  await writeFile(join(root, 'app/existing.ts'), 'export const a = 1;\n');
  await writeFile(join(root, 'app/old.ts'), 'export const old = 1;\n');
});

describe('Tree', () => {
  it('reads through to the disk until a path is written, then reads the new contents', () => {
    const tree = new Tree(root);
    expect(tree.read('app/existing.ts')).toBe('export const a = 1;\n');
    tree.write('app/existing.ts', 'export const a = 2;\n');
    expect(tree.read('app/existing.ts')).toBe('export const a = 2;\n');
    expect(tree.read('app/missing.ts')).toBeUndefined();
  });

  it('records creates, updates and deletes without touching the disk', async () => {
    const tree = new Tree(root);
    tree.create('app/models/new.ts', 'export const n = 1;\n');
    tree.write('app/existing.ts', 'export const a = 2;\n');
    tree.delete('app/old.ts');
    expect(tree.changes().map((change) => `${change.kind} ${change.path}`)).toEqual([
      'UPDATE app/existing.ts',
      'CREATE app/models/new.ts',
      'DELETE app/old.ts',
    ]);
    expect(tree.exists('app/old.ts')).toBe(false);
    expect(tree.exists('app/models/new.ts')).toBe(true);
    expect(await readFile(join(root, 'app/existing.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('leaves out writes identical to the disk, so a second patch run changes nothing', () => {
    const tree = new Tree(root);
    tree.write('app/existing.ts', 'export const a = 1;\n');
    tree.delete('app/never-existed.ts');
    expect(tree.changes()).toEqual([]);
  });

  it('reports files it was asked to create that already exist, even identical ones', () => {
    const tree = new Tree(root);
    tree.create('app/existing.ts', 'export const a = 1;\n');
    tree.create('app/old.ts', 'changed\n');
    tree.create('app/fresh.ts', 'fresh\n');
    expect(tree.conflicts()).toEqual(['app/existing.ts', 'app/old.ts']);
    expect(tree.changes()).toContainEqual(
      expect.objectContaining({ kind: 'UPDATE', path: 'app/old.ts', overwrites: true }),
    );
  });

  it('keeps a planned file a creation when a later step rewrites it', () => {
    const tree = new Tree(root);
    tree.create('app/new.ts', 'one\n');
    tree.write('app/new.ts', 'two\n');
    expect(tree.changes()).toEqual([
      expect.objectContaining({ kind: 'CREATE', path: 'app/new.ts' }),
    ]);
    expect(tree.read('app/new.ts')).toBe('two\n');
  });

  it('treats two creations of one path as a generator bug', () => {
    const tree = new Tree(root);
    tree.create('app/new.ts', 'one\n');
    expect(() => tree.create('app/new.ts', 'two\n')).toThrow('app/new.ts is generated twice');
  });

  it('lists a directory as the disk plus the plan', () => {
    const tree = new Tree(root);
    tree.create('app/zeta.ts', '');
    tree.create('app/models/a.ts', '');
    tree.delete('app/old.ts');
    expect(tree.children('app')).toEqual(['existing.ts', 'models', 'zeta.ts']);
    expect(tree.children('')).toEqual(['app']);
  });

  it.each(['../outside.ts', 'app/../../outside.ts', '/etc/passwd', '.'])(
    'refuses %j, which is not inside the root',
    (path) => {
      const tree = new Tree(root);
      expect(() => tree.create(path, 'x')).toThrow(OutsideRootError);
      expect(() => tree.create(path, 'x')).toThrow('outside the host root');
    },
  );

  it('accepts absolute paths inside the root and normalises them', () => {
    const tree = new Tree(root);
    tree.create(join(root, 'app', 'abs.ts'), '');
    tree.create('app//sub/../rel.ts', '');
    expect(tree.recordedPaths()).toEqual(['app/abs.ts', 'app/rel.ts']);
  });
});
