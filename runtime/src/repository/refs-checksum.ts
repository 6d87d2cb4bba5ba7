import { createHash } from 'node:crypto';
import { runGitBytes } from './git.ts';

/**
 * The refs checksum of a repository without refs (a new or emptied repository): SHA-256 of no
 * bytes at all.
 */
export const EMPTY_REFS_CHECKSUM = createHash('sha256').digest('hex');

const NEWLINE = 0x0a;

/**
 * The checksum both sites compare to verify a repository: SHA-256 (lowercase hex) over one
 * `<refname>\0<object id>\n` line per ref, the lines sorted by the bytes of the ref name.
 *
 * - Every ref under `refs/` counts (branches, tags, notes, merge requests, keep-arounds…), with the
 *   object it points to: a tag's own object id, not the commit it peels to. A symbolic ref below
 *   `refs/` counts with the object id it resolves to.
 * - `HEAD` does not count: it names the default branch, whose commit is already in the sum, and the
 *   secondary sets it after its fetch; two sites with the same refs and different defaults agree.
 * - The sort makes the value independent of the order refs were created in and of how git stores
 *   them (loose files or `packed-refs`).
 * - A repository without refs has `EMPTY_REFS_CHECKSUM`.
 *
 * @example
 * await calculateRefsChecksum('/srv/geo/repositories/@hashed/ab/cd/abcd.git'); // 'e3b0c442…'
 */
export async function calculateRefsChecksum(
  gitDir: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<string> {
  // `%00` is a NUL byte: ref names may hold spaces, never NUL or newline.
  const output = await runGitBytes(
    [`--git-dir=${gitDir}`, 'for-each-ref', '--format=%(refname)%00%(objectname)'],
    options,
  );
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = output.indexOf(NEWLINE); end !== -1; end = output.indexOf(NEWLINE, start)) {
    lines.push(output.subarray(start, end + 1));
    start = end + 1;
  }
  // Byte order, not JavaScript's UTF-16 order: ref names are bytes, and need not be UTF-8.
  lines.sort(Buffer.compare);
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}
