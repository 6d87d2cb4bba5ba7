import { defineBlobModelFactory, projectFactory } from 'geo-runtime/testing';
import { PackageFile } from '../models/package-file.ts';

/**
 * Package files with a stored file. Traits: verificationSucceeded(), verificationFailed().
 * Give `project_id` to place one in a project; otherwise it gets a project of its own.
 */
export const packageFileFactory = defineBlobModelFactory<PackageFile>(PackageFile, {
  attributes: (sequence) => ({ file_name: `package-file-${sequence}.bin` }),
  complete: async (site, { project_id, file_name = 'package-file.bin', ...rest }) => ({
    ...rest,
    file_name,
    project_id: project_id ?? (await projectFactory.transient({ site }).create()).id,
  }),
});
