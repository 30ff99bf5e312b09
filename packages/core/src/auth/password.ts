import type { Algorithm } from '@node-rs/argon2';

// argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane); Stoat hashes with the same
// parameters, so hashes imported from Stoat verify as they are.
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

// The native library is loaded by the first password check, not by a server nobody signs in to.
let argon2: Promise<typeof import('@node-rs/argon2')> | null = null;
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'));

/** Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`). */
export async function hashPassword(password: string): Promise<string> {
  return (await loadArgon2()).hash(password, OPTIONS);
}

/**
 * True when `password` matches `encoded`. Accepts any argon2 PHC string (argon2i, argon2d,
 * argon2id, any parameters: Stoat's stored hashes included); a malformed hash is a mismatch.
 */
export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  const { verify } = await loadArgon2();
  try {
    return await verify(encoded, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | null = null;

/**
 * Spends the same time as a real password check against nothing, so that an unknown e-mail
 * answers as slowly as a wrong password.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword('ermine decoy password');
  await verifyPassword(await decoy, password);
}
