import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { Database } from '../database';
import { newAccountRow, type AccountRow } from './accounts.store';
import type { MfaTicketRow } from './mfa-tickets.store';
import type { SessionRow } from './sessions.store';
import { newUserRow, type UserRow } from './users.store';

// Row builders for tests: every call gets fresh ids, e-mails, names and token hashes, so cases
// can share one database without colliding.

/** A random lowercase hex string of `bytes` bytes. */
export function randomHex(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/** A verified account with no MFA. */
export function accountRow(overrides: Partial<AccountRow> = {}): AccountRow {
  const local = `user.${randomHex(6)}`;
  return newAccountRow({
    id: ulid(),
    email: `${local}@example.com`,
    emailNormalised: `${local.replaceAll('.', '')}@example.com`,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    createdAt: Date.now(),
    ...overrides,
  });
}

/** A session of `userId` without a push subscription. */
export function sessionRow(userId: string, overrides: Partial<SessionRow> = {}): SessionRow {
  const now = Date.now();
  return {
    id: ulid(),
    userId,
    tokenHash: randomHex(32),
    name: 'Unknown',
    lastSeen: now,
    origin: null,
    subscription: null,
    createdAt: now,
    ...overrides,
  };
}

/** A fresh, unvalidated MFA ticket of `accountId`. */
export function mfaTicketRow(
  accountId: string,
  overrides: Partial<MfaTicketRow> = {},
): MfaTicketRow {
  return {
    id: ulid(),
    accountId,
    tokenHash: randomHex(32),
    validated: false,
    authorised: false,
    lastTotpCode: null,
    createdAt: Date.now(),
    ...overrides,
  };
}

/** A plain user with a random username and discriminator 0002. */
export function userRow(overrides: Partial<UserRow> = {}): UserRow {
  return newUserRow({
    id: ulid(),
    username: `User_${randomHex(5)}`,
    discriminator: '0002',
    createdAt: Date.now(),
    ...overrides,
  });
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
