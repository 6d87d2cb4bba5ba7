import { describe, expect, it } from 'vitest';
import { nearestNames } from './nearest-names.ts';

const FLAGS = [
  'geo_package_file_replication',
  'geo_project_repository_replication',
  'geo_project_wiki_repository_replication',
];

describe('nearestNames', () => {
  it.each([
    ['a typo', 'geo_package_file_replicaton', ['geo_package_file_replication']],
    ['dashes and capitals', 'GEO-PACKAGE-FILE-REPLICATION', ['geo_package_file_replication']],
    ['a part of a name', 'package_file', ['geo_package_file_replication']],
    [
      'a part of several, nearest first',
      'repository_replication',
      ['geo_project_repository_replication', 'geo_project_wiki_repository_replication'],
    ],
    ['nothing near', 'dark_mode', []],
    ['a few letters, which every name contains', 'geo', []],
    ['nothing', ' ', []],
  ])('finds the names near %s', (_case, given, near) => {
    expect(nearestNames(given, FLAGS)).toEqual(near);
  });

  it('gives at most the limit', () => {
    expect(nearestNames('replication', FLAGS, 2)).toHaveLength(2);
  });
});
