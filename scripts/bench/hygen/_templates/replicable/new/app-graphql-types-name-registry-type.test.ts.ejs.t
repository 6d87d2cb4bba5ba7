---
to: app/graphql/types/<%= h.changeCase.paramCase(name) %>-registry-type.test.ts
---
import { describe, expect, it } from 'vitest';
import { itBehavesLikeAGeoRegistryType } from 'geo-runtime/testing';
import { <%= name %>RegistryType } from './<%= h.changeCase.paramCase(name) %>-registry-type.ts';

describe('<%= name %>RegistryType', () => {
  itBehavesLikeAGeoRegistryType(<%= name %>RegistryType);

  it('has the expected fields (other than those every registry type has)', () => {
    expect(Object.keys(<%= name %>RegistryType.getFields())).toEqual(
      expect.arrayContaining(['<%= h.changeCase.camelCase(name) %>Id']),
    );
  });
});
