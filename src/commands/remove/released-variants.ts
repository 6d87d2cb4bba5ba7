import type { Names } from '../../naming/names.ts';
import { removeStaticProperty } from '../../patches/class-member.ts';
import { PatchTargetNotFoundError } from '../../patches/errors.ts';
import { setTopLevelBoolean } from '../../patches/yaml-boolean.ts';
import { formatChanges } from '../../tree/format.ts';
import { Tree } from '../../tree/tree.ts';

const YAML = /\.ya?ml$/;
const SCRIPT = /\.[cm]?tsx?$/;

/**
 * What `geo-gen release` makes of the generated files it edits (the flag definition on by
 * default, the replicator without its off-by-default override), formatted like the rest, so a
 * released data type's files still count as unchanged since geo-gen wrote them. By path; files
 * release leaves alone are not in the map.
 */
export async function releasedVariants(
  root: string,
  files: readonly { readonly path: string; readonly content: Buffer }[],
  names: Names,
  warn: (message: string) => void,
): Promise<Map<string, Buffer>> {
  const scratch = new Tree(root);
  const changed: string[] = [];
  for (const { path, content } of files) {
    const released = await release(path, content.toString('utf8'), names);
    if (released === undefined) continue;
    scratch.create(path, released);
    changed.push(path);
  }
  await formatChanges(scratch, warn);
  return new Map(changed.map((path) => [path, scratch.readBuffer(path) ?? Buffer.alloc(0)]));
}

async function release(path: string, text: string, names: Names): Promise<string | undefined> {
  if (YAML.test(path)) {
    const result = setTopLevelBoolean(text, 'default_enabled', true);
    return result.kind === 'changed' ? result.text : undefined;
  }
  // Parsing is the costly part: only a script mentioning the override can lose it.
  if (!SCRIPT.test(path) || !text.includes('replicationEnabledByDefault')) return undefined;
  try {
    const result = await removeStaticProperty(text, {
      file: path,
      className: names.replicatorClass,
      member: 'replicationEnabledByDefault',
    });
    return result.kind === 'removed' ? result.text : undefined;
  } catch (error) {
    if (error instanceof PatchTargetNotFoundError) return undefined; // not the replicator's file
    throw error;
  }
}
