import { describe, expect, it } from 'vitest';
import { itBehavesLikeAGeoRegistryType } from '../../../src/testing/shared/graphql-examples.ts';
import { PackageFileRegistryType } from './package-file-registry-type.ts';

describe('PackageFileRegistryType', () => {
  itBehavesLikeAGeoRegistryType(PackageFileRegistryType);

  it('has the expected fields (other than those every registry type has)', () => {
    expect(Object.keys(PackageFileRegistryType.getFields())).toEqual(
      expect.arrayContaining(['packageFileId']),
    );
  });
});
