import { names as deriveNames, type Names } from '../naming/names.ts';

/**
 * The prettier options the shipped templates are written in (this repository's own style). A
 * rendered file in this style needs no formatting where the host formats the same way; a test
 * renders every template and asserts so (test/templates/template-style.test.ts).
 */
export const TEMPLATE_STYLE = {
  singleQuote: true,
  trailingComma: 'all',
  printWidth: 100,
} as const satisfies Readonly<Record<string, string | number | boolean>>;

/** Prettier's defaults for the options a host's config commonly sets. */
const PRETTIER_DEFAULTS: Readonly<Record<string, unknown>> = {
  printWidth: 80,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: 'as-needed',
  jsxSingleQuote: false,
  trailingComma: 'all',
  bracketSpacing: true,
  bracketSameLine: false,
  objectWrap: 'preserve',
  arrowParens: 'always',
  endOfLine: 'lf',
  proseWrap: 'preserve',
  embeddedLanguageFormatting: 'auto',
  singleAttributePerLine: false,
};

/**
 * Whether prettier, with these resolved options, formats like the templates are written: every
 * option the host sets has the templates' value (or prettier's default where the templates set
 * none), and the templates' options are the host's too. Anything else (a plugin, a parser, an
 * option not known here) counts as another style.
 */
export function isTemplateStyle(options: Readonly<Record<string, unknown>>): boolean {
  const style: Readonly<Record<string, unknown>> = TEMPLATE_STYLE;
  const keys = new Set([...Object.keys(options), ...Object.keys(style)]);
  return [...keys].every((key) => {
    if (!Object.hasOwn(PRETTIER_DEFAULTS, key)) return false;
    const wanted = Object.hasOwn(style, key) ? style[key] : PRETTIER_DEFAULTS[key];
    const actual = Object.hasOwn(options, key) ? options[key] : PRETTIER_DEFAULTS[key];
    return actual === wanted;
  });
}

/**
 * Whether every line fits in `width` columns (a character outside ASCII counts as two, as wide
 * ones do for prettier). A line over it is the one way a template's output can leave the style:
 * a long name makes prettier break the line.
 */
export function fitsWidth(text: string, width: number): boolean {
  for (const line of text.split('\n')) {
    if (line.length > width) return false;
    if (!/[^\x00-\x7f]/.test(line)) continue;
    let columns = 0;
    for (const character of line) columns += character.charCodeAt(0) < 0x80 ? 1 : 2;
    if (columns > width) return false;
  }
  return true;
}

/** The data type and runtime package the templates' output is verified formatted for. */
export const STYLE_REFERENCE = { name: 'CoolWidget', runtimePackage: 'geo-runtime' } as const;

/**
 * Whether the templates' output for these names is in TEMPLATE_STYLE wherever its lines fit: when
 * every name, and the runtime package, is at least as long as the reference's. Prettier breaks a
 * construct only when it does not fit, and joins it when it does: with longer names nothing the
 * reference keeps broken could join, and what would no longer fit shows as a line too wide. A
 * shorter name could let prettier join a line the template breaks, so its output is formatted.
 */
export function rendersInStyle(names: Names, runtimePackage: string): boolean {
  const reference = deriveNames(STYLE_REFERENCE.name);
  return (
    runtimePackage.length >= STYLE_REFERENCE.runtimePackage.length &&
    Object.keys(reference).every((key) => {
      const value: unknown = Reflect.get(reference, key);
      const actual: unknown = Reflect.get(names, key);
      return (
        typeof value !== 'string' || (typeof actual === 'string' && actual.length >= value.length)
      );
    })
  );
}
