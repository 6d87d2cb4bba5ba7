import type { Env } from './io.ts';

/** Paints text for a terminal, or leaves it as it is (`PLAIN`). */
export interface Palette {
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly bold: (text: string) => string;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

export const ANSI: Palette = {
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  red: ansi(31, 39),
  cyan: ansi(36, 39),
  bold: ansi(1, 22),
};

const same = (text: string): string => text;
export const PLAIN: Palette = { green: same, yellow: same, red: same, cyan: same, bold: same };

/**
 * Whether to colour what goes to `stream`, by the usual conventions: `FORCE_COLOR` forces it
 * (`FORCE_COLOR=0` turns it off), a non-empty `NO_COLOR` turns it off, and otherwise only a
 * terminal gets colour (never a pipe or a file), unless `TERM=dumb`.
 */
export function colourEnabled(stream: object, env: Env): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return 'isTTY' in stream && stream.isTTY === true;
}

export function paletteFor(stream: object, env: Env): Palette {
  return colourEnabled(stream, env) ? ANSI : PLAIN;
}

/** CREATE green, UPDATE yellow, DELETE red, as most generators print them. */
export function paintChangeKind(kind: 'CREATE' | 'UPDATE' | 'DELETE', palette: Palette): string {
  switch (kind) {
    case 'CREATE':
      return palette.green(kind);
    case 'UPDATE':
      return palette.yellow(kind);
    case 'DELETE':
      return palette.red(kind);
  }
}

/** A unified diff with its headers bold, hunks cyan, added lines green and removed lines red. */
export function paintDiff(diff: string, palette: Palette): string {
  if (palette === PLAIN) return diff;
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++ ') || line.startsWith('--- ') || line.startsWith('===')) {
        return palette.bold(line);
      }
      if (line.startsWith('@@')) return palette.cyan(line);
      if (line.startsWith('+')) return palette.green(line);
      if (line.startsWith('-')) return palette.red(line);
      return line;
    })
    .join('\n');
}
