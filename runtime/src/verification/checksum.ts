import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA256 of a file, as lowercase hex. Streams, so large blobs need no memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
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
