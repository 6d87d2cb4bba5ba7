---
to: app/factories/<%= h.changeCase.paramCase(name) %>-factory.ts
---
import { defineBlobModelFactory, projectFactory } from 'geo-runtime/testing';
import { <%= name %> } from '../models/<%= h.changeCase.paramCase(name) %>.ts';

/**
 * <%= h.changeCase.sentenceCase(name) %>s with a stored file. Traits: verificationSucceeded(), verificationFailed().
 * Give `project_id` to place one in a project; otherwise it gets a project of its own.
 */
export const <%= h.changeCase.camelCase(name) %>Factory = defineBlobModelFactory<<%= name %>>(<%= name %>, {
  attributes: (sequence) => ({ file_name: `<%= h.changeCase.paramCase(name) %>-${sequence}.bin` }),
  complete: async (site, { project_id, file_name = '<%= h.changeCase.paramCase(name) %>.bin', ...rest }) => ({
    ...rest,
    file_name,
    project_id: project_id ?? (await projectFactory.transient({ site }).create()).id,
  }),
});
