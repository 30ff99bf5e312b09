import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A LiveKit-style id: `prefix` followed by 12 random base62 characters (RM_, PA_, TR_A, TR_V, EV_). */
export function newSid(prefix: string): string {
  const bytes = randomBytes(12);
  let out = prefix;
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}
