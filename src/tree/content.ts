/** File contents as the Tree holds them: bytes, so binary template files pass through untouched. */
export type Content = string | Uint8Array;

export function toBuffer(content: Content): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

/** Heuristic used by git as well: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(content: Uint8Array): boolean {
  return content.subarray(0, 8000).includes(0);
}
