import { randomBytes } from 'node:crypto';
import type { Database } from './database';

// Test helpers shared by every domain's contract cases and row builders
// (`<domain>/<domain>.fixtures.ts`).

/** A random lowercase hex string of `bytes` bytes. */
export function randomHex(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/** Opens a Database for one test; the test closes it. Each call may share storage with others. */
export type OpenDatabase = () => Promise<Database>;

/** Runs `fn` with a freshly opened Database and always closes it. */
export async function withDatabase<T>(
  open: OpenDatabase,
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
