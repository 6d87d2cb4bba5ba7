import { describe, expect, it } from 'vitest';
import { itBehavesLikeAGeoRegistryType } from 'geo-runtime/testing';
import { PackageFileRegistryType } from './package-file-registry-type.ts';

describe('PackageFileRegistryType', () => {
  itBehavesLikeAGeoRegistryType(PackageFileRegistryType);

  it('has the expected fields (other than those every registry type has)', () => {
    expect(Object.keys(PackageFileRegistryType.getFields())).toEqual(
      expect.arrayContaining(['packageFileId']),
    );
  });
});
