import { isAbsolute, posix, relative, sep } from 'node:path';
import { OutsideRootError } from './errors.ts';

/**
 * A path relative to the host root in POSIX form (`app/models/cool-widget.ts`), the only form
 * the Tree stores. Absolute paths inside the root are accepted; anything escaping it is refused.
 */
export function treePath(root: string, path: string): string {
  const relativePath = isAbsolute(path) ? relative(root, path) : path;
  const normalized = posix.normalize(relativePath.split(sep).join('/').replaceAll('\\', '/'));
  if (
    normalized === '.' ||
    normalized === '' ||
    normalized === '..' ||
    normalized.startsWith('../') ||
    posix.isAbsolute(normalized)
  ) {
    throw new OutsideRootError(path, root);
  }
  return normalized.replace(/\/+$/, '');
}
