import { describe, expect, it } from 'vitest';
import { normalizeReplicableOptions } from '../../src/commands/replicable/normalize.ts';
import type { GivenReplicableOptions } from '../../src/commands/replicable/options.ts';
import { CancelledError, MissingOptionsError, RefusedError } from '../../src/errors.ts';
import { CANCEL, scriptedPrompts } from '../support/scripted-prompts.ts';

function normalize(
  given: GivenReplicableOptions,
  interactive: boolean,
  answers: readonly (string | typeof CANCEL)[] = [],
) {
  const prompts = scriptedPrompts(answers);
  const notes: string[] = [];
  const result = normalizeReplicableOptions(given, {
    interactive,
    prompts,
    warn: (message) => notes.push(message),
  });
  return { result, prompts, notes };
}

describe('on a terminal, what was not given is asked', () => {
  it('asks for the name and the strategy, with the suggestion shown', async () => {
    const { result, prompts } = normalize({}, true, ['CoolWidget', '']);
    const { options, names } = await result;
    expect(prompts.asked.map((question) => [question.message, question.default])).toEqual([
      ['Which model should Geo replicate? (e.g. CoolWidget)', undefined],
      ['How is the data stored?', 'blob'],
    ]);
    expect(options).toMatchObject({
      name: 'CoolWidget',
      strategy: 'blob',
      verificationTable: 'inline',
    });
    expect(names.registryTable).toBe('cool_widget_registry');
  });

  it('offers both strategies, each with what it stores', async () => {
    const { result, prompts } = normalize({ name: 'CoolWidget' }, true, ['blob']);
    await result;
    expect(prompts.asked[0]?.choices).toEqual([
      { value: 'blob', description: 'files written by an uploader', disabled: undefined },
      { value: 'repository', description: 'git repositories', disabled: undefined },
    ]);
  });

  it('never asks for an option that has a default: --verification-table is inline unless given', async () => {
    const defaulted = normalize({ name: 'CoolWidget', strategy: 'blob' }, true);
    expect((await defaulted.result).options.verificationTable).toBe('inline');
    const given = normalize(
      { name: 'CoolWidget', strategy: 'blob', verificationTable: 'separate' },
      true,
    );
    expect((await given.result).options.verificationTable).toBe('separate');
    expect([...defaulted.prompts.asked, ...given.prompts.asked]).toEqual([]);
  });

  it("never asks for the owner (a project unless given) or the table (the name's unless given)", async () => {
    const defaulted = normalize({ name: 'JobArtifact', strategy: 'blob' }, true);
    const { options, names } = await defaulted.result;
    expect([options.owner, options.table, names.tableName]).toEqual([
      'project',
      undefined,
      'job_artifacts',
    ]);
    const given = normalize(
      { name: 'JobArtifact', strategy: 'blob', owner: 'namespace', table: 'ci_job_artifacts' },
      true,
    );
    const resolved = await given.result;
    expect([resolved.options.owner, resolved.names.tableName]).toEqual([
      'namespace',
      'ci_job_artifacts',
    ]);
    expect([...defaulted.prompts.asked, ...given.prompts.asked]).toEqual([]);
  });

  it('asks nothing that was given', async () => {
    const given = { name: 'CoolWidget', strategy: 'blob', verificationTable: 'separate' } as const;
    const { result, prompts } = normalize(given, true);
    expect((await result).options).toMatchObject(given);
    expect(prompts.asked).toEqual([]);
  });

  it('re-asks a refused name with the reason', async () => {
    const { result, prompts } = normalize({ strategy: 'blob' }, true, [
      'class',
      'cool.widget',
      'CoolWidget',
    ]);
    expect((await result).names.className).toBe('CoolWidget');
    expect(prompts.asked[0]?.rejected).toEqual([
      {
        answer: 'class',
        message: expect.stringContaining('`class` is a JavaScript/TypeScript reserved word'),
      },
      { answer: 'cool.widget', message: expect.stringContaining('it contains "."') },
    ]);
  });

  it('asks for the plural of an irregular name, suggesting pluralize', async () => {
    const { result, prompts } = normalize({ name: 'Person', strategy: 'blob' }, true, ['']);
    expect(prompts.asked[0]).toMatchObject({
      message: 'Plural of Person? (pluralize gives "people" rather than adding "s")',
      default: 'People',
    });
    expect((await result).names.tableName).toBe('people');
  });

  it('asks for the plural of a word that already looks plural, refusing the singular', async () => {
    const { result, prompts } = normalize({ name: 'Sheep', strategy: 'blob' }, true, [
      '',
      'SheepFlocks',
    ]);
    expect((await result).names.tableName).toBe('sheep_flocks');
    expect(prompts.asked[0]?.rejected[0]?.message).toContain('it is the same as the singular');
  });

  it('does not ask for a regular plural, nor for a given one', async () => {
    const regular = normalize({ name: 'CoolWidget', strategy: 'blob' }, true);
    expect((await regular.result).names.tableName).toBe('cool_widgets');
    const given = normalize({ name: 'Person', plural: 'persons', strategy: 'blob' }, true);
    expect((await given.result).names.tableName).toBe('persons');
    expect([...regular.prompts.asked, ...given.prompts.asked]).toEqual([]);
  });

  it('takes the repository strategy when it is chosen', async () => {
    const { result } = normalize({ name: 'Gizmo' }, true, ['repository']);
    expect((await result).options).toMatchObject({
      strategy: 'repository',
      verificationTable: 'inline',
    });
  });

  it('stops at Ctrl-C with "cancelled, nothing written"', async () => {
    const { result, prompts } = normalize({}, true, ['CoolWidget', CANCEL]);
    await expect(result).rejects.toThrow(CancelledError);
    await expect(result).rejects.toThrow('cancelled, nothing written');
    expect(prompts.asked).toHaveLength(2);
  });
});

describe('without a terminal (or with --yes), nothing is asked', () => {
  it('lists every missing value in one error', async () => {
    const { result, prompts } = normalize({}, false);
    const error: unknown = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingOptionsError);
    expect(error).toMatchObject({ missing: ['<Name> (argument)', '--strategy <blob|repository>'] });
    expect(String(error)).toContain(
      'missing required values: <Name> (argument), --strategy <blob|repository>.',
    );
    expect(prompts.asked).toEqual([]);
  });

  it('lists a plural that cannot be guessed with the other missing values', async () => {
    const { result } = normalize({ name: 'Sheep' }, false);
    await expect(result).rejects.toMatchObject({
      missing: [
        '--strategy <blob|repository>',
        '--plural <word> (the plural of Sheep cannot be guessed)',
      ],
    });
  });

  it('uses the defaults, and says which irregular plural it assumed', async () => {
    const { result, notes } = normalize({ name: 'Person', strategy: 'blob' }, false);
    const { options, names } = await result;
    expect(options).toMatchObject({
      verificationTable: 'inline',
      dryRun: false,
      force: false,
      json: false,
    });
    expect(names.tableName).toBe('people');
    expect(notes).toEqual([expect.stringContaining('using the plural People for Person')]);
  });

  it('refuses a bad name at once, with exit-1 RefusedError', async () => {
    const { result } = normalize({ name: 'in', strategy: 'blob' }, false);
    await expect(result).rejects.toBeInstanceOf(RefusedError);
    await expect(result).rejects.toThrow('`in` is a JavaScript/TypeScript reserved word');
  });

  it('takes --strategy repository like blob', async () => {
    const { result } = normalize({ name: 'Gizmo', strategy: 'repository' }, false);
    expect((await result).options).toMatchObject({
      strategy: 'repository',
      verificationTable: 'inline',
    });
  });
});
