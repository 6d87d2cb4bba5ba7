import { resolveRelativeModule } from '../../analysis/module-path.ts';
import { parseSource } from '../../patches/typescript-source.ts';
import type { Tree } from '../../tree/tree.ts';

const SCRIPT = /\.[cm]?tsx?$/;

/** A kept file importing a file the removal deletes: it will not compile until someone fixes it. */
export interface DanglingImport {
  readonly file: string;
  readonly imports: string;
}

/** The imports of kept scripts that point at deleted files. */
export async function danglingImports(
  tree: Tree,
  kept: readonly string[],
  deleted: ReadonlySet<string>,
): Promise<DanglingImport[]> {
  const dangling: DanglingImport[] = [];
  for (const file of kept.filter((path) => SCRIPT.test(path))) {
    const text = tree.read(file);
    if (text === undefined) continue;
    const source = await parseSource(file, text);
    for (const declaration of source.getImportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue();
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelativeModule(file, specifier, (path) => deleted.has(path));
      if (target.kind === 'found') dangling.push({ file, imports: target.path });
    }
  }
  return dangling;
}
