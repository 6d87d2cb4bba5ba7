import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string of `length` letters and digits (unbiased: rejection sampling). */
export function randomToken(length: number): string {
  let token = '';
  while (token.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 · 62: bytes at or above it would favour the first letters.
      if (byte < 248 && token.length < length) token += ALPHABET[byte % ALPHABET.length];
    }
  }
  return token;
}

/** A site's transfer credentials: a public 20-character key and a 40-character secret. */
export function generateAccessKeys(): { accessKey: string; secretAccessKey: string } {
  return { accessKey: randomToken(20), secretAccessKey: randomToken(40) };
}
