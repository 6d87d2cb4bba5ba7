import type { Tree } from '../../tree/tree.ts';
import { onDisk, type ExpectedFile } from './generated-files.ts';

/** What `geo-gen remove` makes of one file on disk that the generator would produce. */
export type FileVerdict =
  /** Byte for byte what geo-gen writes (or what `release` made of it): deleted. */
  | { readonly kind: 'unchanged'; readonly path: string }
  /** Changed since it was generated: kept and reported, deleted with --force. */
  | { readonly kind: 'changed'; readonly path: string }
  /**
   * Of the model's folder while the model is not geo-gen's own: the model, its uploader and
   * table may predate the generator (which then rendered none of them), so they are never deleted.
   */
  | { readonly kind: 'not-generated'; readonly path: string };

/**
 * Compares each expected file with the host's. The model's folder is judged as one: only when
 * the model file itself is exactly geo-gen's is the rest of that folder taken for generated.
 */
export function judgeFiles(
  tree: Tree,
  expected: readonly ExpectedFile[],
  modelFile: string,
): FileVerdict[] {
  const compared = expected.flatMap((file) =>
    onDisk(tree, file.path).map((path) => ({
      path,
      fromModelFolder: file.fromModelFolder,
      unchanged: isGeoGens(tree.readBuffer(path), file),
    })),
  );
  const modelIsGenerated = compared.some((file) => file.path === modelFile && file.unchanged);
  return compared.map(({ path, fromModelFolder, unchanged }): FileVerdict => {
    if (fromModelFolder && !modelIsGenerated) return { kind: 'not-generated', path };
    return { kind: unchanged ? 'unchanged' : 'changed', path };
  });
}

/** Byte for byte what `replicable` wrote, or what `release` made of it. */
export function isGeoGens(actual: Buffer | undefined, expected: ExpectedFile): boolean {
  if (actual === undefined) return false;
  return actual.equals(expected.content) || (expected.released?.equals(actual) ?? false);
}

/** Whether a verdict's file goes: geo-gen's own always, a changed one only with --force. */
export function isDeleted(verdict: FileVerdict, force: boolean): boolean {
  return verdict.kind === 'unchanged' || (force && verdict.kind === 'changed');
}
