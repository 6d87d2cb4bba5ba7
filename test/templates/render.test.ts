import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { names } from '../../src/naming/names.ts';
import { TemplateError } from '../../src/templates/errors.ts';
import { renderTemplates } from '../../src/templates/render.ts';
import { Tree } from '../../src/tree/tree.ts';
import { FIXTURE_TEMPLATES, fixtureHost, tempDir } from '../support/host.ts';

const NOW = new Date(Date.UTC(2031, 5, 15, 12, 0, 0));

/** A template folder holding `files` (path → contents), in a temp dir. */
async function templates(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('geo-gen-templates-');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

async function render(
  source: string,
  input = 'CoolWidget',
  data: Record<string, unknown> = { runtimePackage: 'geo-runtime' },
) {
  const tree = new Tree(await fixtureHost());
  const created = await renderTemplates(tree, { source, names: names(input), data, now: NOW });
  return { tree, created };
}

async function renderError(files: Record<string, string>): Promise<TemplateError> {
  const source = await templates(files);
  const error: unknown = await render(source).catch((caught: unknown) => caught);
  if (!(error instanceof TemplateError))
    throw new Error(`expected a TemplateError, got ${String(error)}`);
  return error;
}

describe('renderTemplates', () => {
  it('renders .ejs files with the names, replacing path tokens and dropping the suffix', async () => {
    const { tree, created } = await render(join(FIXTURE_TEMPLATES, 'common', 'files'), 'Person');
    expect(created).toEqual([
      'app/models/person.ts',
      'assets/person.png',
      'db/geo/migrate/20310615120000_create_person_registry.ts',
    ]);
    expect(tree.read('app/models/person.ts')).toContain(
      'export class Person {\n  static readonly table = "people";',
    );
  });

  it('gives templates the extra data, such as the host config', async () => {
    const { tree } = await render(join(FIXTURE_TEMPLATES, 'common', 'files'), 'CoolWidget', {
      runtimePackage: 'my-geo',
    });
    expect(tree.read('app/models/cool-widget.ts')).toContain('static readonly runtime = "my-geo";');
  });

  it('copies other files byte for byte, binary included', async () => {
    const { tree } = await render(join(FIXTURE_TEMPLATES, 'common', 'files'));
    expect(tree.readBuffer('assets/cool-widget.png')).toEqual(
      Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01', 'latin1'),
    );
  });

  it('dates migrations after the newest existing one, in the order of their timestamp tokens', async () => {
    // The fixture host's newest main-database migration is dated 2040-01-01, ahead of the clock.
    const { created } = await render(join(FIXTURE_TEMPLATES, 'common', 'verification-inline'));
    expect(created).toEqual([
      'db/migrate/20400101000002_add_verification_indexes_to_cool_widgets.ts',
      'db/migrate/20400101000001_add_verification_state_to_cool_widgets.ts',
    ]);
  });

  it('renders nothing from a folder that does not exist', async () => {
    const { tree, created } = await render(join(FIXTURE_TEMPLATES, 'repository'));
    expect(created).toEqual([]);
    expect(tree.changes()).toEqual([]);
  });

  it('keeps conventional folders such as __tests__', async () => {
    const source = await templates({ '__tests__/__fileName__.test.ts.ejs': 'export {};\n' });
    expect((await render(source)).created).toEqual(['__tests__/cool-widget.test.ts']);
  });

  describe('errors name the template file and line', () => {
    it('a value that does not exist', async () => {
      const error = await renderError({
        'model.ts.ejs':
          'line 1\n<% if (true) { %>\nexport const x = "<%= names.classNme %>";\n<% } %>\n',
      });
      expect(error.template).toMatch(/model\.ts\.ejs$/);
      expect(error.line).toBe(3);
      expect(error.message).toMatch(/model\.ts\.ejs:3: a <%= %> tag printed undefined/);
      expect(error.message).toContain(' >> 3| export const x = "<%= names.classNme %>";');
    });

    it('a variable that is not defined', async () => {
      const error = await renderError({ 'a.ts.ejs': '\n\n\n<%= strategyy %>\n' });
      expect(error.line).toBe(4);
      expect(error.message).toContain('strategyy is not defined');
    });

    it('a JavaScript syntax error inside a tag', async () => {
      const error = await renderError({
        'b.ts.ejs': 'line 1\nline 2\n<% if (true { %>\nline 4\n<% } %>\n',
      });
      expect(error.line).toBe(3);
      expect(error.message).toMatch(/b\.ts\.ejs:3: Unexpected token/);
    });

    it('a tag that is never closed', async () => {
      const error = await renderError({
        'c.ts.ejs': 'line 1\n<%= names.className %>\n<%= names.title \nline 4\n',
      });
      expect(error.line).toBe(3);
      expect(error.message).toContain('Could not find matching close tag for "<%=".');
    });

    it('an unknown path token', async () => {
      const error = await renderError({ 'app/__fileNmae__.ts.ejs': 'x\n' });
      expect(error.template).toMatch(/app\/__fileNmae__\.ts\.ejs$/);
      expect(error.message).toContain(
        'unknown path token __fileNmae__; known tokens are __name__, __className__',
      );
    });
  });
});
