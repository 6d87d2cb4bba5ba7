import { describe, expect, it } from 'vitest';
import { InvalidNameError, InvalidTableNameError } from '../../src/naming/errors.ts';
import { checkName, names } from '../../src/naming/names.ts';
import { guessPlural } from '../../src/naming/plural.ts';

describe('names()', () => {
  it.each([
    'CoolWidget',
    'cool_widget',
    'cool-widget',
    'Cool Widget',
    'coolWidget',
    ' COOL_WIDGET ',
  ])('reads %j as the same data type', (input) => {
    expect(names(input)).toEqual(names('CoolWidget'));
  });

  it('gives every spelling of the CoolWidget template', () => {
    expect(names('CoolWidget')).toEqual({
      name: 'cool_widget',
      className: 'CoolWidget',
      title: 'Cool Widget',
      humanName: 'cool widget',
      snakeName: 'cool_widget',
      camelName: 'coolWidget',
      fileName: 'cool-widget',
      constantName: 'COOL_WIDGET',
      article: 'a',
      humanNameWithArticle: 'a cool widget',
      classNamePlural: 'CoolWidgets',
      titlePlural: 'Cool Widgets',
      humanNamePlural: 'cool widgets',
      snakeNamePlural: 'cool_widgets',
      camelNamePlural: 'coolWidgets',
      fileNamePlural: 'cool-widgets',
      constantNamePlural: 'COOL_WIDGETS',
      tableName: 'cool_widgets',
      foreignKey: 'cool_widget_id',
      foreignKeyCamel: 'coolWidgetId',
      uploaderClass: 'CoolWidgetUploader',
      uploaderFileName: 'cool-widget-uploader',
      replicatorClass: 'CoolWidgetReplicator',
      replicatorFileName: 'cool-widget-replicator',
      featureFlag: 'geo_cool_widget_replication',
      registryTable: 'cool_widget_registry',
      registryClass: 'CoolWidgetRegistry',
      registryCamel: 'coolWidgetRegistry',
      registryFileName: 'cool-widget-registry',
      registryFactory: 'geo_cool_widget_registry',
      registriesField: 'coolWidgetRegistries',
      registriesSnake: 'cool_widget_registries',
      registryTypeClass: 'CoolWidgetRegistryType',
      registriesResolverClass: 'CoolWidgetRegistriesResolver',
      registryFinderClass: 'CoolWidgetRegistryFinder',
      statesTable: 'cool_widget_states',
      stateClass: 'CoolWidgetState',
      stateFileName: 'cool-widget-state',
      stateCamel: 'coolWidgetState',
    });
  });

  it('pluralizes irregular words: Person is stored in people, tracked in person_registry', () => {
    const person = names('Person');
    expect(person).toMatchObject({
      tableName: 'people',
      classNamePlural: 'People',
      camelNamePlural: 'people',
      fileNamePlural: 'people',
      registryTable: 'person_registry',
      registriesField: 'personRegistries',
      statesTable: 'person_states',
    });
  });

  it('pluralizes only the last word of a multi-word name', () => {
    expect(names('PackageFile').tableName).toBe('package_files');
    expect(names('child_record').tableName).toBe('child_records');
    expect(names('record child').tableName).toBe('record_children');
  });

  it('takes --plural in any case, for the whole name', () => {
    const person = names('Person', { plural: 'persons' });
    expect(person.tableName).toBe('persons');
    expect(person.classNamePlural).toBe('Persons');
    expect(names('CoolWidget', { plural: 'cool-widgetry' }).titlePlural).toBe('Cool Widgetry');
    // Only the plural changes; the registry stays named after the singular.
    expect(person.registryTable).toBe('person_registry');
  });

  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['cool.widget', 'it contains "."'],
    ['../widget', 'it contains ".", "/"'],
    ['Widget$', 'it contains "$"'],
    ['Café', 'it contains "é"'],
    ['3dModel', 'must start with a letter'],
    ['___', 'it has no letters'],
  ])('refuses %j: %s', (input, reason) => {
    expect(() => names(input)).toThrow(InvalidNameError);
    expect(() => names(input)).toThrow(reason);
  });

  it.each([
    ['class', 'reserved word'],
    ['Delete', 'reserved word'],
    ['interface', 'reserved word'],
    ['await', 'reserved word'],
    ['promise', 'would shadow the built-in `Promise`'],
    ['String', 'would shadow the built-in `String`'],
  ])('refuses the reserved word %j', (input, reason) => {
    expect(() => names(input)).toThrow(reason);
  });

  it('accepts names that merely contain a reserved word', () => {
    expect(names('ClassRoom').camelName).toBe('classRoom');
    expect(names('new_widget').className).toBe('NewWidget');
  });

  it('refuses a name whose plural is the singular unless --plural tells it apart', () => {
    expect(() => names('Sheep')).toThrow('pass --plural');
    expect(names('Sheep', { plural: 'SheepFlock' }).tableName).toBe('sheep_flock');
    expect(() => names('Sheep', { plural: 'sheep' })).toThrow('it is the same as the singular');
  });

  it('explains a refused --plural as a plural, not as the name', () => {
    const error = catchError(() => names('Widget', { plural: 'widget.s' }));
    expect(error).toBeInstanceOf(InvalidNameError);
    expect(error).toMatchObject({ role: 'plural', input: 'widget.s' });
    expect(String(error)).toContain('as the plural');
    expect(() => names('Widget', { plural: 'delete' })).toThrow('reserved word');
  });

  it.each([
    ['Registry', '`Registry`, which shadows the `Registry` it imports from the runtime'],
    ['GeoSite', '`GeoSite`, which shadows the `GeoSite` it imports from the runtime'],
    ['Uploader', '`Uploader`, which shadows the `Uploader` it imports from the runtime'],
    ['Blob', '`BlobReplicator`, which shadows the `BlobReplicator` it imports from the runtime'],
    ['Framework', '`FrameworkRegistryFinder`, which shadows'],
    ['Project', '`projectFactory`, which shadows the `projectFactory` it imports from the runtime'],
    ['sql', '`sql`, which shadows the `sql` it imports from kysely'],
  ])('refuses %j, whose generated code would shadow what it imports', (input, reason) => {
    expect(() => names(input)).toThrow(InvalidNameError);
    expect(() => names(input)).toThrow(`the generated code would declare ${reason}`);
    // Asked on a terminal, the name alone is refused before the other questions.
    expect(() => checkName(input)).toThrow(reason);
  });

  it('accepts names that merely contain an imported one', () => {
    expect(names('RegistryEntry').registryClass).toBe('RegistryEntryRegistry');
    expect(names('GeoSiteLink').className).toBe('GeoSiteLink');
  });

  it('keeps every SQL identifier of a long name within 63 bytes, and the short ones as they were', () => {
    const long = names('QuarterlyComplianceAuditEvidenceDocumentRetentionPolicyEntry');
    for (const key of ['tableName', 'registryTable', 'statesTable', 'foreignKey'] as const) {
      expect(long[key].length, key).toBeLessThanOrEqual(63);
      expect(long[key]).toMatch(
        /^quarterly_compliance_audit_evidence_document_[a-z_]*[0-9a-f]{8}$/,
      );
    }
    expect(names('CoolWidget')).toMatchObject({
      tableName: 'cool_widgets',
      registryTable: 'cool_widget_registry',
      statesTable: 'cool_widget_states',
      foreignKey: 'cool_widget_id',
    });
  });

  it('takes the table of --table for the model only: the registry and foreign key follow the name', () => {
    const artifact = names('JobArtifact', { table: 'ci_job_artifacts' });
    expect(artifact).toMatchObject({
      tableName: 'ci_job_artifacts',
      registryTable: 'job_artifact_registry',
      foreignKey: 'job_artifact_id',
      statesTable: 'job_artifact_states',
    });
    expect(() => names('JobArtifact', { table: 'ci-job-artifacts' })).toThrow(
      InvalidTableNameError,
    );
  });

  it.each([
    ['Upload', 'an upload'],
    ['User', 'a user'],
    ['SSHKey', 'an ssh key'],
    ['ssh_key', 'an ssh key'],
    ['LfsObject', 'an lfs object'],
    ['LFSObject', 'an lfs object'],
    ['UPLOAD_FILE', 'an upload file'],
    ['HourlyReport', 'an hourly report'],
    ['UnicornPicture', 'a unicorn picture'],
  ])('gives %s the article of its sound: %s', (input, expected) => {
    expect(names(input).humanNameWithArticle).toBe(expected);
  });

  it('tells the user what to type instead', () => {
    expect(() => names('cool.widget')).toThrow('e.g. CoolWidget, cool_widget');
  });
});

describe('guessPlural()', () => {
  it.each([
    [['widget'], 'regular', 'widgets'],
    [['package', 'file'], 'regular', 'package files'],
    [['person'], 'irregular', 'people'],
    [['status'], 'irregular', 'statuses'],
    [['data'], 'uncertain', 'data'],
    [['news'], 'uncertain', 'news'],
  ] as const)('%j is %s: %s', (words, kind, plural) => {
    const guess = guessPlural(words);
    expect(guess.kind).toBe(kind);
    expect(guess.words.join(' ')).toBe(plural);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
