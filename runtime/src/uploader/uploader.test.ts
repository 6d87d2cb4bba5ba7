import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FILE_STORES,
  resolveBlobPath,
  UnsafeBlobPathError,
  Uploader,
  type UploadedFileColumns,
} from './uploader.ts';

class WidgetUploader extends Uploader {
  storeDir(): string {
    return `widgets/${this.record.id}`;
  }
}

describe('Uploader', () => {
  let root: string;
  const record = (file: string | null, store: number = FILE_STORES.local): UploadedFileColumns => ({
    id: 7,
    file,
    file_store: store,
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'uploads-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores, opens and deletes a file under its store dir', async () => {
    const uploader = new WidgetUploader(root, record('a.bin'));
    expect(await uploader.exists()).toBe(false);
    expect(await uploader.store('hello')).toEqual({ file: 'a.bin', size: 5 });
    expect(uploader.relativePath).toBe('widgets/7/a.bin');
    expect(uploader.path).toBe(join(root, 'widgets/7/a.bin'));
    expect(await uploader.exists()).toBe(true);
    expect(await text(uploader.open())).toBe('hello');
    await uploader.delete();
    expect(await uploader.exists()).toBe(false);
  });

  it('stores a stream', async () => {
    const uploader = new WidgetUploader(root, record('s.bin'));
    await uploader.store(Readable.from(['a', 'b', 'c']));
    expect(await readFile(uploader.path as string, 'utf8')).toBe('abc');
  });

  it('leaves no partial file when a stream fails', async () => {
    const uploader = new WidgetUploader(root, record('broken.bin'));
    const failing = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(uploader.store(failing)).rejects.toThrow('connection reset');
    expect(await uploader.exists()).toBe(false);
  });

  it('knows local from remote storage, and a record without a file', () => {
    expect(new WidgetUploader(root, record('x')).local).toBe(true);
    expect(new WidgetUploader(root, record('x', FILE_STORES.remote)).local).toBe(false);
    expect(new WidgetUploader(root, record(null)).path).toBeNull();
  });

  it('never resolves a path outside its root', () => {
    for (const path of ['../etc/passwd', '/etc/passwd', 'a/../../b', '', '.']) {
      expect(() => resolveBlobPath(root, path)).toThrow(UnsafeBlobPathError);
    }
    expect(resolveBlobPath(root, 'a/../b')).toBe(join(root, 'b'));
    expect(() => new WidgetUploader(root, record('../../../escape')).path).toThrow(
      /escapes the uploader's storage root/,
    );
  });
});
