/**
 * An error as the one line the CLI prints. Not everything thrown is an `Error`: PGlite's file
 * system throws plain objects (`{ name: 'ErrnoError', errno: 54 }`), which `String()` turns into
 * "[object Object]".
 */
export function errorLine(error: unknown): string {
  return oneLine(describe(error));
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error !== 'object' || error === null) return String(error);
  if ('message' in error && typeof error.message === 'string' && error.message !== '') {
    return error.message;
  }
  const name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
  const code = 'code' in error && typeof error.code === 'string' ? ` ${error.code}` : '';
  const errno =
    'errno' in error && typeof error.errno === 'number' ? ` (errno ${error.errno})` : '';
  return `${name}${code}${errno}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
