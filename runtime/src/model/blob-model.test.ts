import { access } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { PackageFile } from '../../app/models/package-file.ts';
import { projectFactory } from '../testing/factories.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { eventsOf } from '../testing/shared/inspect.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { FILE_STORES } from '../uploader/uploader.ts';

describeOnEachEngine('BlobModel', (databases) => {
  const geo = useGeoSites(databases);

  it('creates the row, its file and its created event together', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    const packageFile = await packageFileFactory
      .transient({ site: geo.primary })
      .create({ fileContent: 'tgz' });
    expect(packageFile.row).toMatchObject({
      file: expect.stringMatching(/^file-\d+\.bin$/),
      size: 3,
      file_store: FILE_STORES.local,
    });
    expect(await packageFile.file.exists()).toBe(true);
    expect((await eventsOf(geo.primary)).map((event) => event.event_name)).toEqual(['created']);
  });

  it('leaves neither row nor file behind when the insert fails', async () => {
    await expect(
      PackageFile.create(
        geo.primary,
        { project_id: 999_999, file_name: 'orphan.tgz' },
        { name: 'orphan.tgz', content: 'x' },
      ),
    ).rejects.toThrow(/foreign key/);
    expect(await databases.main.selectFrom('package_files').selectAll().execute()).toEqual([]);
    await expect(access(`${geo.primary.storageRoot}/package_files/1/orphan.tgz`)).rejects.toThrow();
  });

  it('cannot be created through a secondary', async () => {
    const project = await projectFactory.transient({ site: geo.primary }).create();
    await expect(
      PackageFile.create(
        geo.secondary,
        { project_id: project.id, file_name: 'a.tgz' },
        { name: 'a.tgz', content: 'x' },
      ),
    ).rejects.toThrow(/this site is a Geo secondary/);
  });

  it('has factory traits for the primary verification state', async () => {
    const succeeded = await packageFileFactory
      .transient({ site: geo.primary })
      .verificationSucceeded()
      .create();
    expect(succeeded.row.verification_state).toBe(2);
    const failed = await packageFileFactory
      .transient({ site: geo.primary })
      .verificationFailed()
      .create();
    expect(failed.row).toMatchObject({
      verification_state: 3,
      verification_failure: 'Could not calculate the checksum',
    });
  });
});
