import { describe, expect, it } from 'vitest';
import { itBehavesLikeAGeoRegistryType } from 'geo-runtime/testing';
import { ProjectRepositoryRegistryType } from './project-repository-registry-type.ts';

describe('ProjectRepositoryRegistryType', () => {
  itBehavesLikeAGeoRegistryType(ProjectRepositoryRegistryType);

  it('has the expected fields (other than those every registry type has)', () => {
    expect(Object.keys(ProjectRepositoryRegistryType.getFields())).toEqual(
      expect.arrayContaining(['projectRepositoryId']),
    );
  });
});
