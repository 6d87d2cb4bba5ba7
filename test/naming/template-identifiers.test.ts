import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { names, type NameKey } from '../../src/naming/names.ts';
import {
  TEMPLATE_IDENTIFIERS,
  TEMPLATE_IMPORTS,
  type TemplateIdentifier,
} from '../../src/naming/template-identifiers.ts';
import { REPO_ROOT } from '../support/runtime-copy.ts';

// A data type's files: what its names must not shadow (init's templates write no data type).
const TEMPLATES = join(REPO_ROOT, 'templates', 'replicable');

async function templateTexts(): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of await readdir(TEMPLATES, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
    // Without the scriptlets (`<% if (…) { -%>`): what is left is code and output tags.
    texts.push(text.replace(/<%(?![=-])[\s\S]*?%>\n?/g, ''));
  }
  return texts;
}

/** Where an import comes from, as the refusal says it: the runtime, the host, or the package. */
function sourceOf(specifier: string): string {
  if (specifier.startsWith('<%= runtimePackage %>')) return 'the runtime';
  if (specifier.startsWith('.')) return 'the host';
  return specifier;
}

/** Every name the templates import (`import { a, type B, c as d } from '…'`), by local name. */
function importsOf(texts: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const text of texts) {
    for (const [, clause = '', specifier = ''] of text.matchAll(
      /^import\s+(?:type\s+)?([^;]*?)\s+from\s+'([^']*)'/gm,
    )) {
      const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
      const bare = clause.replace(/\{[^}]*\}/, '').replace(/\*\s+as\s+/, '');
      const locals = [
        ...named.split(','),
        ...bare.split(',').filter((part) => !part.includes('{')),
      ].map((part) =>
        part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .at(-1),
      );
      for (const local of locals) {
        // A data type's own classes (`<%= names.registryClass %>`) are not imports to avoid.
        if (local && !local.includes('<%')) found[local] = sourceOf(specifier);
      }
    }
  }
  return found;
}

/** Whether a spelling is a code identifier (camel or Pascal case), judged on CoolWidget's. */
const isCodeIdentifier = (value: string) =>
  /^[A-Za-z][A-Za-z0-9]*$/.test(value) && /[A-Z]/.test(value);

/** The identifiers the templates derive from names: `<prefix><%= names.key %><suffix>`. */
function identifiersOf(texts: readonly string[]): TemplateIdentifier[] {
  const sample = names('CoolWidget');
  const found = new Map<string, TemplateIdentifier>();
  for (const text of texts) {
    for (const [, prefix = '', key = '', suffix = ''] of text.matchAll(
      /([A-Za-z0-9_$]*)<%=\s*names\.(\w+)\s*%>([A-Za-z0-9_$]*)/g,
    )) {
      const pattern = { prefix, key: key as NameKey, suffix };
      if (isCodeIdentifier(`${prefix}${sample[pattern.key]}${suffix}`)) {
        found.set(`${prefix}|${key}|${suffix}`, pattern);
      }
    }
  }
  return [...found.values()];
}

const byText = (a: TemplateIdentifier, b: TemplateIdentifier) =>
  `${a.key}|${a.prefix}|${a.suffix}` < `${b.key}|${b.prefix}|${b.suffix}` ? -1 : 1;

describe('the names the templates import and derive', () => {
  it('are the ones the name check refuses to shadow (update src/naming/template-identifiers.ts)', async () => {
    const texts = await templateTexts();
    expect(TEMPLATE_IMPORTS).toEqual(importsOf(texts));
    expect([...TEMPLATE_IDENTIFIERS].sort(byText)).toEqual(identifiersOf(texts).sort(byText));
  });

  it('were found: the scan is not vacuous', async () => {
    const texts = await templateTexts();
    expect(importsOf(texts)).toMatchObject({
      Registry: 'the runtime',
      GeoSite: 'the runtime',
      sql: 'kysely',
      it: 'vitest',
    });
    expect(identifiersOf(texts)).toContainEqual({
      prefix: '',
      key: 'registryCamel',
      suffix: 'Factory',
    });
  });
});
