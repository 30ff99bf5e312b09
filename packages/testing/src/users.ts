/** Users for route tests, made through the real HTTP routes (`signUp`, then onboard). */
import type { Database, UserRow } from '@ermine/database';
import { userRow } from '@ermine/database/users/users.fixtures';
import { newId } from '@ermine/models/ids';
import type { User } from '@ermine/models/user';
import { signUp, type TestStack } from './stack';

/** A logged-in, onboarded user. */
export interface TestUser {
  token: string;
  user: User;
  email: string;
  password: string;
}

let counter = 0;

function expectStatus(what: string, status: number, expected: number, body: unknown): void {
  if (status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${status} ${JSON.stringify(body)}`);
  }
}

/** Registers, logs in and onboards a user called `username` (default: a fresh name). */
export async function createTestUser(stack: TestStack, username?: string): Promise<TestUser> {
  const account = await signUp(stack);
  const name = username ?? `user${++counter}`;
  const onboard = await stack.request<User>('POST', '/onboard/complete', {
    token: account.token,
    body: { username: name },
  });
  expectStatus('onboard', onboard.status, 200, onboard.body);
  return {
    token: account.token,
    user: onboard.body,
    email: account.email,
    password: account.password,
  };
}

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
