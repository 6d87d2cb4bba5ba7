import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** How much of a file one read takes: large blobs need no more memory than this. */
const READ_SIZE = 64 * 1024;

/**
 * SHA256 of a file, as lowercase hex. Reads into one buffer and hashes each read: a small file
 * costs an open, one read and a close (a read stream adds its own machinery, which costs more
 * than hashing 4 KiB), and a large one never needs more memory than the buffer.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, READ_SIZE, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** Checksums are stored as `bytea` and handled as hex everywhere else. */
export function checksumToBytes(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})+$/i.test(hex)) throw new Error(`Not a hex checksum: ${JSON.stringify(hex)}`);
  return Buffer.from(hex, 'hex');
}

export function checksumFromBytes(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('hex');
}
