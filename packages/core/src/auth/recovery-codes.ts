import { randomString } from './tokens';

/** Stoat's recovery-code alphabet: 32 characters, no i, l, o or u. */
export const RECOVERY_ALPHABET = '1234567890abcdefghjkmnpqrstvwxyz';

/** Ten fresh recovery codes of the form `xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from(
    { length: 10 },
    () => `${randomString(5, RECOVERY_ALPHABET)}-${randomString(5, RECOVERY_ALPHABET)}`,
  );
}
