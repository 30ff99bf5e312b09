/** Rows stored directly (no HTTP): users and logged-in accounts for core and package tests. */
import type { AccountRow, Database, UserRow } from '@ermine/database';
import { accountRow } from '@ermine/database/accounts/accounts.fixtures';
import { userRow } from '@ermine/database/users/users.fixtures';
import { newId } from '@ermine/models/ids';
import type { CoreDeps } from '@ermine/core';
import { hashPassword } from '@ermine/core/auth/password';
import { createSession } from '@ermine/core/sessions/session-create';

let seeded = 0;

/**
 * Stores a user row directly (no account, no HTTP): for tests that need bots, privileged users
 * or a chosen creation time. `createdAt` sets the time inside the generated id too.
 */
export async function seedUser(db: Database, patch: Partial<UserRow> = {}): Promise<UserRow> {
  seeded += 1;
  const createdAt = patch.createdAt ?? Date.now();
  const row = userRow({ id: newId(createdAt), username: `seeded${seeded}`, createdAt, ...patch });
  await db.users.create(row);
  return row;
}

/** The password of every seeded account. */
export const SEEDED_PASSWORD = 'a perfectly fine password';

let passwordHash: Promise<string> | null = null;

/**
 * Stores an account directly (verified, no MFA unless `patch` says otherwise) whose password
 * is SEEDED_PASSWORD; returns the stored row.
 */
export async function seedAccount(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  patch: Partial<AccountRow> = {},
): Promise<AccountRow> {
  passwordHash ??= hashPassword(SEEDED_PASSWORD);
  const row = accountRow({
    createdAt: deps.clock.now(),
    passwordHash: await passwordHash,
    ...patch,
  });
  await deps.db.accounts.create(row);
  return row;
}

/** A verified account (no user yet) and a session of it, as a login would leave them. */
export interface SeededSession {
  accountId: string;
  sessionId: string;
  token: string;
}

/** Stores a verified account and opens a session for it through the core. */
export async function seedSession(deps: CoreDeps): Promise<SeededSession> {
  const account = accountRow({ createdAt: deps.clock.now() });
  await deps.db.accounts.create(account);
  const { row, token } = await createSession(deps, account.id, 'test');
  return { accountId: account.id, sessionId: row.id, token };
}
