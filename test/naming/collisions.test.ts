import { describe, expect, it } from 'vitest';
import { NameCollisionError } from '../../src/naming/errors.ts';
import {
  findCollisions,
  refuseCollisions,
  type ExistingNames,
} from '../../src/naming/collisions.ts';
import { names } from '../../src/naming/names.ts';

const host: ExistingNames = {
  replicators: ['PackageFileReplicator'],
  registryTables: ['package_file_registry', 'cool_widget_registry'],
  tables: ['package_files', 'people', 'person_states'],
};
const createsNothing = { modelTable: false, statesTable: false };

describe('refuseCollisions()', () => {
  it('lets a new data type through', () => {
    expect(() => refuseCollisions(names('CoolGadget'), host, createsNothing)).not.toThrow();
  });

  it('refuses a data type that is already replicated, naming what collides', () => {
    expect(findCollisions(names('package_file'), host, createsNothing)).toEqual([
      'a replicator PackageFileReplicator',
      'a registry table package_file_registry',
    ]);
    expect(() => refuseCollisions(names('PackageFile'), host, createsNothing)).toThrow(
      NameCollisionError,
    );
    expect(() => refuseCollisions(names('PackageFile'), host, createsNothing)).toThrow(
      'the host already has a replicator PackageFileReplicator; a registry table package_file_registry',
    );
  });

  it('refuses a leftover registry table even without a replicator', () => {
    expect(() => refuseCollisions(names('CoolWidget'), host, createsNothing)).toThrow(
      'a registry table cool_widget_registry',
    );
  });

  it('checks main-database tables only when the run would create them', () => {
    const person = names('Person');
    expect(findCollisions(person, host, createsNothing)).toEqual([]);
    expect(findCollisions(person, host, { modelTable: true, statesTable: true })).toEqual([
      'a table people',
      'a table person_states',
    ]);
  });
});
