import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { names } from '../../src/naming/names.ts';
import { hostCopy } from '../support/host-copy.ts';
import { PINNED_HOST, PINNED_PARTS } from '../support/pinned-host.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, RUNTIME } from '../support/runtime-copy.ts';

const REPLICATOR_FILE = /^(.+)-replicator\.ts$/;

/** A host's data types, named after their replicators' files: `cool-widget-replicator.ts` → `cool-widget`. */
async function dataTypes(host: string): Promise<string[]> {
  const files = await readdir(join(host, 'app/replicators'));
  return files.flatMap((file) => REPLICATOR_FILE.exec(file)?.[1] ?? []).sort();
}

/** The text of every file in a host's host parts, by path. */
async function hostFiles(host: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(host, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name).slice(host.length + 1);
    const part = path.split('/')[0] ?? '';
    if (entry.isFile() && (PINNED_PARTS as readonly string[]).includes(part)) {
      files[path] = await readFile(join(host, path), 'utf8');
    }
  }
  return files;
}

const HOW_TO_FIX =
  'fixtures/pinned-host must hold runtime/ as committed: copy the changed host files of runtime/ there';

describe('the pinned host', () => {
  it('is the runtime’s host application as committed, whatever data types were added to runtime/ since', async () => {
    const live = await hostCopy(RUNTIME);
    const pinnedTypes = await dataTypes(PINNED_HOST);
    const added = (await dataTypes(live)).filter((type) => !pinnedTypes.includes(type));
    // remove undoes a data type byte for byte (remove.test.ts): what is left is comparable.
    for (const type of added) {
      const removed = await runMain(['remove', type, '--force'], {
        cwd: live,
        seams: { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES },
      });
      expect(removed.code, `geo-gen remove ${type}: ${removed.stderr}`).toBe(0);
    }

    const pinned = await hostFiles(PINNED_HOST);
    const left = await hostFiles(live);
    expect(Object.keys(pinned).length).toBeGreaterThan(0);
    for (const [path, text] of Object.entries(pinned)) {
      expect(left[path], `${path}: ${HOW_TO_FIX}`).toBe(text);
    }
    // remove never deletes a model the user changed (nor its uploader, spec and table): those
    // are the only files of runtime/ the pinned host may lack.
    const spellings = added.flatMap((type) => {
      const spelled = names(type);
      return [spelled.fileName, spelled.fileNamePlural, spelled.snakeName, spelled.snakeNamePlural];
    });
    const unpinned = Object.keys(left).filter(
      (path) => !(path in pinned) && !spellings.some((spelling) => path.includes(spelling)),
    );
    expect(unpinned, HOW_TO_FIX).toEqual([]);
  });
});
