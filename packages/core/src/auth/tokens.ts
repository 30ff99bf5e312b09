import { createHash, randomBytes } from 'node:crypto';

/** nanoid's default alphabet: 64 URL-safe characters (6 random bits each). */
export const NANOID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A random string of `length` characters from `alphabet`, whose size must be a power of two
 * up to 256 (so masking a random byte picks a character without bias).
 */
export function randomString(length: number, alphabet: string = NANOID_ALPHABET): string {
  const mask = alphabet.length - 1;
  if (alphabet.length > 256 || (alphabet.length & mask) !== 0) {
    throw new Error('alphabet size must be a power of two up to 256');
  }
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte & mask];
  return out;
}

/** A session, bot or ticket token: 64 nanoid characters (384 random bits), like Stoat's. */
export function newToken(): string {
  return randomString(64);
}

/** An e-mailed code (verification, reset, deletion): 32 nanoid characters, like Stoat's. */
export function newEmailToken(): string {
  return randomString(32);
}

/** What is stored instead of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
