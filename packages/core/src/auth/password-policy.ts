import { fail } from '@ermine/result';
import { COMPROMISED_PASSWORDS } from './compromised-passwords';

/** Shortest password accepted, in UTF-8 bytes (Stoat's rule). */
export const MIN_PASSWORD_BYTES = 8;

/**
 * Throws 400 `ShortPassword` below 8 bytes and 400 `CompromisedPassword` for a password from
 * the bundled list of the most common leaked passwords.
 */
export function assertSafePassword(password: string): void {
  if (Buffer.byteLength(password, 'utf8') < MIN_PASSWORD_BYTES) throw fail('ShortPassword');
  if (COMPROMISED_PASSWORDS.has(password)) throw fail('CompromisedPassword');
}
